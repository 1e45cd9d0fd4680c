using Composer.Engine.BuildKit;

namespace Composer.Engine.Tests.Unit.BuildKit;

/// <summary>
/// The entries DiffCopy sends: the order Go's filepath.Walk gives (a directory, then what is in
/// it, then its next sibling; names in byte order), filtered by the engine's patterns.
/// </summary>
public sealed class FileSyncWalkTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("composer-filesync-").FullName;

    public FileSyncWalkTests()
    {
        foreach (var file in new[] { "a/b", "a/c/d", "a.txt", "B", "z/y" })
        {
            var path = Path.Combine(_root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file);
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string[] Walk(string[] includes, string[] excludes) => [.. FileSync.Walk(_root, includes, excludes).Select(e => e.Path)];

    [Fact]
    public void Parents_come_before_children_and_names_in_byte_order()
    {
        Assert.Equal(["B", "a", "a/b", "a/c", "a/c/d", "a.txt", "z", "z/y"], Walk([], []));
    }

    [Fact]
    public void Exclude_patterns_leave_out_files_and_whole_directories()
    {
        Assert.Equal(["B", "a", "a/b", "a.txt"], Walk([], ["a/c", "z"]));
    }

    [Fact]
    public void A_re_included_file_brings_its_excluded_parent()
    {
        Assert.Equal(["B", "a", "a/c", "a/c/d", "a.txt", "z", "z/y"], Walk([], ["a", "!a/c"]));
    }

    [Fact]
    public void Include_patterns_select_a_file_with_its_parents_only()
    {
        Assert.Equal(["a", "a/c", "a/c/d"], Walk(["a/c/d"], []));
        Assert.Equal(["a.txt"], Walk(["a.txt"], []));
        Assert.Equal(["a", "a/b", "a/c", "a/c/d"], Walk(["a"], []));
    }

    [Fact]
    public void Directories_carry_gos_directory_bit()
    {
        var directory = FileSync.Walk(_root, [], []).First(e => e.Path == "a");
        Assert.NotEqual(0u, FileSync.GoMode(directory.FullPath, directory.IsDirectory, directory.IsSymlink) & FileSync.GoModeDir);
        var file = FileSync.Walk(_root, [], []).First(e => e.Path == "a.txt");
        Assert.Equal(0u, FileSync.GoMode(file.FullPath, file.IsDirectory, file.IsSymlink) & FileSync.GoModeDir);
    }

    [Fact]
    public void A_fifo_is_sent_without_content_and_a_socket_as_an_empty_file()
    {
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [Path.Combine(_root, "pipe")]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Combine(_root, "sock")));
        var entries = FileSync.Walk(_root, [], []).ToDictionary(e => e.Path);
        Assert.Equal(Composer.Platform.UnixFileKind.Fifo, entries["pipe"].Kind);
        Assert.False(entries["pipe"].HasContent);
        Assert.Equal(Composer.Platform.UnixFileKind.Socket, entries["sock"].Kind);
        Assert.True(entries["sock"].HasContent);
        Assert.Equal(Composer.Platform.UnixFileKind.Regular, entries["a.txt"].Kind);
    }
}
