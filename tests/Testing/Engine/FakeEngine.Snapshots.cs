using Composer.Engine;

namespace Composer.Testing;

/// <summary>Attach, commit, export and stats: the fake has no file system or processes to snapshot or measure.</summary>
public sealed partial class FakeEngine
{
    public Task<HijackedConnection> AttachContainerAsync(string id, ContainerAttachOptions options, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the fake engine has no interactive streams");

    public Task<string> CommitContainerAsync(string id, CommitRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the fake engine keeps no container files");

    public Task ExportContainerAsync(string id, Stream destination, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the fake engine keeps no container files");

    public Task<string> ContainerStatsAsync(string id, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the fake engine runs no processes to measure");
}
