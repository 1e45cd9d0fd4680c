using Composer.Model;
namespace Composer.Reconciler.Swarm;

/// <summary>
/// Labels on what `composer stack` creates. The first two are the docker CLI's own, so
/// `docker stack ls`, `docker stack services` and `docker stack rm` see our stacks as theirs.
/// </summary>
public static class StackLabels
{
    public const string Namespace = "com.docker.stack.namespace";
    public const string Image = "com.docker.stack.image";

    /// <summary>Hash of the service spec we sent: an update is planned only when it differs.</summary>
    public const string SpecHash = ComposeLabels.ConfigHash;

    /// <summary>On configs and secrets: the unversioned name, so a new content version knows which object it supersedes.</summary>
    public const string ObjectName = ComposeLabels.StackObject;

    public static string Filter(string stack) => $"{Namespace}={stack}";

    /// <summary>Swarm service name, as docker stack deploy names it.</summary>
    public static string ServiceName(string stack, string service) => $"{stack}_{service}";
}
