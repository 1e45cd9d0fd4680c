using System.Diagnostics;
using System.Formats.Tar;
using System.Text;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>`composer cp`, checked through `docker exec` in the container and the file system on the host.</summary>
public sealed class CopyTests
{
    private static string Box(TempProject project, int number = 1) => $"{project.Name}-box-{number}";

    /// <summary>A running `box` with /srv/data/a.txt and /srv/data/sub/b.txt inside.</summary>
    private static async Task<TempProject> StartedWithDataAsync()
    {
        var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        await Docker.ExecAsync(Box(project), "sh", "-c", "mkdir -p /srv/data/sub && echo alpha > /srv/data/a.txt && echo beta > /srv/data/sub/b.txt");
        return project;
    }

    [Fact]
    public async Task A_host_file_goes_into_an_existing_directory_or_becomes_a_new_name()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        project.Write("notes.txt", "from the host\n");

        await project.ComposerOkAsync("cp", "notes.txt", "box:/tmp");
        Assert.Equal("from the host", await Docker.ExecAsync(Box(project), "cat", "/tmp/notes.txt"));

        await project.ComposerOkAsync("cp", "notes.txt", "box:/tmp/renamed.txt");
        Assert.Equal("from the host", await Docker.ExecAsync(Box(project), "cat", "/tmp/renamed.txt"));
        // A name ending in / promises a directory: no file may be made of it.
        var promised = await project.ComposerAsync("cp", "notes.txt", "box:/tmp/absent/");
        Assert.NotEqual(0, promised.ExitCode);
        Assert.Contains("/tmp/absent", promised.Stderr);
    }

    [Fact]
    public async Task A_container_file_comes_out_into_a_directory_or_under_a_new_name()
    {
        await using var project = await StartedWithDataAsync();
        Directory.CreateDirectory(Path.Combine(project.Directory, "out"));

        await project.ComposerOkAsync("cp", "box:/srv/data/a.txt", "out");
        Assert.Equal("alpha\n", File.ReadAllText(Path.Combine(project.Directory, "out", "a.txt")));

        await project.ComposerOkAsync("cp", "box:/srv/data/a.txt", "out/first.txt");
        Assert.Equal("alpha\n", File.ReadAllText(Path.Combine(project.Directory, "out", "first.txt")));
        // An existing file is replaced.
        await project.ComposerOkAsync("cp", "box:/srv/data/sub/b.txt", "out/first.txt");
        Assert.Equal("beta\n", File.ReadAllText(Path.Combine(project.Directory, "out", "first.txt")));
    }

    [Fact]
    public async Task A_directory_copies_itself_or_with_a_trailing_dot_its_contents_both_ways()
    {
        await using var project = await StartedWithDataAsync();
        project.Write("tree/top.txt", "top\n");
        project.Write("tree/nested/deep.txt", "deep\n");
        project.Write("tree/.hidden", "dot\n");

        // Into an existing directory: the directory itself, by name.
        await project.ComposerOkAsync("cp", "tree", "box:/tmp");
        Assert.Equal("deep", await Docker.ExecAsync(Box(project), "cat", "/tmp/tree/nested/deep.txt"));
        Assert.Equal("dot", await Docker.ExecAsync(Box(project), "cat", "/tmp/tree/.hidden"));
        // To a new name: created with that name.
        await project.ComposerOkAsync("cp", "tree", "box:/tmp/copy");
        Assert.Equal("top", await Docker.ExecAsync(Box(project), "cat", "/tmp/copy/top.txt"));
        // "/." into an existing directory: only what is inside.
        await Docker.ExecAsync(Box(project), "mkdir", "/tmp/flat");
        await project.ComposerOkAsync("cp", "tree/.", "box:/tmp/flat");
        Assert.Equal(".hidden nested top.txt", await Docker.ExecAsync(Box(project), "sh", "-c", "ls -A /tmp/flat | tr '\\n' ' ' | sed 's/ $//'"));

        var output = Directory.CreateDirectory(Path.Combine(project.Directory, "out")).FullName;
        await project.ComposerOkAsync("cp", "box:/srv/data", "out");
        Assert.Equal("beta\n", File.ReadAllText(Path.Combine(output, "data", "sub", "b.txt")));
        await project.ComposerOkAsync("cp", "box:/srv/data", "out/renamed");
        Assert.Equal("alpha\n", File.ReadAllText(Path.Combine(output, "renamed", "a.txt")));
        Directory.CreateDirectory(Path.Combine(output, "flat"));
        await project.ComposerOkAsync("cp", "box:/srv/data/.", "out/flat");
        Assert.Equal(["a.txt", "sub"], Directory.EnumerateFileSystemEntries(Path.Combine(output, "flat")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("beta\n", File.ReadAllText(Path.Combine(output, "flat", "sub", "b.txt")));
    }

    [Fact]
    public async Task Index_picks_one_container_of_a_scaled_service_and_all_reaches_every_one()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d", "--scale", "box=2");
        project.Write("marker.txt", "second\n");
        project.Write("everyone.txt", "all\n");

        await project.ComposerOkAsync("cp", "--index", "2", "marker.txt", "box:/tmp/marker.txt");
        Assert.Equal("second", await Docker.ExecAsync(Box(project, 2), "cat", "/tmp/marker.txt"));
        Assert.NotEqual(0, (await Docker.TryAsync("exec", Box(project, 1), "test", "-e", "/tmp/marker.txt")).ExitCode);
        // Without --index, container #1.
        await Docker.ExecAsync(Box(project, 1), "sh", "-c", "echo first > /tmp/which");
        await Docker.ExecAsync(Box(project, 2), "sh", "-c", "echo second > /tmp/which");
        await project.ComposerOkAsync("cp", "box:/tmp/which", "one.txt");
        await project.ComposerOkAsync("cp", "--index", "2", "box:/tmp/which", "two.txt");
        Assert.Equal("first\n", File.ReadAllText(Path.Combine(project.Directory, "one.txt")));
        Assert.Equal("second\n", File.ReadAllText(Path.Combine(project.Directory, "two.txt")));

        await project.ComposerOkAsync("cp", "--all", "everyone.txt", "box:/tmp/");
        Assert.Equal("all", await Docker.ExecAsync(Box(project, 1), "cat", "/tmp/everyone.txt"));
        Assert.Equal("all", await Docker.ExecAsync(Box(project, 2), "cat", "/tmp/everyone.txt"));

        var fromAll = await project.ComposerAsync("cp", "--all", "box:/tmp/which", "x.txt");
        Assert.NotEqual(0, fromAll.ExitCode);
        Assert.Contains("--all", fromAll.Stderr);
        var noSuchIndex = await project.ComposerAsync("cp", "--index", "5", "marker.txt", "box:/tmp");
        Assert.NotEqual(0, noSuchIndex.ExitCode);
        Assert.Contains("#5", noSuchIndex.Stderr);
    }

    [Fact]
    public async Task Dash_writes_the_tar_to_stdout_and_reads_one_from_stdin()
    {
        await using var project = await StartedWithDataAsync();

        var exported = await ComposerWithBytesAsync(project, [], "cp", "box:/srv/data", "-");
        Assert.True(exported.ExitCode == 0, exported.Stderr);
        var entries = new Dictionary<string, string>();
        await using (var reader = new TarReader(new MemoryStream(exported.Stdout)))
            while (await reader.GetNextEntryAsync() is { } entry)
                entries[entry.Name.TrimEnd('/')] = entry.DataStream is { } data ? await new StreamReader(data).ReadToEndAsync() : "";
        Assert.Equal(["data", "data/a.txt", "data/sub", "data/sub/b.txt"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("alpha\n", entries["data/a.txt"]);

        var imported = await ComposerWithBytesAsync(project, Tar(("in.txt", "from stdin\n"), ("nested/x.txt", "x\n")), "cp", "-", "box:/tmp");
        Assert.True(imported.ExitCode == 0, imported.Stderr);
        Assert.Equal("from stdin", await Docker.ExecAsync(Box(project), "cat", "/tmp/in.txt"));
        Assert.Equal("x", await Docker.ExecAsync(Box(project), "cat", "/tmp/nested/x.txt"));

        var notADirectory = await ComposerWithBytesAsync(project, Tar(("in.txt", "no\n")), "cp", "-", "box:/srv/data/a.txt");
        Assert.NotEqual(0, notADirectory.ExitCode);
        Assert.Contains("must be a directory", notADirectory.Stderr);
    }

    [Fact]
    public async Task A_missing_service_or_path_is_a_clear_error()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        project.Write("present.txt", "here\n");

        var cases = new (string[] Args, string Says)[]
        {
            (["cp", "present.txt", "nosuch:/tmp"], "no such service: nosuch"),
            (["cp", "box:/no/such/file", "out.txt"], "/no/such/file"),
            (["cp", "absent.txt", "box:/tmp"], "absent.txt"),
            (["cp", "present.txt", "box:/no/such/dir/file"], "/no/such/dir"),
            (["cp", "present.txt", "elsewhere.txt"], "SERVICE:PATH"),
        };
        foreach (var (args, says) in cases)
        {
            var result = await project.ComposerAsync(args);
            Assert.True(result.ExitCode != 0, $"{string.Join(' ', args)} succeeded");
            Assert.Contains(says, result.Stderr);
            Assert.DoesNotContain("   at ", result.All);
        }
        Assert.False(File.Exists(Path.Combine(project.Directory, "out.txt")));
    }

    [Fact]
    public async Task Files_copied_in_belong_to_root_unless_archive_mode_keeps_the_host_owner()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        var file = project.Write("owned.txt", "mine\n");
        // Run as root, the file would be root's already and prove nothing: it gets someone else.
        if (await HostOwnerAsync(file) == "0:0") (await ProcessRunner.RunAsync("chown", ["1234:2345", file])).EnsureSuccess("chown");
        var hostOwner = await HostOwnerAsync(file);
        Assert.NotEqual("0:0", hostOwner);

        await project.ComposerOkAsync("cp", "owned.txt", "box:/tmp/plain.txt");
        await project.ComposerOkAsync("cp", "-a", "owned.txt", "box:/tmp/archived.txt");
        Assert.Equal("0:0", await Docker.ExecAsync(Box(project), "stat", "-c", "%u:%g", "/tmp/plain.txt"));
        Assert.Equal(hostOwner, await Docker.ExecAsync(Box(project), "stat", "-c", "%u:%g", "/tmp/archived.txt"));
    }

    private static async Task<string> HostOwnerAsync(string file) =>
        (await ProcessRunner.RunAsync("stat", ["-c", "%u:%g", file])).EnsureSuccess("stat").Stdout.Trim();

    [Fact]
    public async Task Follow_link_copies_what_a_symlink_points_to_under_the_links_name()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        project.Write("target.txt", "pointed at\n");
        File.CreateSymbolicLink(Path.Combine(project.Directory, "link.txt"), "target.txt");

        await project.ComposerOkAsync("cp", "link.txt", "box:/tmp/as-link");
        await project.ComposerOkAsync("cp", "-L", "link.txt", "box:/tmp");
        Assert.Equal("target.txt", await Docker.ExecAsync(Box(project), "readlink", "/tmp/as-link"));
        Assert.Equal("pointed at", await Docker.ExecAsync(Box(project), "cat", "/tmp/link.txt"));
        Assert.NotEqual(0, (await Docker.TryAsync("exec", Box(project), "test", "-L", "/tmp/link.txt")).ExitCode);
    }

    [Fact]
    public async Task Links_in_a_containers_tree_arrive_as_links_and_never_reach_the_host_files_they_name()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        // A host file the container names by its host path: the copy may write a link to it, never its content.
        var secret = project.Write("host-secret.txt", "the host's secret\n");
        await Docker.ExecAsync(Box(project), "sh", "-c",
            "mkdir -p /srv/trap && cd /srv/trap && echo inside > a.txt && ln a.txt a-again.txt"
            + $" && ln -s {secret} to-secret && ln to-secret hard-to-secret && ln -s {project.Directory} host-dir && ln -s .. parent");
        var output = Directory.CreateDirectory(Path.Combine(project.Directory, "out")).FullName;

        await project.ComposerOkAsync("cp", "box:/srv/trap", "out");

        var trap = Path.Combine(output, "trap");
        Assert.Equal(secret, new FileInfo(Path.Combine(trap, "to-secret")).LinkTarget);
        // A hard link to a symlink is that symlink again: the copy used to read the host file it named.
        Assert.Equal(secret, new FileInfo(Path.Combine(trap, "hard-to-secret")).LinkTarget);
        Assert.Equal(project.Directory, new FileInfo(Path.Combine(trap, "host-dir")).LinkTarget);
        Assert.Equal("..", new FileInfo(Path.Combine(trap, "parent")).LinkTarget);
        File.AppendAllText(Path.Combine(trap, "a-again.txt"), "one file, two names\n");
        Assert.Equal("inside\none file, two names\n", File.ReadAllText(Path.Combine(trap, "a.txt")));
        Assert.Equal("the host's secret\n", File.ReadAllText(secret));
    }

    [Fact]
    public async Task A_relative_symlink_out_of_the_destination_stops_the_copy_as_docker_cp_does()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        await Docker.ExecAsync(Box(project), "sh", "-c", "mkdir -p /srv/escape && ln -s ../../../../../../../../etc/passwd /srv/escape/passwd");
        Directory.CreateDirectory(Path.Combine(project.Directory, "out"));

        var result = await project.ComposerAsync("cp", "box:/srv/escape", "out");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("escape/passwd", result.Stderr);
        Assert.Contains("outside", result.Stderr);
        Assert.DoesNotContain("   at ", result.All);
        Assert.False(Path.Exists(Path.Combine(project.Directory, "out", "escape", "passwd")));
    }

    private static byte[] Tar(params (string Name, string Content)[] files)
    {
        using var archive = new MemoryStream();
        using (var writer = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var (name, content) in files)
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                });
        return archive.ToArray();
    }

    /// <summary>composer with raw bytes in and out (a tar stream), which the line-reading harness would mangle.</summary>
    private static async Task<(int ExitCode, byte[] Stdout, string Stderr)> ComposerWithBytesAsync(TempProject project, byte[] stdin, params string[] args)
    {
        var info = ComposerCli.StartInfo(["-p", project.Name, .. args]);
        info.WorkingDirectory = project.Directory;
        info.RedirectStandardInput = true;
        using var process = Process.Start(info)!;
        using var stdout = new MemoryStream();
        var reading = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(stdin);
        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(limit.Token);
        await reading;
        return (process.ExitCode, stdout.ToArray(), await stderr);
    }
}
