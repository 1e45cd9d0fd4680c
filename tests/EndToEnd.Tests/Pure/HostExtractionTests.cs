using System.Formats.Tar;
using System.Text;
using Composer.Orchestrator.Application;
using Composer.Orchestrator.Commands;

namespace Composer.EndToEnd.Tests.Pure;

/// <summary>
/// Hostile archives, as a container could hand to `cp SERVICE:PATH DEST`, fed to the extractor
/// without an engine: nothing outside the destination is created, changed or read, and links
/// arrive as links.
/// </summary>
public sealed class HostExtractionTests : IDisposable
{
    private const string Secret = "the host's secret\n";

    // The host around the destination: a secret beside it, which no archive may reach.
    private readonly string _host = Directory.CreateTempSubdirectory("composer-extract-").FullName;
    private string Destination => Path.Combine(_host, "dest");
    private string SecretPath => Path.Combine(_host, "secret.txt");

    public HostExtractionTests()
    {
        Directory.CreateDirectory(Destination);
        File.WriteAllText(SecretPath, Secret);
    }

    public void Dispose() => Directory.Delete(_host, recursive: true);

    [Fact]
    public async Task A_hard_link_to_a_symlink_is_written_as_that_symlink_and_never_reads_its_target()
    {
        var before = HostOutsideDestination();
        await ExtractAsync(Dir("box"), Symlink("box/link", SecretPath), HardLinkTo("box/second", "box/link"));

        Assert.Equal(SecretPath, new FileInfo(Path.Combine(Destination, "box", "link")).LinkTarget);
        // The copy's bug was a regular file holding the secret: the link's target was read.
        Assert.Equal(SecretPath, new FileInfo(Path.Combine(Destination, "box", "second")).LinkTarget);
        Assert.Equal(before, HostOutsideDestination());
    }

    [Fact]
    public async Task A_hard_link_to_a_file_is_a_second_name_for_the_extracted_file()
    {
        await ExtractAsync(Dir("box"), Regular("box/a.txt", "first\n"), HardLinkTo("box/b.txt", "box/a.txt"));

        File.AppendAllText(Path.Combine(Destination, "box", "b.txt"), "through b\n");
        Assert.Equal("first\nthrough b\n", File.ReadAllText(Path.Combine(Destination, "box", "a.txt")));
    }

    [Fact]
    public async Task A_hard_link_to_a_fifo_is_left_out_with_the_fifo()
    {
        await ExtractAsync(Dir("box"), new PaxTarEntry(TarEntryType.Fifo, "box/pipe") { Mode = Readable }, HardLinkTo("box/pipe-again", "box/pipe"),
            Regular("box/after.txt", "after\n"));

        Assert.False(Path.Exists(Path.Combine(Destination, "box", "pipe")));
        Assert.False(Path.Exists(Path.Combine(Destination, "box", "pipe-again")));
        Assert.Equal("after\n", File.ReadAllText(Path.Combine(Destination, "box", "after.txt")));
    }

    [Theory]
    [InlineData("box/../secret.txt")]
    [InlineData("/secret.txt")]
    [InlineData("elsewhere/secret.txt")]
    [InlineData("box/up/secret.txt")]
    [InlineData("box/pre-existing")]
    public async Task A_hard_link_to_anything_the_archive_did_not_extract_is_refused(string linkName)
    {
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(Destination, "box")).FullName, "pre-existing"), "host's\n");
        var before = HostOutsideDestination();

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() =>
            ExtractAsync(Dir("box"), Symlink("box/up", _host), HardLinkTo("box/stolen", linkName)));

        Assert.Contains("box/stolen", refused.Message);
        Assert.False(Path.Exists(Path.Combine(Destination, "box", "stolen")));
        Assert.Equal(before, HostOutsideDestination());
    }

    [Theory]
    [InlineData("box/../escaped.txt")]
    [InlineData("box/./../../escaped.txt")]
    [InlineData("../escaped.txt")]
    public async Task An_entry_named_with_dot_dot_is_refused(string name)
    {
        var before = HostOutsideDestination();
        await Assert.ThrowsAsync<InvalidDataException>(() => ExtractAsync(Dir("box"), Regular(name, "planted\n")));
        Assert.False(Path.Exists(Path.Combine(_host, "escaped.txt")));
        Assert.Equal(before, HostOutsideDestination());
    }

    [Fact]
    public async Task An_entry_under_a_symlink_the_archive_made_is_refused_and_nothing_lands_where_it_points()
    {
        var before = HostOutsideDestination();

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() =>
            ExtractAsync(Dir("box"), Symlink("box/host", _host), Regular("box/host/secret.txt", "overwritten\n")));

        Assert.Contains("symbolic link", refused.Message);
        Assert.Equal(Secret, File.ReadAllText(SecretPath));
        Assert.Equal(before, HostOutsideDestination());
    }

    [Fact]
    public async Task An_entry_under_a_symlink_already_in_the_destination_is_refused()
    {
        Directory.CreateDirectory(Path.Combine(Destination, "box"));
        File.CreateSymbolicLink(Path.Combine(Destination, "box", "host"), _host);
        var before = HostOutsideDestination();

        await Assert.ThrowsAsync<InvalidDataException>(() => ExtractAsync(Dir("box"), Regular("box/host/planted.txt", "planted\n")));

        Assert.Equal(before, HostOutsideDestination());
    }

    [Fact]
    public async Task A_file_replacing_a_symlink_or_a_hard_link_replaces_the_name_and_leaves_what_it_pointed_at()
    {
        var box = Directory.CreateDirectory(Path.Combine(Destination, "box")).FullName;
        File.CreateSymbolicLink(Path.Combine(box, "via-symlink"), SecretPath);
        HardLink.Create(SecretPath, Path.Combine(box, "via-hard-link"));
        var before = HostOutsideDestination();

        await ExtractAsync(Dir("box"), Regular("box/via-symlink", "new\n"), Regular("box/via-hard-link", "new\n"));

        Assert.Null(new FileInfo(Path.Combine(box, "via-symlink")).LinkTarget);
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(box, "via-symlink")));
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(box, "via-hard-link")));
        Assert.Equal(before, HostOutsideDestination());
    }

    [Fact]
    public async Task Symlinks_are_written_as_links_absolute_or_relative_within_the_destination()
    {
        var before = HostOutsideDestination();
        await ExtractAsync(Dir("box"), Dir("box/sub"), Regular("box/a.txt", "a\n"),
            Symlink("box/absolute", "/etc/passwd"), Symlink("box/sub/sibling", "../a.txt"), Symlink("box/parent", ".."), Symlink("box/dangling", "no/such"));

        Assert.Equal("/etc/passwd", new FileInfo(Path.Combine(Destination, "box", "absolute")).LinkTarget);
        Assert.Equal("../a.txt", new FileInfo(Path.Combine(Destination, "box", "sub", "sibling")).LinkTarget);
        Assert.Equal("..", new FileInfo(Path.Combine(Destination, "box", "parent")).LinkTarget);
        Assert.Equal("no/such", new FileInfo(Path.Combine(Destination, "box", "dangling")).LinkTarget);
        Assert.Equal(before, HostOutsideDestination());
    }

    [Theory]
    [InlineData("../../secret.txt")]
    [InlineData("sub/../../../secret.txt")]
    [InlineData("../../dest/box")]
    public async Task A_relative_symlink_out_of_the_destination_is_refused_as_docker_cp_does(string linkTarget)
    {
        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => ExtractAsync(Dir("box"), Symlink("box/out", linkTarget)));

        Assert.Contains(linkTarget, refused.Message);
        Assert.False(Path.Exists(Path.Combine(Destination, "box", "out")));
    }

    /// <summary>Every path outside the destination, with its link target, content and time: what must not change.</summary>
    private List<string> HostOutsideDestination() =>
    [
        .. Outside(new DirectoryInfo(_host))
            .Select(e => $"{e.FullName} {e.LinkTarget} {e.LastWriteTimeUtc:O} {(e is FileInfo { LinkTarget: null } f ? File.ReadAllText(f.FullName) : "")}")
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>Walked by hand: never into the destination, never through a link (one in the destination may point back up).</summary>
    private IEnumerable<FileSystemInfo> Outside(DirectoryInfo directory)
    {
        foreach (var entry in directory.EnumerateFileSystemInfos())
        {
            if (entry.FullName == Destination) continue;
            yield return entry;
            if (entry is DirectoryInfo { LinkTarget: null } child)
                foreach (var inner in Outside(child)) yield return inner;
        }
    }

    private Task ExtractAsync(params TarEntry[] entries)
    {
        var archive = new MemoryStream();
        using (var writer = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var entry in entries) writer.WriteEntry(entry);
        archive.Position = 0;
        // As `cp box:/srv/box dest` asks for it: the archive's top is "box", extracted into dest under that name.
        return HostExtraction.ExtractAsync(archive, "box", new CopyTarget(Destination, "box"), CancellationToken.None);
    }

    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private static PaxTarEntry Dir(string name) =>
        new(TarEntryType.Directory, name) { Mode = Readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute };

    private static PaxTarEntry Regular(string name, string content) =>
        new(TarEntryType.RegularFile, name) { Mode = Readable, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };

    private static PaxTarEntry Symlink(string name, string target) => new(TarEntryType.SymbolicLink, name) { LinkName = target };

    private static PaxTarEntry HardLinkTo(string name, string existing) => new(TarEntryType.HardLink, name) { LinkName = existing };
}
