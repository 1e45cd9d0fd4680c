using System.Formats.Tar;
using Composer.Orchestrator.Application;
using Composer.Orchestrator.Commands;

namespace Composer.EndToEnd.Tests.Pure;

/// <summary>
/// The other direction of `cp`: a host tree going into a container is archived with its links as
/// links, so what they point at outside the tree (a secret, a whole directory) never travels.
/// </summary>
public sealed class HostArchiveTests : IDisposable
{
    private const string Secret = "the host's secret\n";
    private readonly string _host = Directory.CreateTempSubdirectory("composer-archive-").FullName;

    public void Dispose() => Directory.Delete(_host, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Links_inside_a_copied_tree_travel_as_links_and_their_targets_stay_home(bool keepOwnership)
    {
        var outside = Directory.CreateDirectory(Path.Combine(_host, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "secret.txt"), Secret);
        var tree = Directory.CreateDirectory(Path.Combine(_host, "tree")).FullName;
        File.WriteAllText(Path.Combine(tree, "own.txt"), "own\n");
        File.CreateSymbolicLink(Path.Combine(tree, "to-secret"), Path.Combine(outside, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(tree, "to-outside"), outside);

        var entries = await ArchiveAsync(tree, keepOwnership);

        Assert.Equal(["tree", "tree/own.txt", "tree/to-outside", "tree/to-secret"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((TarEntryType.SymbolicLink, Path.Combine(outside, "secret.txt")), entries["tree/to-secret"]);
        Assert.Equal((TarEntryType.SymbolicLink, outside), entries["tree/to-outside"]);
    }

    /// <summary>Each entry's type and link target, by name, as the engine would receive them.</summary>
    private static async Task<Dictionary<string, (TarEntryType Type, string LinkName)>> ArchiveAsync(string tree, bool keepOwnership)
    {
        var source = HostSource.Resolve(tree, followLink: false);
        using var archive = new MemoryStream();
        await HostArchive.WriteAsync(archive, source, new CopyTarget("/srv", "tree"), keepOwnership, CancellationToken.None);
        archive.Position = 0;
        var entries = new Dictionary<string, (TarEntryType, string)>();
        await using var reader = new TarReader(archive);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            if (entry.DataStream is { } data) Assert.DoesNotContain(Secret, await new StreamReader(data).ReadToEndAsync());
            entries[entry.Name.TrimEnd('/')] = (entry.EntryType, entry.LinkName);
        }
        return entries;
    }
}
