using System.Diagnostics;
using System.Text;

namespace Composer.Model.Tests;

/// <summary>
/// Each refusal of <see cref="InputFiles"/> and of the reader's structural limits, on real files in a temporary
/// folder: the message names the file and gives a line:col. (The time and memory bounds are measured by
/// `bench/Model.Bench --hostile`, not here.)
/// </summary>
public sealed class InputLimitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("composer-limits-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private ComposeModelException Refused(string composeText, IReadOnlyList<string>? envFiles = null)
    {
        var compose = Write("compose.yaml", composeText);
        return Assert.Throws<ComposeModelException>(() => ProjectLoader.Load(new ProjectOptions
        {
            WorkingDirectory = _dir,
            ConfigFiles = [compose],
            ProjectName = "limits",
            EnvFiles = envFiles ?? [],
        }));
    }

    private static Diagnostic Single(ComposeModelException e) => Assert.Single(e.Diagnostics);

    private static void AssertPositioned(Diagnostic d, string file, string message)
    {
        Assert.Equal(file, d.File);
        Assert.True(d.Line > 0 && d.Column > 0, d.ToString());
        Assert.Contains(message, d.Message);
    }

    [Fact]
    public void EnvFileThatIsACharacterDeviceIsRefusedBeforeReading()
    {
        var d = Single(Refused("services:\n  app:\n    image: busybox\n    env_file: /dev/zero\n"));
        AssertPositioned(d, "/dev/zero", "env file is a character device, not a regular file");
    }

    [Fact]
    public void EnvFileThatIsADirectoryIsRefused()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "envdir"));
        // The normalizer's existence check answers first, at the env_file entry, naming the path and what it is.
        var d = Single(Refused("services:\n  app:\n    image: busybox\n    env_file: ./envdir\n"));
        AssertPositioned(d, Path.Combine(_dir, "compose.yaml"), $"env file {Path.Combine(_dir, "envdir")} is a directory, not a regular file");
    }

    [Fact]
    public void DashDashEnvFileThatIsADirectoryIsRefused()
    {
        var d = Single(Refused("services:\n  app:\n    image: busybox\n", envFiles: [_dir]));
        AssertPositioned(d, _dir, "env file is a directory, not a regular file");
    }

    [Fact]
    public async Task EnvFileThatIsAFifoIsRefusedWithoutBlocking()
    {
        var fifo = Path.Combine(_dir, "pipe");
        using (var p = Process.Start("mkfifo", fifo)) p.WaitForExit();
        // Opening a FIFO blocks until a writer comes: the refusal must come from the metadata alone. (The wait
        // only keeps a regression from hanging the test run; it measures nothing.)
        var load = Task.Run(() => Refused("services:\n  app:\n    image: busybox\n    env_file: ./pipe\n"));
        var d = Single(await load.WaitAsync(TimeSpan.FromMinutes(1)));
        AssertPositioned(d, fifo, "env file is a FIFO (named pipe), not a regular file");
    }

    [Fact]
    public void DashDashEnvFileThatIsADeviceIsRefused()
    {
        var d = Single(Refused("services:\n  app:\n    image: busybox\n", envFiles: ["/dev/zero"]));
        AssertPositioned(d, "/dev/zero", "env file is a character device");
    }

    [Fact]
    public void ComposeFileThatIsADirectoryIsRefused()
    {
        var e = Assert.Throws<ComposeModelException>(() => ProjectLoader.Load(new ProjectOptions { WorkingDirectory = _dir, ConfigFiles = [_dir], ProjectName = "limits" }));
        AssertPositioned(Single(e), _dir, "compose file is a directory, not a regular file");
    }

    [Fact]
    public void ComposeFileOverTheCapIsRefusedOnItsSizeAlone()
    {
        var big = Path.Combine(_dir, "big.yaml");
        // A sparse file: its size is over the cap but nothing is written, so only the metadata can refuse it.
        using (var f = File.Create(big)) f.SetLength(InputFiles.MaxComposeFileBytes + 1);
        var e = Assert.Throws<ComposeModelException>(() => ProjectLoader.Load(new ProjectOptions { WorkingDirectory = _dir, ConfigFiles = [big], ProjectName = "limits" }));
        AssertPositioned(Single(e), big, "compose file is larger than the 1 MiB limit");
    }

    [Fact]
    public void EnvFileOverTheCapIsRefused()
    {
        var big = Path.Combine(_dir, "big.env");
        using (var f = File.Create(big)) f.SetLength(InputFiles.MaxEnvFileBytes + 1);
        var d = Single(Refused("services:\n  app:\n    image: busybox\n    env_file: ./big.env\n"));
        AssertPositioned(d, big, "env file is larger than the 1 MiB limit");
    }

    [Fact]
    public void AFileThatGrowsPastItsSizeIsCutWhileReading()
    {
        // /proc files claim a size of 0 and then produce text: the bound while reading is what stops them.
        var e = Assert.Throws<ComposeModelException>(() => InputFiles.ReadText("/proc/self/status", 16, "env file"));
        AssertPositioned(Single(e), "/proc/self/status", "env file is larger than the 16 bytes limit");
    }

    [Fact]
    public void InvalidUtf8InAComposeFileIsRefusedWithItsPosition()
    {
        var path = Path.Combine(_dir, "compose.yaml");
        File.WriteAllBytes(path, [.. "services:\n  app:\n    image: bé"u8, 0xFF, .. "x\n"u8]);
        var e = Assert.Throws<ComposeModelException>(() => ProjectLoader.Load(new ProjectOptions { WorkingDirectory = _dir, ConfigFiles = [path], ProjectName = "limits" }));
        var d = Single(e);
        Assert.Equal((3, 14), (d.Line, d.Column)); // after "    image: bé": columns count characters, not bytes
        AssertPositioned(d, path, "compose file is not valid UTF-8: byte 0xFF");
    }

    [Fact]
    public void InvalidUtf8InAnEnvFileIsRefusedWithItsPosition()
    {
        var env = Path.Combine(_dir, "app.env");
        File.WriteAllBytes(env, [.. "A=1\nB="u8, 0xC3, 0x28, .. "\n"u8]);
        var d = Single(Refused("services:\n  app:\n    image: busybox\n    env_file: ./app.env\n"));
        Assert.Equal((2, 3), (d.Line, d.Column));
        AssertPositioned(d, env, "env file is not valid UTF-8: byte 0xC3");
    }

    [Fact]
    public void AByteOrderMarkIsNotPartOfTheText()
    {
        var path = Path.Combine(_dir, "compose.yaml");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "services:\n  app:\n    image: busybox\n"u8]);
        var p = ProjectLoader.Load(new ProjectOptions { WorkingDirectory = _dir, ConfigFiles = [path], ProjectName = "limits" });
        Assert.Equal("busybox", p.Services["app"].Image);
    }

    [Fact]
    public void RunEnvFromFileIsBoundedToo()
    {
        var e = Assert.Throws<ComposeModelException>(() => EnvFile.Read("/dev/zero", _ => null));
        AssertPositioned(Single(e), "/dev/zero", "env file is a character device");
    }

    [Fact]
    public void AliasExpansionBombIsRefusedAtTheAlias()
    {
        var sb = new StringBuilder("x-lol:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++) sb.Append($"  l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 9))}]\n");
        sb.Append("services:\n  app:\n    image: busybox\n    command: *l9\n");
        var d = Single(Refused(sb.ToString()));
        AssertPositioned(d, Path.Combine(_dir, "compose.yaml"), "document too large after alias expansion");
    }

    [Fact]
    public void DeepNestingIsRefusedWhereItGoesTooDeep()
    {
        var d = Single(Refused("services:\n  app:\n    image: busybox\n    command: " + new string('[', 10000) + new string(']', 10000) + "\n"));
        AssertPositioned(d, Path.Combine(_dir, "compose.yaml"), "invalid YAML: nested more than 200 levels deep");
        Assert.Equal(4, d.Line);
    }

    [Fact]
    public void InterpolationNestedTooDeeplyIsRefused()
    {
        var value = string.Concat(Enumerable.Repeat("${U:-", 1000)) + "x" + new string('}', 1000);
        var d = Single(Refused($"services:\n  app:\n    image: \"{value}\"\n"));
        AssertPositioned(d, Path.Combine(_dir, "compose.yaml"), "nested more than 64 levels deep");
    }

    [Fact]
    public void EnvFileVariablesHandedToServicesAreBounded()
    {
        // 20 000 variables, named by 60 services: 1.2 million entries, over the 250 000 budget.
        var env = Write("many.env", string.Concat(Enumerable.Range(0, 20_000).Select(i => $"V{i}=x\n")));
        var services = string.Concat(Enumerable.Range(0, 60).Select(i => $"  s{i}:\n    image: busybox\n    env_file: ./many.env\n"));
        var d = Single(Refused("services:\n" + services));
        AssertPositioned(d, env, "env files give services more than 250000 variables in all (this file has 20000");
    }

    [Fact]
    public void AnEnvFileNamedByManyServicesIsReadOnce()
    {
        var env = Write("app.env", "A=1\n");
        var reads = 0;
        var compose = Write("compose.yaml", "services:\n" + string.Concat(Enumerable.Range(0, 5).Select(i => $"  s{i}:\n    image: busybox\n    env_file: ./app.env\n")));
        var p = ProjectLoader.Load(new ProjectOptions
        {
            WorkingDirectory = _dir,
            ConfigFiles = [compose],
            ProjectName = "limits",
            ReadFile = f => { if (f == env) reads++; return File.ReadAllText(f); },
        });
        Assert.Equal(1, reads);
        Assert.All(p.Services.Values, s => Assert.Equal("1", s.Environment["A"]));
    }

    [Fact]
    public void MoreServicesThanTheLimitAreRefusedAtTheServicesKey()
    {
        var services = string.Concat(Enumerable.Range(0, InputFiles.MaxServices + 1).Select(i => $"  s{i}: {{image: busybox}}\n"));
        var d = Single(Refused("name: many\nservices:\n" + services));
        AssertPositioned(d, Path.Combine(_dir, "compose.yaml"), "10001 services: a project may have at most 10000");
        Assert.Equal(3, d.Line);
    }

    [Fact]
    public void ServicesOverTheLimitAcrossFilesAreRefusedAfterTheMerge()
    {
        var half = InputFiles.MaxServices / 2 + 1;
        var a = Write("a.yaml", "services:\n" + string.Concat(Enumerable.Range(0, half).Select(i => $"  a{i}: {{image: busybox}}\n")));
        var b = Write("b.yaml", "services:\n" + string.Concat(Enumerable.Range(0, half).Select(i => $"  b{i}: {{image: busybox}}\n")));
        var e = Assert.Throws<ComposeModelException>(() => ProjectLoader.Load(new ProjectOptions { WorkingDirectory = _dir, ConfigFiles = [a, b], ProjectName = "limits" }));
        Assert.Contains($"{2 * half} services: a project may have at most", Single(e).Message);
    }

    [Fact]
    public void PortRangesExpandingPastTheBudgetAreRefusedAtTheRangeThatCrossesIt()
    {
        // Two full ranges (tcp and udp) are exactly the budget; a third crosses it.
        var d = Single(Refused("services:\n  app:\n    image: busybox\n    ports:\n      - 1-65535:1-65535\n      - 1-65535:1-65535/udp\n  other:\n    image: busybox\n    ports: [\"127.0.0.1:1-2:1-2\"]\n"));
        AssertPositioned(d, Path.Combine(_dir, "compose.yaml"), "port ranges expand to more than 131070 port mappings in this project");
        Assert.Equal((9, 13), (d.Line, d.Column));
    }

    [Fact]
    public void ExtendsCopyingPastTheBudgetIsRefusedAtTheExtends()
    {
        // A base of 2 000 labels extended by 1 001 services: about 2 million nodes copied.
        var labels = string.Concat(Enumerable.Range(0, 2_000).Select(i => $"      l{i}: v\n"));
        var services = string.Concat(Enumerable.Range(0, 1_001).Select(i => $"  s{i}: {{extends: base}}\n"));
        var d = Single(Refused("services:\n  base:\n    image: busybox\n    labels:\n" + labels + services));
        AssertPositioned(d, Path.Combine(_dir, "compose.yaml"), "extends copies more than 2000000 YAML nodes into services in all");
        Assert.Equal(19, d.Column); // at the `base` of `s...: {extends: base}`
    }

    /// <summary>A stream that never ends, as `yes | composer -f - config` gives stdin.</summary>
    private sealed class EndlessStream : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) { Array.Fill(buffer, (byte)'y', offset, count); return count; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void AComposeFileFromStdinIsBoundedAndDecodedStrictly()
    {
        var endless = Assert.Throws<ComposeModelException>(() => InputFiles.ReadComposeStream(new EndlessStream(), "/p/-"));
        AssertPositioned(Single(endless), "/p/-", "compose file is larger than the 1 MiB limit");
        var bad = Assert.Throws<ComposeModelException>(() => InputFiles.ReadComposeStream(new MemoryStream([.. "a: b\nc: "u8, 0xFF]), "/p/-"));
        Assert.Equal((2, 4), (Single(bad).Line, Single(bad).Column));
        Assert.Equal("a: b\n", InputFiles.ReadComposeStream(new MemoryStream("a: b\n"u8.ToArray()), "/p/-"));
    }
}
