using Composer.Model;

namespace Composer.Reconciler.State;

/// <summary>
/// What the verbs that create containers (up, create, run, scale, watch) refuse before anything exists:
/// services this engine or composer cannot run as written (models, annotations, provider services, credential_spec, gw_priority, networks with enable_ipv4: false, image mounts and non-recursive binds). One call, so no such verb
/// can forget one; `config`, build, pull and push read and print the same services without complaint.
/// </summary>
public static class Unrunnable
{
    public static void Refuse(Project project, DesiredState desired)
    {
        ModelsRefusal.Refuse(project, desired);
        AnnotationsRefusal.Refuse(project, desired);
        ProviderRefusal.Refuse(project, desired);
        CredentialSpecRefusal.Refuse(project, desired);
        GatewayPriorityRefusal.Refuse(project, desired);
        Ipv4OffRefusal.Refuse(project, desired);
        MountRefusal.Refuse(project, desired);
    }
}
