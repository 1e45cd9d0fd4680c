using Composer.Model;

namespace Composer.Reconciler.State;

/// <summary>
/// `credential_spec` gives a Windows container a gMSA identity. Composer drives Linux engines, where it has
/// no meaning, and docker compose drops it without a word (the service would run without the identity it
/// was written to have). The verbs that create containers refuse it instead, naming where it was written;
/// `config` still prints it, so a file shared with Windows hosts keeps it in an override used there.
/// </summary>
public static class CredentialSpecRefusal
{
    public static void Refuse(Project project, DesiredState desired)
    {
        var users = desired.Services.Select(s => project.Services[s.Name]).Where(s => s.CredentialSpec is not null).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        if (users.Count == 0) return;
        throw new CredentialSpecUnsupportedException(string.Join("\n", users.Select(s =>
            $"{ProviderRefusal.Where(s.CredentialSpec!.DeclaredAt)}service '{s.Name}': credential_spec sets Windows gMSA credentials, "
            + "which Linux containers cannot use; composer runs Linux containers. Remove it, or keep it in an override file used only on Windows hosts")));
    }
}

/// <summary>A service declares a Windows credential spec.</summary>
public sealed class CredentialSpecUnsupportedException(string message) : Exception(message);
