using System.Security.Cryptography;
using System.Text;

namespace Composer.Engine.BuildKit;

/// <summary>
/// A BuildKit session with the engine: `POST /session` upgraded to h2c, after which the engine is
/// the gRPC client and we serve the build's files (and answer health checks and credential
/// questions) until the build ends and the session is disposed.
/// </summary>
internal sealed class Session : IAsyncDisposable
{
    private const string FileSyncDiffCopy = "/moby.filesync.v1.FileSync/DiffCopy";
    private const string AuthCredentials = "/moby.filesync.v1.Auth/Credentials";
    private const string HealthCheck = "/grpc.health.v1.Health/Check";
    private const string SecretsGetSecret = "/moby.buildkit.secrets.v1.Secrets/GetSecret";

    private readonly Stream _stream;
    private readonly IReadOnlyDictionary<string, string> _directories;
    private readonly IReadOnlyDictionary<string, BuildSecret> _secrets;
    private readonly IReadOnlyDictionary<string, SshAgentSource> _sshAgents;
    private readonly CancellationTokenSource _stop = new();
    private Task _serving = Task.CompletedTask;

    private Session(string id, Stream stream, IReadOnlyDictionary<string, string> directories, IReadOnlyList<BuildSecret> secrets,
        IReadOnlyDictionary<string, SshAgentSource> sshAgents)
    {
        Id = id;
        _stream = stream;
        _directories = directories;
        _secrets = secrets.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _sshAgents = sshAgents;
    }

    public string Id { get; }

    /// <param name="directories">What the engine may read, by the name it asks for ("context", "dockerfile").</param>
    /// <param name="secrets">What `RUN --mount=type=secret` may read; the method is offered only when there are some, as the docker CLI does.</param>
    /// <param name="sshAgents">The ssh agents `RUN --mount=type=ssh` may use, by id (<see cref="SshForwardAgents"/>); offered only when there are some.</param>
    public static async Task<Session> OpenAsync(EngineEndpoint endpoint, string apiPrefix, IReadOnlyDictionary<string, string> directories,
        IReadOnlyList<BuildSecret> secrets, IReadOnlyDictionary<string, SshAgentSource> sshAgents, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        // The same key for the same context directory lets the engine reuse what it synced before.
        var sharedKey = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(directories.GetValueOrDefault("context") ?? id)))[..32];
        var stream = await EngineTransport.OpenAsync(endpoint, cancellationToken).ConfigureAwait(false);
        try
        {
            var request = new StringBuilder()
                .Append($"POST {apiPrefix}/session HTTP/1.1\r\n")
                .Append("Host: docker\r\n")
                .Append("Content-Length: 0\r\n")
                .Append("Connection: Upgrade\r\n")
                .Append("Upgrade: h2c\r\n")
                .Append($"X-Docker-Expose-Session-Uuid: {id}\r\n")
                .Append("X-Docker-Expose-Session-Name: composer\r\n")
                .Append($"X-Docker-Expose-Session-Sharedkey: {sharedKey}\r\n");
            foreach (var method in Methods(secrets.Count > 0, sshAgents.Count > 0))
                request.Append($"X-Docker-Expose-Session-Grpc-Method: {method}\r\n");
            request.Append("\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            var head = await ReadResponseHeadAsync(stream, cancellationToken).ConfigureAwait(false);
            var statusLine = head.Split("\r\n")[0];
            if (!statusLine.Contains(" 101", StringComparison.Ordinal))
                throw new EngineApiException(System.Net.HttpStatusCode.BadGateway, $"the engine refused a BuildKit session: {statusLine}");
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var session = new Session(id, stream, directories, secrets, sshAgents);
        var server = new Http2Server(stream, session.ServeAsync);
        session._serving = Task.Run(() => server.RunAsync(session._stop.Token));
        return session;
    }

    /// <summary>The methods the engine is told we serve: secrets and ssh only when the build has some, as the docker CLI.</summary>
    internal static IEnumerable<string> Methods(bool secrets, bool ssh)
    {
        string[] always = [FileSyncDiffCopy, AuthCredentials, HealthCheck];
        foreach (var method in always) yield return method;
        if (secrets) yield return SecretsGetSecret;
        if (ssh)
        {
            yield return SshForward.CheckAgentMethod;
            yield return SshForward.ForwardAgentMethod;
        }
    }

    /// <summary>The response head, read a byte at a time so nothing of the HTTP/2 that follows is taken.</summary>
    private static async Task<string> ReadResponseHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 16384)
        {
            if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0) throw new EndOfStreamException("the engine closed the session request");
            head.Add(one[0]);
            if (head.Count >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r') break;
        }
        return Encoding.ASCII.GetString([.. head]);
    }

    private async Task ServeAsync(GrpcCall call)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, call.CallAborted);
        var cancellationToken = linked.Token;
        switch (call.Path)
        {
            case HealthCheck:
                await call.ReadMessageAsync(cancellationToken).ConfigureAwait(false);
                await call.WriteMessageAsync(new ProtoWriter().Varint(1, 1).ToArray(), cancellationToken).ConfigureAwait(false); // SERVING
                await call.FinishAsync(GrpcStatus.Ok, null, cancellationToken).ConfigureAwait(false);
                break;
            case AuthCredentials:
            {
                // CredentialsRequest { Host = 1 } -> CredentialsResponse { Username = 1, Secret = 2 }; none found: empty, the engine pulls anonymously.
                var asked = await call.ReadMessageAsync(cancellationToken).ConfigureAwait(false) ?? [];
                var host = ProtoReader.Fields(asked).Where(f => f.Number == 1).Select(f => f.Text).FirstOrDefault() ?? "";
                var (username, secret) = RegistryAuth.SessionCredentials(host);
                await call.WriteMessageAsync(new ProtoWriter().String(1, username).String(2, secret).ToArray(), cancellationToken).ConfigureAwait(false);
                await call.FinishAsync(GrpcStatus.Ok, null, cancellationToken).ConfigureAwait(false);
                break;
            }
            case FileSyncDiffCopy:
                var name = call.Metadata("dir-name").FirstOrDefault() ?? "";
                if (!_directories.TryGetValue(name, out var directory))
                {
                    await call.FinishAsync(GrpcStatus.NotFound, $"no access allowed to dir \"{name}\"", cancellationToken).ConfigureAwait(false);
                    break;
                }
                await FileSync.DiffCopyAsync(call, directory, cancellationToken).ConfigureAwait(false);
                break;
            case SecretsGetSecret:
            {
                // GetSecretRequest { ID = 1 } -> GetSecretResponse { data = 1 }; unknown or unreadable: NotFound, which BuildKit reports by id.
                var asked = await call.ReadMessageAsync(cancellationToken).ConfigureAwait(false) ?? [];
                var secretId = ProtoReader.Fields(asked).Where(f => f.Number == 1).Select(f => f.Text).FirstOrDefault() ?? "";
                if (_secrets.TryGetValue(secretId, out var secret) && secret.Read() is { } value)
                {
                    await call.WriteMessageAsync(new ProtoWriter().Bytes(1, value).ToArray(), cancellationToken).ConfigureAwait(false);
                    await call.FinishAsync(GrpcStatus.Ok, null, cancellationToken).ConfigureAwait(false);
                }
                else await call.FinishAsync(GrpcStatus.NotFound, $"secret {secretId} not found", cancellationToken).ConfigureAwait(false);
                break;
            }
            case SshForward.CheckAgentMethod when _sshAgents.Count > 0:
                await SshForward.CheckAgentAsync(call, _sshAgents, cancellationToken).ConfigureAwait(false);
                break;
            case SshForward.ForwardAgentMethod when _sshAgents.Count > 0:
                await SshForward.ForwardAgentAsync(call, _sshAgents, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await call.FinishAsync(GrpcStatus.Unimplemented, $"composer does not serve {call.Path}", cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _serving.ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The session ends with the connection; how it ended no longer matters.
        }
        _stop.Dispose();
    }
}
