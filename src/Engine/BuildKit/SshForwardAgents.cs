using System.Net.Sockets;

namespace Composer.Engine.BuildKit;

/// <summary>
/// The ssh agents a build asked for, checked before the build starts (as the docker CLI checks
/// them before it opens the session): each id's socket, `default` meaning $SSH_AUTH_SOCK.
/// </summary>
internal static class SshForwardAgents
{
    /// <summary>Socket path by id; a clear error for a missing, unreachable or unsupported source.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ResolveAsync(IReadOnlyList<BuildSshAgent> agents,
        Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var sockets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            var id = agent.Id is { Length: > 0 } given ? given : SshForward.DefaultId;
            if (sockets.ContainsKey(id)) throw new SshAgentException($"ssh id \"{id}\" is given twice");
            var path = agent.Socket is { Length: > 0 } socket ? socket
                : environment("SSH_AUTH_SOCK") is { Length: > 0 } fromEnvironment ? fromEnvironment
                : throw new SshAgentException($"ssh id \"{id}\": SSH_AUTH_SOCK is not set (start an ssh-agent, or give a socket as {id}=PATH)");
            if (!File.Exists(path)) throw new SshAgentException($"ssh id \"{id}\": {path} does not exist");
            await ProbeAsync(id, path, cancellationToken).ConfigureAwait(false);
            sockets[id] = path;
        }
        return sockets;
    }

    /// <summary>
    /// A socket answers a connection; anything else is refused. A private key file is named as such:
    /// BuildKit's own client would load it into an agent of its own, which composer does not do.
    /// </summary>
    private static async Task ProbeAsync(string id, string path, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), patience.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (LooksLikePrivateKey(path))
                throw new SshAgentException($"ssh id \"{id}\": {path} is a key file; composer forwards ssh agents only. "
                    + $"Load the key into an agent (ssh-add {path}) and give the agent's socket ({id}=$SSH_AUTH_SOCK)");
            throw new SshAgentException($"ssh id \"{id}\": cannot connect to an ssh agent at {path} ({(error as SocketException)?.Message ?? "no answer"})");
        }
    }

    private static bool LooksLikePrivateKey(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            var start = new byte[64];
            var read = file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
            var text = System.Text.Encoding.ASCII.GetString(start, 0, read);
            return text.StartsWith("-----BEGIN", StringComparison.Ordinal) || text.StartsWith("PuTTY-User-Key-File", StringComparison.Ordinal);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

/// <summary>An ssh agent a build asked for cannot be offered: nothing was built.</summary>
public sealed class SshAgentException(string message) : Exception(message);
