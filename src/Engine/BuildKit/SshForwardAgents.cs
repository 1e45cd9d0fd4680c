using Composer.Platform;
using System.Net.Sockets;

namespace Composer.Engine.BuildKit;

/// <summary>
/// The ssh agents a build asked for, checked before the build starts (as the docker CLI checks them before
/// it opens the session). Each id has paths, comma-separated as the docker CLI splits them (none: `default`
/// means $SSH_AUTH_SOCK): one agent socket, or private key files that composer serves from an agent of its
/// own (BuildKit's client does the same); a socket and key files together are refused, as BuildKit does.
/// </summary>
internal static class SshForwardAgents
{
    /// <summary>Each id's agent; a clear error for a missing, unreachable or unreadable source.</summary>
    public static async Task<IReadOnlyDictionary<string, SshAgentSource>> ResolveAsync(IReadOnlyList<BuildSshAgent> agents,
        Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var sources = new Dictionary<string, SshAgentSource>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            var id = agent.Id is { Length: > 0 } given ? given : SshForward.DefaultId;
            if (sources.ContainsKey(id)) throw new SshAgentException($"ssh id \"{id}\" is given twice");
            var paths = agent.Path is { Length: > 0 } listed ? listed.Split(',')
                : environment("SSH_AUTH_SOCK") is { Length: > 0 } fromEnvironment ? [fromEnvironment]
                : throw new SshAgentException($"ssh id \"{id}\": SSH_AUTH_SOCK is not set (start an ssh-agent, or give a socket or key file as {id}=PATH)");
            string? socket = null;
            var keys = new List<SshPrivateKey>();
            foreach (var path in paths)
            {
                if (path.Length == 0) throw new SshAgentException($"ssh id \"{id}\": an empty path in \"{agent.Path}\"");
                if (!File.Exists(path)) throw new SshAgentException($"ssh id \"{id}\": {path} does not exist");
                // Opening a FIFO would wait for a writer forever; a device or directory is no key either.
                if (UnixFile.KindOf(path) is { } kind and not (UnixFileKind.Regular or UnixFileKind.Socket))
                    throw new SshAgentException($"ssh id \"{id}\": {path} is a {Describe(kind)}, neither an agent socket nor a key file");
                if (await IsListeningSocketAsync(path, cancellationToken).ConfigureAwait(false)) socket = socket is null ? path
                    : throw new SshAgentException($"ssh id \"{id}\": {socket} and {path} are both agent sockets; an id forwards one agent");
                else keys.Add(ReadKey(id, path));
            }
            if (socket is not null && keys.Count > 0)
                throw new SshAgentException($"ssh id \"{id}\": {socket} is an agent socket and the other paths are key files; give an id either one socket or key files");
            sources[id] = socket is not null ? new SshAgentSocket(socket) : new SshKeyAgent(keys);
        }
        return sources;
    }

    private static string Describe(UnixFileKind kind) => kind switch
    {
        UnixFileKind.Fifo => "named pipe (FIFO)",
        UnixFileKind.CharacterDevice or UnixFileKind.BlockDevice => "device",
        UnixFileKind.Directory => "directory",
        _ => "special file",
    };

    /// <summary>An agent answers a connection. (.NET does not tell a socket from a file, so the connection is the test.)</summary>
    private static async Task<bool> IsListeningSocketAsync(string path, CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var socket = await SshForward.ConnectAsync(path, patience.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception error) when (error is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// A path that takes no connection is read as a key file. One that cannot even be opened as a file
    /// (a socket whose agent is gone) is named as the agent that does not answer.
    /// </summary>
    private static SshPrivateKey ReadKey(string id, string path)
    {
        try
        {
            using (File.OpenRead(path)) { }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new SshAgentException($"ssh id \"{id}\": cannot connect to an ssh agent at {path}, nor read it as a key file ({error.Message})");
        }
        try
        {
            return SshKeyFile.Read(path);
        }
        catch (SshKeyFileException error)
        {
            throw new SshAgentException($"ssh id \"{id}\": {error.Message}");
        }
    }
}

/// <summary>An ssh agent a build asked for cannot be offered: nothing was built.</summary>
public sealed class SshAgentException(string message) : Exception(message);
