using System.Formats.Tar;
using Composer.Engine.Build;

namespace Composer.Engine.Tests.Unit;

/// <summary>A Dockerfile outside its build context is sent inside the archive under a name of its own, as the docker CLI does.</summary>
public sealed class BuildContextTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("composer-context-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_dockerfile_outside_the_context_travels_inside_it()
    {
        Directory.CreateDirectory(Path.Combine(_root, "web", "app"));
        File.WriteAllText(Path.Combine(_root, "web", "app", "main.py"), "print()");
        Directory.CreateDirectory(Path.Combine(_root, "notebook"));
        File.WriteAllText(Path.Combine(_root, "notebook", "Dockerfile"), "FROM debian:bookworm\n");
        var context = Path.Combine(_root, "web");

        Assert.Null(BuildContext.DockerfileOutside(context, "Dockerfile"));
        var extra = BuildContext.DockerfileOutside(context, "../notebook/Dockerfile");
        Assert.NotNull(extra);
        Assert.StartsWith(".dockerfile.", extra.Name, StringComparison.Ordinal);

        await using var archive = await BuildContext.PackAsync(context, extra.Name, CancellationToken.None, extra);
        var entries = new Dictionary<string, string>();
        await using var reader = new TarReader(archive);
        while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
            entries[entry.Name] = entry.DataStream is null ? "" : new StreamReader(entry.DataStream).ReadToEnd();
        Assert.Equal("FROM debian:bookworm\n", entries[extra.Name]);
        Assert.Contains("app/main.py", entries.Keys);
    }

    [Fact]
    public void A_missing_dockerfile_outside_the_context_is_named() =>
        Assert.Contains("Dockerfile not found", Assert.Throws<FileNotFoundException>(() => BuildContext.DockerfileOutside(_root, "../nowhere/Dockerfile")).Message);

    [Fact]
    public async Task A_socket_is_left_out_and_a_fifo_travels_as_a_fifo()
    {
        File.WriteAllText(Path.Combine(_root, "Dockerfile"), "FROM busybox\n");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [Path.Combine(_root, "pipe")]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Combine(_root, "sock")));

        await using var archive = await BuildContext.PackAsync(_root, "Dockerfile", CancellationToken.None);
        var types = new Dictionary<string, TarEntryType>();
        await using var reader = new TarReader(archive);
        while (await reader.GetNextEntryAsync() is { } entry) types[entry.Name] = entry.EntryType;
        Assert.Equal(TarEntryType.Fifo, types["pipe"]);
        Assert.DoesNotContain("sock", types.Keys);
    }
}
