using System.Reflection;
using Composer.Engine;

namespace Composer.Orchestrator.Application;

/// <summary>
/// `version` asks nothing but the versions, so it has no request: Composer's own is known without
/// an engine (--short and --format json show only it), the engine's is asked for.
/// </summary>
internal sealed partial class ComposeService
{
    /// <summary>Composer's version as built, without the source revision after the '+'.</summary>
    public static string ClientVersion =>
        typeof(ComposeService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public Task<VersionResponse> EngineVersionAsync(CancellationToken cancellationToken) => Engine.VersionAsync(cancellationToken);
}
