using Composer.Model;
using Composer.Orchestrator.Application;
using Composer.Orchestrator.Output;
using Composer.Reconciler;
using Composer.Testing;

namespace Composer.EndToEnd.Tests.Pure;

/// <summary>
/// A project held in memory (`svc`, from the given YAML) and a fake engine, for tests of the
/// application service without a command line: its containers are made with the labels composer gives.
/// </summary>
internal sealed class FakeProject(string yaml)
{
    public FakeEngine Engine { get; } = new();
    public StringWriter Output { get; } = new();
    public StringWriter Status { get; } = new();

    public ComposeService Service() => new(Engine, new Terminal(AnsiMode.Never, Output, Status));

    public ProjectTarget Target() => new(ProjectLoader.Load(new ProjectOptions
    {
        WorkingDirectory = "/virtual/svc",
        ProjectName = "svc",
        ReadFile = path => path == "/virtual/svc/compose.yaml" ? yaml : throw new FileNotFoundException(path),
        FileExists = path => path == "/virtual/svc/compose.yaml",
    }));

    /// <summary>Replica 1 of the service, as `up` would have made it (another project's too, by name).</summary>
    public void Container(string service, string status = "running", string project = "svc") =>
        Engine.AddContainer($"{project}-{service}-1", new Dictionary<string, string>
        {
            [ComposeLabels.Project] = project, [ComposeLabels.Service] = service, [ComposeLabels.ContainerNumber] = "1", [ComposeLabels.OneOff] = ComposeLabels.False,
            [ComposeLabels.ConfigFiles] = $"/srv/{project}/compose.yaml",
        }, status);
}
