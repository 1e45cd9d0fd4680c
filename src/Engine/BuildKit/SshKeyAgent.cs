using System.Security.Cryptography;

namespace Composer.Engine.BuildKit;

/// <summary>Where one ssh id's agent requests go: an agent's socket, or composer's own agent of keys read from files.</summary>
internal abstract record SshAgentSource;

/// <summary>An ssh agent already running, reached on its unix socket.</summary>
internal sealed record SshAgentSocket(string Path) : SshAgentSource;

/// <summary>
/// The agent composer runs itself when `build.ssh` / `--ssh` names private key files, as BuildKit's client
/// does: read-only by nature, it lists its keys (11 → 12) and signs with them (13 → 14); every other request,
/// and a signature asked of a key it does not hold, gets SSH_AGENT_FAILURE.
/// </summary>
internal sealed record SshKeyAgent(IReadOnlyList<SshPrivateKey> Keys) : SshAgentSource
{
    /// <summary>The framed answer to one framed request (both with their length prefix).</summary>
    public byte[] Answer(byte[] framed)
    {
        try
        {
            var request = new SshReader(framed.AsSpan(4));
            var answer = request.Byte() switch
            {
                AgentMessages.RequestIdentities => Identities(),
                AgentMessages.SignRequest => Sign(request.String(), request.String().ToArray(), request.UInt32()),
                _ => null,
            };
            return answer is null ? AgentMessages.Failure : new SshWriter().String(answer).ToArray();
        }
        catch (Exception error) when (error is InvalidDataException or CryptographicException)
        {
            return AgentMessages.Failure; // a malformed request or a failed signature: what ssh-agent answers too
        }
    }

    private byte[] Identities()
    {
        var answer = new SshWriter().Byte(AgentMessages.IdentitiesAnswer).UInt32((uint)Keys.Count);
        foreach (var key in Keys) answer.String(key.PublicBlob).Text(key.Comment);
        return answer.ToArray();
    }

    private byte[]? Sign(ReadOnlySpan<byte> blob, byte[] data, uint flags)
    {
        foreach (var key in Keys)
            if (blob.SequenceEqual(key.PublicBlob))
                return new SshWriter().Byte(AgentMessages.SignResponse).String(key.Sign(data, flags)).ToArray();
        return null;
    }
}
