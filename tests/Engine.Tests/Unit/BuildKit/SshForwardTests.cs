using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Composer.Engine.BuildKit;

using static Composer.Engine.Tests.Unit.BuildKit.Http2TestClient;

namespace Composer.Engine.Tests.Unit.BuildKit;

/// <summary>
/// ssh forwarding in the session: the agent protocol's framing however the build chunks it, the
/// read-only filter, the BytesMessage encoding, the methods advertised, the checks on the sources,
/// and one ForwardAgent call driven over HTTP/2 to a stand-in agent on a unix socket.
/// </summary>
public sealed class SshForwardTests
{
    private static byte[] AgentMessage(byte type, params byte[] body)
    {
        var framed = new byte[5 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed, (uint)(1 + body.Length));
        framed[4] = type;
        body.CopyTo(framed, 5);
        return framed;
    }

    [Fact]
    public void Agent_messages_are_cut_whole_however_the_bytes_arrive()
    {
        var first = AgentMessage(11);
        var second = AgentMessage(13, 1, 2, 3, 4, 5);
        byte[] all = [.. first, .. second];
        var reader = new AgentMessageReader();

        reader.Add(all.AsSpan(0, 3));              // not even a length yet
        Assert.Null(reader.TryTake());
        reader.Add(all.AsSpan(3, 4));              // the first whole, two bytes of the second
        Assert.Equal(first, reader.TryTake());
        Assert.Null(reader.TryTake());
        reader.Add(all.AsSpan(7));
        Assert.Equal(second, reader.TryTake());
        Assert.Null(reader.TryTake());
    }

    [Fact]
    public void A_message_longer_than_openssh_allows_is_refused()
    {
        var reader = new AgentMessageReader();
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, 256 * 1024 + 1);
        reader.Add(length);
        Assert.Throws<InvalidDataException>(() => reader.TryTake());
    }

    [Theory]
    [InlineData(11, true)]  // list keys
    [InlineData(13, true)]  // sign
    [InlineData(17, false)] // add a key
    [InlineData(18, false)] // remove a key
    [InlineData(19, false)] // remove all keys
    [InlineData(22, false)] // lock
    [InlineData(25, false)] // add a constrained key
    [InlineData(27, false)] // extension
    public void The_build_may_only_list_keys_and_sign(byte type, bool allowed)
    {
        Assert.Equal(allowed, AgentMessages.IsReadOnly(AgentMessage(type)));
    }

    [Fact]
    public void A_bytes_message_is_field_one_length_delimited()
    {
        var encoded = SshForward.BytesMessage([0, 0, 0, 1, 11]);
        Assert.Equal(new byte[] { 0x0A, 5, 0, 0, 0, 1, 11 }, encoded);
        Assert.Equal(new byte[] { 0, 0, 0, 1, 11 }, SshForward.BytesMessageData(encoded));
    }

    [Fact]
    public void Ssh_methods_are_advertised_only_when_the_build_has_ssh_agents()
    {
        Assert.DoesNotContain(Session.Methods(secrets: true, ssh: false), m => m.Contains("sshforward", StringComparison.Ordinal));
        var withSsh = Session.Methods(secrets: false, ssh: true).ToList();
        Assert.Contains("/moby.sshforward.v1.SSH/CheckAgent", withSsh);
        Assert.Contains("/moby.sshforward.v1.SSH/ForwardAgent", withSsh);
        Assert.DoesNotContain("/moby.buildkit.secrets.v1.Secrets/GetSecret", withSsh);
    }

    [Fact]
    public async Task Default_without_ssh_auth_sock_is_refused_naming_the_variable()
    {
        var error = await Assert.ThrowsAsync<SshAgentException>(() =>
            SshForwardAgents.ResolveAsync([new BuildSshAgent("default")], _ => null, CancellationToken.None));
        Assert.Contains("ssh id \"default\": SSH_AUTH_SOCK is not set", error.Message);
    }

    [Fact]
    public async Task A_missing_path_is_refused_naming_it()
    {
        var directory = Directory.CreateTempSubdirectory("composer-ssh-");
        try
        {
            var missing = Path.Combine(directory.FullName, "nothing");
            var error = await Assert.ThrowsAsync<SshAgentException>(() =>
                SshForwardAgents.ResolveAsync([new BuildSshAgent("gitlab", missing)], _ => null, CancellationToken.None));
            Assert.Equal($"ssh id \"gitlab\": {missing} does not exist", error.Message);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_named_pipe_is_refused_at_once_not_opened()
    {
        var directory = Directory.CreateTempSubdirectory("composer-ssh-");
        try
        {
            var fifo = Path.Combine(directory.FullName, "id_pipe");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) await mkfifo.WaitForExitAsync();
            // Opened as a key file it would wait for a writer forever: the wait below would time out.
            var error = await Assert.ThrowsAsync<SshAgentException>(() =>
                SshForwardAgents.ResolveAsync([new BuildSshAgent("gitlab", fifo)], _ => null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Equal($"ssh id \"gitlab\": {fifo} is a named pipe (FIFO), neither an agent socket nor a key file", error.Message);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_socket_whose_agent_is_gone_is_named_as_an_agent_that_does_not_answer()
    {
        var directory = Directory.CreateTempSubdirectory("composer-ssh-");
        var path = Path.Combine(directory.FullName, "agent.sock");
        using var bound = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        bound.Bind(new UnixDomainSocketEndPoint(path)); // the socket file is there, nobody listens (.NET removes it on dispose)
        try
        {
            var error = await Assert.ThrowsAsync<SshAgentException>(() =>
                SshForwardAgents.ResolveAsync([new BuildSshAgent("deploy", path)], _ => null, CancellationToken.None));
            Assert.StartsWith($"ssh id \"deploy\": cannot connect to an ssh agent at {path}, nor read it as a key file (", error.Message);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_listening_socket_is_accepted_under_its_id_and_default_comes_from_ssh_auth_sock()
    {
        var directory = Directory.CreateTempSubdirectory("composer-ssh-");
        var path = Path.Combine(directory.FullName, "agent.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        try
        {
            var agents = await SshForwardAgents.ResolveAsync([new BuildSshAgent("default"), new BuildSshAgent("other", path)],
                name => name == "SSH_AUTH_SOCK" ? path : null, CancellationToken.None);
            Assert.Equal(new SshAgentSocket(path), agents["default"]);
            Assert.Equal(new SshAgentSocket(path), agents["other"]);
        }
        finally
        {
            listener.Dispose();
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A ForwardAgent call as the engine makes it: the metadata names the id, the build's bytes come in
    /// BytesMessages cut anywhere; a forbidden request is answered with FAILURE without reaching the agent,
    /// a listing reaches it and its answer comes back.
    /// </summary>
    [Fact]
    public async Task Forward_agent_carries_a_listing_to_the_agent_and_refuses_removing_keys()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var token = timeout.Token;
        var directory = Directory.CreateTempSubdirectory("composer-ssh-");
        var path = Path.Combine(directory.FullName, "agent.sock");
        using var agentListener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        agentListener.Bind(new UnixDomainSocketEndPoint(path));
        agentListener.Listen();
        var identitiesAnswer = AgentMessage(12, 0, 0, 0, 0); // no keys
        var agentSaw = new List<byte[]>();
        var agent = Task.Run(async () =>
        {
            using var connection = await agentListener.AcceptAsync(token);
            await using var stream = new NetworkStream(connection);
            var request = await AgentMessages.ReadOneAsync(stream, token);
            agentSaw.Add(request);
            await stream.WriteAsync(identitiesAnswer, token);
        }, token);

        var agents = new Dictionary<string, SshAgentSource> { ["deploy"] = new SshAgentSocket(path) };
        var (wire, serving) = await ConnectAsync(call => SshForward.ForwardAgentAsync(call, agents, token), token);
        await WriteFrameAsync(wire, 1, 0x4, 1, HpackEncoder.Encode([(":method", "POST"), (":scheme", "http"),
            (":path", SshForward.ForwardAgentMethod), ("content-type", "application/grpc"), ("buildkit.ssh.id", "deploy")]), token);
        byte[] requests = [.. AgentMessage(19), .. AgentMessage(11)];
        await WriteFrameAsync(wire, 0, 0, 1, GrpcMessage(SshForward.BytesMessage(requests.AsSpan(0, 7))), token);
        await WriteFrameAsync(wire, 0, 0x1, 1, GrpcMessage(SshForward.BytesMessage(requests.AsSpan(7))), token);

        var answers = new List<byte>();
        var decoder = new HpackDecoder();
        var trailers = new List<(string, string)>();
        while (true)
        {
            var (type, flags, stream, payload) = await ReadFrameAsync(wire, token);
            if (stream != 1) continue;
            if (type == 0) answers.AddRange(payload);
            if (type == 1)
            {
                trailers = decoder.Decode(payload).ToList();
                if ((flags & 1) != 0) break;
            }
        }
        await agent;
        Assert.Contains(("grpc-status", "0"), trailers);
        var messages = GrpcMessages([.. answers]).Select(SshForward.BytesMessageData).ToList();
        Assert.Equal([AgentMessages.Failure, identitiesAnswer], messages);
        Assert.Equal([AgentMessage(11)], agentSaw);

        wire.Dispose();
        await serving;
        directory.Delete(recursive: true);
    }

    /// <summary>An id whose paths were key files: composer's own agent answers on the stream, nothing is dialled.</summary>
    [Fact]
    public async Task Forward_agent_answers_from_composers_own_agent_of_key_files()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var token = timeout.Token;
        var key = new Ed25519PrivateKey(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"), "rfc8032");
        var agent = new SshKeyAgent([key]);
        var agents = new Dictionary<string, SshAgentSource> { ["default"] = agent };
        var (wire, serving) = await ConnectAsync(call => SshForward.ForwardAgentAsync(call, agents, token), token);
        await WriteFrameAsync(wire, 1, 0x4, 1, HpackEncoder.Encode([(":method", "POST"), (":scheme", "http"),
            (":path", SshForward.ForwardAgentMethod), ("content-type", "application/grpc")]), token);
        var sign = new SshWriter().Byte(13).String(key.PublicBlob).String([]).UInt32(0).ToArray();
        byte[] requests = [.. AgentMessage(11), .. AgentMessage(19), .. new SshWriter().String(sign).ToArray()];
        await WriteFrameAsync(wire, 0, 0, 1, GrpcMessage(SshForward.BytesMessage(requests.AsSpan(0, 8))), token);
        await WriteFrameAsync(wire, 0, 0x1, 1, GrpcMessage(SshForward.BytesMessage(requests.AsSpan(8))), token);

        var answers = new List<byte>();
        var trailers = new List<(string, string)>();
        var decoder = new HpackDecoder();
        while (true)
        {
            var (type, flags, stream, payload) = await ReadFrameAsync(wire, token);
            if (stream != 1) continue;
            if (type == 0) answers.AddRange(payload);
            if (type == 1)
            {
                trailers = decoder.Decode(payload).ToList();
                if ((flags & 1) != 0) break;
            }
        }
        Assert.Contains(("grpc-status", "0"), trailers);
        var messages = GrpcMessages([.. answers]).Select(SshForward.BytesMessageData).ToList();
        var rfcSignature = Convert.FromHexString("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        byte[] signed = [.. new SshWriter().String(new SshWriter().Byte(14).String(new SshWriter().Text("ssh-ed25519").String(rfcSignature).ToArray()).ToArray()).ToArray()];
        Assert.Equal([agent.Answer(AgentMessage(11)), AgentMessages.Failure, signed], messages);
        Assert.Equal(12, messages[0][4]);

        wire.Dispose();
        await serving;
    }

    [Fact]
    public async Task An_unknown_id_is_not_found_naming_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var token = timeout.Token;
        var agents = new Dictionary<string, SshAgentSource> { ["default"] = new SshAgentSocket("/nonexistent") };
        var (wire, serving) = await ConnectAsync(call => SshForward.CheckAgentAsync(call, agents, token), token);
        await WriteFrameAsync(wire, 1, 0x4, 1, HpackEncoder.Encode([(":method", "POST"), (":scheme", "http"),
            (":path", SshForward.CheckAgentMethod), ("content-type", "application/grpc")]), token);
        await WriteFrameAsync(wire, 0, 0x1, 1, GrpcMessage([0x0A, 5, .. "gitea"u8]), token);

        var decoder = new HpackDecoder();
        while (true)
        {
            var (type, flags, stream, payload) = await ReadFrameAsync(wire, token);
            if (stream != 1 || type != 1) continue;
            var fields = decoder.Decode(payload).ToList();
            if ((flags & 1) == 0) continue;
            Assert.Contains(("grpc-status", "5"), fields);
            Assert.Contains("\"gitea\"", Uri.UnescapeDataString(fields.Single(f => f.Item1 == "grpc-message").Item2));
            break;
        }
        wire.Dispose();
        await serving;
    }

    private static IEnumerable<byte[]> GrpcMessages(byte[] data)
    {
        for (var at = 0; at < data.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at + 1));
            yield return data[(at + 5)..(at + 5 + length)];
            at += 5 + length;
        }
    }
}
