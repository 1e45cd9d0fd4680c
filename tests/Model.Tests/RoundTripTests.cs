namespace Composer.Model.Tests;

/// <summary>
/// `composer config | composer -f - config` prints the same thing: the canonical output of every good corpus case,
/// loaded again as a compose file (same project directory, name and profiles), prints identically. This pins the
/// `$` → `$$` escaping of the printers (docker compose's rule) and that the canonical forms are loadable.
/// </summary>
public class RoundTripTests
{
    public static TheoryData<string> Good() => CorpusTests.Good();

    /// <summary>Loads <paramref name="text"/> as `-f -` would, in the same shell (environment) as the first load.</summary>
    private static Project Reload(Project first, ProjectOptions firstOptions, string text)
    {
        var file = Path.Combine(first.WorkingDirectory, "roundtrip.printed.yaml");
        return ProjectLoader.Load(new ProjectOptions
        {
            ConfigFiles = [file],
            WorkingDirectory = first.WorkingDirectory,
            ProjectDirectory = first.WorkingDirectory,
            ProjectName = first.Name,
            Profiles = first.ActiveProfiles,
            Environment = firstOptions.Environment,
            ReadFile = p => p == file ? text : File.ReadAllText(p),
            FileExists = p => p == file || File.Exists(p),
        });
    }

    [Theory]
    [MemberData(nameof(Good))]
    public void CanonicalYamlLoadsBackToTheSameOutput(string name)
    {
        var options = CorpusTests.OptionsFor("good", name);
        var first = ProjectLoader.Load(options);
        var printed = CanonicalYaml.Write(first);
        Assert.Equal(printed, CanonicalYaml.Write(Reload(first, options, printed)));
    }

    [Theory]
    [MemberData(nameof(Good))]
    public void CanonicalJsonLoadsBackToTheSameOutput(string name)
    {
        var options = CorpusTests.OptionsFor("good", name);
        var first = ProjectLoader.Load(options);
        var printed = CanonicalJson.Write(first);
        // JSON is YAML: the JSON output is a compose file too, and the same model as the YAML output.
        var again = Reload(first, options, printed);
        Assert.Equal(printed, CanonicalJson.Write(again));
        Assert.Equal(CanonicalYaml.Write(first), CanonicalYaml.Write(again));
    }
}

/// <summary>`config --no-interpolate`: values keep `${VAR}` and `$$` exactly as written (docker compose escapes only interpolated output).</summary>
public class NoInterpolateOutputTests
{
    private const string Text = """
        services:
          app:
            image: "${IMG:-busybox}"
            command: ["sh", "-c", "echo $$HOME $PATH"]
        """;

    private static Project Load(bool interpolate) => ProjectLoader.Load(new ProjectOptions
    {
        ConfigFiles = ["/p/compose.yaml"],
        WorkingDirectory = "/p",
        ProjectName = "p",
        Interpolate = interpolate,
        ReadFile = _ => Text,
        FileExists = f => f == "/p/compose.yaml",
    });

    [Fact]
    public void YamlAndJsonKeepTheTextAsWritten()
    {
        var p = Load(interpolate: false);
        Assert.Contains("image: ${IMG:-busybox}", CanonicalYaml.Write(p));
        Assert.Contains("echo $$HOME $PATH", CanonicalYaml.Write(p));
        Assert.Contains("\"image\": \"${IMG:-busybox}\"", CanonicalJson.Write(p));
        Assert.Contains("echo $$HOME $PATH", CanonicalJson.Write(p));
    }

    [Fact]
    public void InterpolatedOutputEscapesEveryDollar()
    {
        var p = Load(interpolate: true);
        Assert.Contains("image: busybox", CanonicalYaml.Write(p));
        Assert.Contains("echo $$HOME ", CanonicalYaml.Write(p));
        Assert.Contains("echo $$HOME ", CanonicalJson.Write(p));
    }
}
