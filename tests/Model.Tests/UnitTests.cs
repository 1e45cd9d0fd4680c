using System.Collections.Immutable;
using Composer.Model.Loading;

namespace Composer.Model.Tests;

public class InterpolationTests
{
    private static readonly Dictionary<string, string> Env = new()
    {
        ["SET"] = "value", ["EMPTY"] = "", ["B"] = "bee", ["PORT"] = "8080",
    };

    private static string? Lookup(string k) => Env.TryGetValue(k, out var v) ? v : null;

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("${SET}", "value")]
    [InlineData("$SET", "value")]
    [InlineData("$SET/x", "value/x")]
    [InlineData("${UNSET}", "")]
    [InlineData("${UNSET:-d}", "d")]
    [InlineData("${EMPTY:-d}", "d")]
    [InlineData("${EMPTY-d}", "")]
    [InlineData("${UNSET-d}", "d")]
    [InlineData("${SET:+alt}", "alt")]
    [InlineData("${EMPTY:+alt}", "")]
    [InlineData("${EMPTY+alt}", "alt")]
    [InlineData("${UNSET+alt}", "")]
    [InlineData("${A:-${B:-x}}", "bee")]
    [InlineData("${A:-${C:-x}}", "x")]
    [InlineData("${A:-pre-$B-post}", "pre-bee-post")]
    [InlineData("$$", "$")]
    [InlineData("$${SET}", "${SET}")]
    [InlineData("a$$b$SET", "a$bvalue")]
    [InlineData("${SET:?msg}", "value")]
    [InlineData("${UNSET:-}", "")]
    [InlineData("${PORT}:80", "8080:80")]
    [InlineData("${UNSET:-a:b}", "a:b")]
    // compose-go keeps a '$' that no name, '{' or '$' follows: its pattern does not match there.
    [InlineData("$", "$")]
    [InlineData("a $ b", "a $ b")]
    [InlineData("echo $(hostname)", "echo $(hostname)")]
    [InlineData("^regex$", "^regex$")]
    [InlineData("$1 $-x $@ $.", "$1 $-x $@ $.")]
    [InlineData("cost: $ 5", "cost: $ 5")]
    [InlineData("$é", "$é")]
    // Names are ASCII letters, digits and '_' and may be lower case; the name ends at the first other char.
    [InlineData("$set_$SET", "value")]
    [InlineData("$SET-x", "value-x")]
    [InlineData("$_", "")]
    // $$ is one literal '$' and is never the start of a substitution.
    [InlineData("$$$SET", "$value")]
    [InlineData("$$$$", "$$")]
    // compose-go's ARG runs to the brace that balances '${', so JSON-like defaults keep their braces.
    [InlineData("${UNSET:-{\"a\":1}}", "{\"a\":1}")]
    [InlineData("${UNSET:-{\"a\":{\"b\":2}}}", "{\"a\":{\"b\":2}}")]
    [InlineData("${UNSET:-{}}", "{}")]
    [InlineData("${UNSET:-a}}", "a}")]
    // compose-go skips the char right after each '{' when it balances braces, so in "{}" the '}' does not count.
    [InlineData("${UNSET:-{}}x}", "{}}x")]
    [InlineData("${UNSET:-x} and ${SET:-y}", "x and value")]
    [InlineData("${UNSET:-${ALSO:-${SET}}}", "value")]
    [InlineData("${UNSET:-$SET}", "value")]
    [InlineData("${UNSET:-$${SET}}", "${SET}")]
    // A default is substituted only when it is used, so a broken one is not an error when it is not.
    [InlineData("${SET:-${}", "value")]
    [InlineData("${SET:-${UNSET:?never}}", "value")]
    [InlineData("${UNSET:+${}}", "")]
    [InlineData("${SET?${}}", "value")]
    // The unset / empty table: '-' and ':-', '+' and ':+', '?' and ':?'.
    [InlineData("${EMPTY?}", "")]
    [InlineData("${EMPTY:+alt}${EMPTY+alt}", "alt")]
    [InlineData("${SET+alt}", "alt")]
    [InlineData("${UNSET:+alt}", "")]
    [InlineData("${SET:+${B}}", "bee")]
    // The operator is the first one after the name; later ':-' or '?' belong to the ARG.
    [InlineData("${UNSET-a:-b}", "a:-b")]
    [InlineData("${UNSET:-a?b}", "a?b")]
    // Braces only pair up on one line: a newline ends the ARG search.
    [InlineData("${UNSET:-a}\n}", "a\n}")]
    public void Substitutes(string input, string expected)
    {
        Assert.Equal(expected, Interpolation.Interpolate(input, Lookup, out var err));
        Assert.Null(err);
    }

    [Theory]
    [InlineData("${UNSET:?must be set}", "required variable UNSET is missing a value: must be set")]
    // compose-go's MissingRequiredError: no ": reason" when the message is empty.
    [InlineData("${UNSET?}", "required variable UNSET is missing a value")]
    [InlineData("${EMPTY:?}", "required variable EMPTY is missing a value")]
    [InlineData("${UNSET:?${B} is needed}", "required variable UNSET is missing a value: bee is needed")]
    [InlineData("${UNSET:?{\"x\":1}}", "required variable UNSET is missing a value: {\"x\":1}")]
    [InlineData("${A:-${UNSET:?inner}}", "required variable UNSET is missing a value: inner")]
    public void RequiredVariablesFail(string input, string message)
    {
        Assert.Null(Interpolation.Interpolate(input, Lookup, out var err));
        Assert.Equal(message, err);
    }

    [Theory]
    [InlineData("${}")]
    [InlineData("${SET")]
    [InlineData("${SET:-x")]
    [InlineData("${1X}")]
    [InlineData("${SET!}")]
    [InlineData("${SET :-x}")]
    [InlineData("${SET:x}")]
    [InlineData("${ SET}")]
    [InlineData("${UNSET:-${}")]
    [InlineData("${UNSET:-a\n}")]
    [InlineData("ok ${SET} then ${")]
    // The same skip: the default runs to the last '}' of the line, "{}} ${SET", whose "${SET" is unclosed.
    [InlineData("${UNSET:-{}} ${SET}")]
    public void SyntaxErrors(string input)
    {
        Assert.Null(Interpolation.Interpolate(input, Lookup, out var err));
        Assert.StartsWith("invalid interpolation format", err);
    }
}

public class ShellWordsTests
{
    [Theory]
    [InlineData("echo hello", new[] { "echo", "hello" })]
    [InlineData("  a   b  ", new[] { "a", "b" })]
    [InlineData("sh -c 'echo \"x y\"'", new[] { "sh", "-c", "echo \"x y\"" })]
    [InlineData("echo \"a \\\"b\\\" c\"", new[] { "echo", "a \"b\" c" })]
    [InlineData("a\\ b c", new[] { "a b", "c" })]
    [InlineData("'it''s'", new[] { "its" })]
    [InlineData("\"\"", new[] { "" })]
    [InlineData("x='1 2'", new[] { "x=1 2" })]
    [InlineData("", new string[0])]
    public void Splits(string input, string[] expected) => Assert.Equal(expected, ShellWords.Split(input));

    [Theory]
    [InlineData("echo 'open")]
    [InlineData("echo \"open")]
    public void UnterminatedQuotesFail(string input) => Assert.False(ShellWords.TrySplit(input, out _, out _));
}

public class SyntaxTests
{
    private static string Show(IEnumerable<PortConfig> ports) =>
        string.Join(" ", ports.Select(p => $"{p.HostIp ?? "*"}|{p.Published ?? "-"}|{p.Target}/{p.Protocol}"));

    [Theory]
    [InlineData("3000", "*|-|3000/tcp")]
    [InlineData("8000:80", "*|8000|80/tcp")]
    [InlineData("127.0.0.1:8001:80", "127.0.0.1|8001|80/tcp")]
    [InlineData("127.0.0.1::80", "127.0.0.1|-|80/tcp")]
    [InlineData("8000-8002:80-82", "*|8000|80/tcp *|8001|81/tcp *|8002|82/tcp")]
    [InlineData("8000-8002:80", "*|8000-8002|80/tcp")]
    [InlineData("53:53/udp", "*|53|53/udp")]
    [InlineData("3000-3001", "*|-|3000/tcp *|-|3001/tcp")]
    [InlineData("[::1]:80:8080", "::1|80|8080/tcp")]
    [InlineData("5434:5432", "*|5434|5432/tcp")]
    public void ParsesPorts(string spec, string expected)
    {
        Assert.True(Syntax.TryParsePort(spec, out var ports, out var err), err);
        Assert.Equal(expected, Show(ports));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("70000:80")]
    [InlineData("80:0")]
    [InlineData("80:80/icmp")]
    [InlineData("8000-8001:80-82")]
    [InlineData("300.1.1.1:80:80")]
    [InlineData("90-80")]
    [InlineData("")]
    public void RejectsBadPorts(string spec) => Assert.False(Syntax.TryParsePort(spec, out _, out _));

    [Theory]
    [InlineData("data:/data", VolumeType.Volume, "data", "/data", false)]
    [InlineData("/var/cache", VolumeType.Volume, null, "/var/cache", false)]
    [InlineData("./src:/app:ro", VolumeType.Bind, "./src", "/app", true)]
    [InlineData("../pgdata:/var/lib/postgresql/data/", VolumeType.Bind, "../pgdata", "/var/lib/postgresql/data", false)]
    [InlineData("~/x:/x:rw", VolumeType.Bind, "~/x", "/x", false)]
    [InlineData("/host:/c:z", VolumeType.Bind, "/host", "/c", false)]
    [InlineData("cache:/c:nocopy", VolumeType.Volume, "cache", "/c", false)]
    public void ParsesVolumes(string spec, VolumeType type, string? source, string target, bool ro)
    {
        Assert.True(Syntax.TryParseVolume(spec, out var v, out var err), err);
        Assert.Equal((type, source, target, ro), (v.Type, v.Source, v.Target, v.ReadOnly));
    }

    [Fact]
    public void SelinuxAndNocopyAreKept()
    {
        Assert.True(Syntax.TryParseVolume("./a:/a:ro,Z", out var v, out _));
        Assert.Equal("Z", v.Bind!.SELinux);
        Assert.True(Syntax.TryParseVolume("n:/n:nocopy", out var w, out _));
        Assert.True(w.Volume!.NoCopy);
    }

    [Theory]
    [InlineData("data:relative")]
    [InlineData("a:b:c:d")]
    [InlineData("./x:/x:bogus")]
    [InlineData(":/x")]
    [InlineData("")]
    public void RejectsBadVolumes(string spec) => Assert.False(Syntax.TryParseVolume(spec, out _, out _));

    [Fact]
    public void ResolvesPaths()
    {
        Assert.Equal("/p/pgdata", Syntax.ResolvePath("../pgdata", "/p/proj", "/home/u"));
        Assert.Equal("/home/u/x", Syntax.ResolvePath("~/x", "/p", "/home/u"));
        Assert.Equal("/p/a", Syntax.ResolvePath("./a/", "/p", null));
    }

    [Theory]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h2m3.5s", 3_723_500)]
    [InlineData("500ms", 500)]
    [InlineData("10s", 10_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("30", 30_000)]
    [InlineData("0", 0)]
    [InlineData("1000us", 1)]
    public void ParsesDurations(string text, long ms)
    {
        Assert.True(Units.TryParseDuration(text, out var t));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), t);
    }

    [Theory]
    [InlineData("10 sec")]
    [InlineData("abc")]
    [InlineData("1x")]
    [InlineData("")]
    [InlineData("s")]
    public void RejectsBadDurations(string text) => Assert.False(Units.TryParseDuration(text, out _));

    [Theory]
    [InlineData(90_000, "1m30s")]
    [InlineData(3_723_500, "1h2m3.5s")]
    [InlineData(500, "500ms")]
    [InlineData(0, "0s")]
    public void FormatsDurations(long ms, string text) => Assert.Equal(text, Units.FormatDuration(TimeSpan.FromMilliseconds(ms)));

    [Theory]
    [InlineData("512", 512L)]
    [InlineData("1k", 1024L)]
    [InlineData("64m", 64L * 1024 * 1024)]
    [InlineData("1gb", 1024L * 1024 * 1024)]
    [InlineData("1.5G", 1610612736L)]
    public void ParsesBytes(string text, long bytes)
    {
        Assert.True(Units.TryParseBytes(text, out var v));
        Assert.Equal(bytes, v);
    }

    [Theory]
    [InlineData("no", "no")]
    [InlineData("always", "always")]
    [InlineData("unless-stopped", "unless-stopped")]
    [InlineData("on-failure", "on-failure")]
    [InlineData("on-failure:3", "on-failure:3")]
    public void ParsesRestart(string text, string back) => Assert.Equal(back, RestartPolicy.TryParse(text)!.ToString());

    [Theory]
    [InlineData("sometimes")]
    [InlineData("on-failure:")]
    [InlineData("on-failure:-1")]
    [InlineData("Always")]
    public void RejectsRestart(string text) => Assert.Null(RestartPolicy.TryParse(text));

    [Theory]
    [InlineData("My_Project", "my_project")]
    [InlineData("-app.v2", "appv2")]
    [InlineData("Web App", "webapp")]
    public void NormalizesProjectNames(string folder, string name) => Assert.Equal(name, Syntax.NormalizeProjectName(folder));
}

public class GraphTests
{
    private static ServiceConfig S(string name, params string[] deps) => new()
    {
        Name = name,
        Image = "x",
        DependsOn = deps.ToImmutableSortedDictionary(d => d, _ => new Dependency(DependencyCondition.ServiceStarted), StringComparer.Ordinal),
    };

    [Fact]
    public void LevelsAndOrders()
    {
        var g = ServiceGraph.Build([S("web", "api"), S("api", "db", "cache"), S("db"), S("cache"), S("worker", "db")]);
        Assert.Equal("0: cache, db\n1: api, worker\n2: web", g.ToString());
        Assert.Equal(["web", "api", "worker", "cache", "db"], g.StopOrder.ToArray());
        Assert.Equal(["api"], g.DependenciesOf("web"));
        Assert.Equal(["api", "cache", "db"], g.DependenciesOf("web", transitive: true));
        Assert.Equal(["api", "worker"], g.DependentsOf("db"));
        Assert.Equal(["api", "web", "worker"], g.DependentsOf("db", transitive: true));
        Assert.Equal(["api", "cache", "db", "web"], g.WithDependencies(["web"]));
    }

    [Fact]
    public void EdgesFromLinksVolumesFromAndNetworkMode()
    {
        var g = ServiceGraph.Build([
            S("a") with { Links = [new Link("b", "bee")] },
            S("b") with { VolumesFrom = ["service:c:ro"] },
            S("c") with { NetworkMode = "service:d" },
            S("d") with { VolumesFrom = ["container:foreign"] },
        ]);
        Assert.Equal("0: d\n1: c\n2: b\n3: a", g.ToString());
        Assert.Equal([EdgeKind.Link, EdgeKind.VolumesFrom, EdgeKind.NetworkMode], g.Edges.Select(e => e.Kind).Order());
    }

    [Fact]
    public void IpcAndPidOfAServiceOrderStartUpLikeDependsOn()
    {
        var g = ServiceGraph.Build([
            S("app") with { Ipc = "service:shm", Pid = "service:tracer" },
            S("shm") with { Ipc = "shareable" },
            S("tracer") with { Pid = "host" },
        ]);
        Assert.Equal("0: shm, tracer\n1: app", g.ToString());
        Assert.Equal([EdgeKind.Ipc, EdgeKind.Pid], g.Edges.Select(e => e.Kind).Order());
        Assert.Equal(["shm", "tracer"], ServiceReferences.ContainersNamed(S("app") with { Ipc = "service:shm", Pid = "service:tracer" }).Order());
    }

    [Fact]
    public void CycleIsNamed()
    {
        var ex = Assert.Throws<ComposeModelException>(() => ServiceGraph.Build([S("a", "b"), S("b", "c"), S("c", "a"), S("d", "a")]));
        Assert.Contains("a -> b -> c -> a", ex.Message);
    }

    [Fact]
    public void SelfDependencyIsACycle()
    {
        var ex = Assert.Throws<ComposeModelException>(() => ServiceGraph.Build([S("a", "a")]));
        Assert.Contains("a -> a", ex.Message);
    }

    [Fact]
    public void OptionalDependencyOnMissingServiceIsIgnored()
    {
        var a = S("a") with { DependsOn = ImmutableSortedDictionary<string, Dependency>.Empty.Add("gone", new Dependency(DependencyCondition.ServiceStarted, Required: false)) };
        Assert.Equal("0: a", ServiceGraph.Build([a]).ToString());
        Assert.Throws<ComposeModelException>(() => ServiceGraph.Build([S("a", "gone")]));
    }
}

public class LoaderTests
{
    private static Project Load(string yaml, Dictionary<string, string>? env = null) =>
        ProjectLoader.LoadText(yaml, "/virtual/proj/compose.yaml", env, "proj");

    [Fact]
    public void HashIgnoresScaleBuildAndProfiles()
    {
        var a = Load("services:\n  web:\n    image: nginx\n    scale: 1\n").Services["web"];
        var b = Load("services:\n  web:\n    image: nginx\n    scale: 3\n    profiles: [x]\n    deploy: {replicas: 3}\n    build: .\n").DisabledServices["web"];
        var c = Load("services:\n  web:\n    image: nginx\n    environment: [A=1]\n").Services["web"];
        Assert.Equal(ServiceHash.Compute(a), ServiceHash.Compute(b with { Profiles = [] }));
        Assert.NotEqual(ServiceHash.Compute(a), ServiceHash.Compute(c));
    }

    [Fact]
    public void An_empty_volume_block_is_printed_as_compose_go_prints_it_but_does_not_change_the_hash()
    {
        var shortSyntax = Load("services:\n  db:\n    image: postgres\n    volumes: [data:/var/lib/postgresql/data]\nvolumes: {data: {}}\n");
        var longSyntax = Load("services:\n  db:\n    image: postgres\n    volumes: [{type: volume, source: data, target: /var/lib/postgresql/data}]\nvolumes: {data: {}}\n");
        Assert.Contains("volume: {}", CanonicalYaml.Write(shortSyntax));
        Assert.DoesNotContain("volume: {}", CanonicalYaml.Write(longSyntax));
        // Containers created before `volume: {}` was printed keep their hash, so an upgrade recreates nothing.
        Assert.Equal(ServiceHash.Compute(longSyntax.Services["db"]), ServiceHash.Compute(shortSyntax.Services["db"]));
    }

    [Fact]
    public void DiagnosticFormat()
    {
        var ex = Assert.Throws<ComposeModelException>(() => Load("services:\n  web:\n    image: nginx\n    ports: [\"80:80\", \"x\"]\n"));
        Assert.Equal("/virtual/proj/compose.yaml:4:22: services.web.ports[1]: invalid port 'x': 'x' is not a port number", ex.Diagnostics.Single().ToString());
    }

    [Fact]
    public void ProcessEnvironmentIsInjected()
    {
        var p = Load("services:\n  web:\n    image: \"nginx:${TAG:-latest}\"\n", new() { ["TAG"] = "1.25" });
        Assert.Equal("nginx:1.25", p.Services["web"].Image);
    }

    [Fact]
    public void TypedFieldsAreNormalized()
    {
        var p = Load("""
            services:
              web:
                image: nginx
                restart: on-failure:4
                command: nginx -g 'daemon off;'
                healthcheck:
                  test: curl -f localhost
                  interval: 1m30s
                stop_grace_period: 500ms
                mem_limit: 64m
                x-composer:
                  restart_unhealthy: true
            """);
        var s = p.Services["web"];
        Assert.Equal(RestartPolicy.OnFailure(4), s.Restart);
        Assert.Equal(["nginx", "-g", "daemon off;"], s.Command!.Value.ToArray());
        Assert.Equal(["CMD-SHELL", "curl -f localhost"], s.Healthcheck!.Test.ToArray());
        Assert.Equal(TimeSpan.FromSeconds(90), s.Healthcheck.Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), s.StopGracePeriod);
        Assert.Equal(64L * 1024 * 1024, s.MemLimit);
        Assert.True(s.Composer.RestartUnhealthy);
        Assert.Equal("proj_default", p.Networks["default"].Name);
        Assert.True(s.Networks.ContainsKey("default"));
    }

    [Fact]
    public void NoFileFoundIsAnError()
    {
        var ex = Assert.Throws<ComposeModelException>(() => ProjectLoader.Load(new ProjectOptions
        {
            WorkingDirectory = "/nowhere/at/all",
            FileExists = _ => false,
        }));
        Assert.Contains("no configuration file provided", ex.Message);
    }
}
