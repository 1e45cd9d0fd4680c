using System.Buffers.Binary;
using System.Net.Sockets;

namespace Composer.Engine.BuildKit;

/// <summary>
/// BuildKit's ssh forwarding (`moby.sshforward.v1.SSH`): a `RUN --mount=type=ssh` step gets a socket
/// inside its container, and every connection to it becomes one `ForwardAgent` call on the session,
/// a stream of `BytesMessage { bytes data = 1 }` both ways carrying the ssh-agent protocol. The id
/// comes in the `buildkit.ssh.id` metadata (none: "default"); `CheckAgent { string ID = 1 }` asks
/// first whether an id is known.
/// As BuildKit's own client, the agent is offered read-only: the build may list keys and ask for
/// signatures, never add, remove or lock keys. An id's agent is an agent's socket, or composer's own
/// agent of keys read from files (<see cref="SshKeyAgent"/>).
/// </summary>
internal static class SshForward
{
    public const string CheckAgentMethod = "/moby.sshforward.v1.SSH/CheckAgent";
    public const string ForwardAgentMethod = "/moby.sshforward.v1.SSH/ForwardAgent";
    public const string DefaultId = "default";
    private const string IdMetadata = "buildkit.ssh.id";

    public static async Task CheckAgentAsync(GrpcCall call, IReadOnlyDictionary<string, SshAgentSource> agents, CancellationToken cancellationToken)
    {
        var asked = await call.ReadMessageAsync(cancellationToken).ConfigureAwait(false) ?? [];
        var id = ProtoReader.Fields(asked).Where(f => f.Number == 1).Select(f => f.Text).FirstOrDefault() is { Length: > 0 } given ? given : DefaultId;
        if (agents.ContainsKey(id))
        {
            await call.WriteMessageAsync(ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false); // CheckAgentResponse {}
            await call.FinishAsync(GrpcStatus.Ok, null, cancellationToken).ConfigureAwait(false);
        }
        else await call.FinishAsync(GrpcStatus.NotFound, UnknownId(id), cancellationToken).ConfigureAwait(false);
    }

    internal static string UnknownId(string id) =>
        $"no ssh agent was given for id \"{id}\" (give one with build.ssh or --ssh, e.g. {id}=$SSH_AUTH_SOCK)";

    /// <summary>One connection of the build to the agent: its requests go to the agent one at a time, each answer comes back.</summary>
    public static async Task ForwardAgentAsync(GrpcCall call, IReadOnlyDictionary<string, SshAgentSource> agents, CancellationToken cancellationToken)
    {
        var id = call.Metadata(IdMetadata).FirstOrDefault() is { Length: > 0 } given ? given : DefaultId;
        if (!agents.TryGetValue(id, out var source))
        {
            await call.FinishAsync(GrpcStatus.NotFound, UnknownId(id), cancellationToken).ConfigureAwait(false);
            return;
        }
        // An agent's socket is dialled per connection, as BuildKit's client does; composer's own agent needs no connection.
        using var socket = source is SshAgentSocket { Path: var socketPath } ? await ConnectAsync(socketPath, cancellationToken).ConfigureAwait(false) : null;
        await using var agent = socket is null ? null : new NetworkStream(socket, ownsSocket: false);

        var requests = new AgentMessageReader();
        while (await call.ReadMessageAsync(cancellationToken).ConfigureAwait(false) is { } message)
        {
            requests.Add(BytesMessageData(message));
            while (requests.TryTake() is { } request)
            {
                byte[] answer;
                if (!AgentMessages.IsReadOnly(request)) answer = AgentMessages.Failure;
                else if (source is SshKeyAgent keys) answer = keys.Answer(request);
                else
                {
                    await agent!.WriteAsync(request, cancellationToken).ConfigureAwait(false);
                    answer = await AgentMessages.ReadOneAsync(agent, cancellationToken).ConfigureAwait(false);
                }
                await call.WriteMessageAsync(BytesMessage(answer), cancellationToken).ConfigureAwait(false);
            }
        }
        await call.FinishAsync(GrpcStatus.Ok, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A connection to the agent listening on <paramref name="path"/>.</summary>
    internal static async Task<Socket> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    internal static byte[] BytesMessage(ReadOnlySpan<byte> data) => new ProtoWriter().Bytes(1, data).ToArray();

    internal static byte[] BytesMessageData(byte[] message) =>
        ProtoReader.Fields(message).Where(f => f.Number == 1).Select(f => f.Bytes.ToArray()).FirstOrDefault() ?? [];
}

/// <summary>The ssh-agent protocol's framing: a 4-byte big-endian length, then the message (its first byte is the type).</summary>
internal static class AgentMessages
{
    /// <summary>OpenSSH's limit on one agent message.</summary>
    public const int MaxLength = 256 * 1024;
    public const byte FailureType = 5, RequestIdentities = 11, IdentitiesAnswer = 12, SignRequest = 13, SignResponse = 14;

    /// <summary>SSH_AGENT_FAILURE, what a refused request gets.</summary>
    public static readonly byte[] Failure = [0, 0, 0, 1, FailureType];

    /// <summary>Listing keys and signing with them: all a build may ask (BuildKit refuses the rest too).</summary>
    public static bool IsReadOnly(byte[] framed) => framed.Length > 4 && framed[4] is RequestIdentities or SignRequest;

    /// <summary>One whole message from the agent, its length prefix included.</summary>
    public static async Task<byte[]> ReadOneAsync(Stream agent, CancellationToken cancellationToken)
    {
        var prefix = new byte[4];
        await agent.ReadExactlyAsync(prefix, cancellationToken).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (length is 0 or > MaxLength) throw new InvalidDataException($"the ssh agent sent a message of {length} bytes");
        var framed = new byte[4 + length];
        prefix.CopyTo(framed, 0);
        await agent.ReadExactlyAsync(framed.AsMemory(4), cancellationToken).ConfigureAwait(false);
        return framed;
    }
}

/// <summary>Cuts the bytes the build sends, however they were chunked, into whole agent messages.</summary>
internal sealed class AgentMessageReader
{
    private readonly MemoryStream _pending = new();

    public void Add(ReadOnlySpan<byte> data)
    {
        _pending.Seek(0, SeekOrigin.End);
        _pending.Write(data);
    }

    /// <summary>The next whole message with its length prefix, or null until more bytes arrive.</summary>
    public byte[]? TryTake()
    {
        var buffered = _pending.GetBuffer().AsSpan(0, (int)_pending.Length);
        if (buffered.Length < 4) return null;
        var length = BinaryPrimitives.ReadUInt32BigEndian(buffered);
        if (length is 0 or > AgentMessages.MaxLength) throw new InvalidDataException($"the build sent an ssh agent message of {length} bytes");
        if (buffered.Length < 4 + length) return null;
        var message = buffered[..(4 + (int)length)].ToArray();
        var rest = buffered[message.Length..].ToArray();
        _pending.SetLength(0);
        _pending.Write(rest);
        return message;
    }
}
