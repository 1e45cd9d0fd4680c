using Composer.Model;

namespace Composer.Reconciler.Tests.Supervision;

/// <summary>Loads a compose file held in memory, so settings are read exactly as the agent reads them.</summary>
internal static class Compose
{
    public static Project Load(string yaml) => ProjectLoader.Load(new ProjectOptions
    {
        WorkingDirectory = "/virtual/demo",
        ProjectName = "demo",
        ReadFile = path => path == "/virtual/demo/compose.yaml" ? yaml : throw new FileNotFoundException(path),
        FileExists = path => path == "/virtual/demo/compose.yaml",
    });

    public static ServiceConfig Service(string yaml, string name = "app") => Load(yaml).Services[name];
}
