using System.Text.RegularExpressions;
using Composer.Model;

namespace Composer.Reconciler.Execution;

/// <summary>
/// Turns engine build failures whose message hides the cause into ones that say it: a RUN of another platform's
/// program on an engine with no emulator for it ("exit code: 1" after "exec format error" in the output), a
/// `# syntax=` frontend image the engine could not pull (the message is only the registry's error), and a heredoc
/// given to an older built-in frontend (its body is read as instructions: "unknown instruction: ECHO").
/// </summary>
internal sealed partial class BuildFailure
{
    private volatile bool _foreignProgram;

    /// <summary>Sees each output line of the build.</summary>
    public void Watch(string line)
    {
        if (line.Contains("exec format error", StringComparison.Ordinal)) _foreignProgram = true;
    }

    /// <summary>The engine's message with its cause spelled out, or null when there is nothing to add.</summary>
    public string? Explain(string message, string? platform, BuildConfig build)
    {
        if (_foreignProgram)
            return $"{message} (a RUN started a program of {(platform is null ? "another platform" : platform)} that this engine cannot run: "
                + "it has no emulator registered for that platform (binfmt_misc, e.g. qemu-user-static); build for the engine's own platform, or register one)";
        if (platform is not null && BaseImageUnavailable(message))
            return $"{message} (building for {platform}: the engine needs each FROM image for that platform, had none here, and could not pull one)";
        if (SyntaxPullFailed(message) && SyntaxDirective(build) is { } syntax)
            return $"{syntax.Where}: the Dockerfile frontend image '{syntax.Image}' named by its `# syntax=` line could not be pulled: {message}. "
                + "Remove that line to build with the engine's built-in Dockerfile frontend (Docker 20.10's lacks newer syntax such as heredocs)";
        if (message.Contains("dockerfile parse error", StringComparison.Ordinal) && SyntaxDirective(build) is null && Heredoc(build) is { } heredoc)
            return $"{heredoc}: a heredoc (<<), which this engine's built-in Dockerfile frontend does not know (Docker 20.10's is BuildKit 0.8; "
                + $"heredocs came with Dockerfile syntax 1.4), so it read the heredoc's lines as instructions: {message}";
        return null;
    }

    /// <summary>The frontend could not resolve a FROM image: the registry's error while the build's instructions were turned into steps.</summary>
    internal static bool BaseImageUnavailable(string message) =>
        message.Contains("failed to create LLB definition: ", StringComparison.Ordinal)
        && (message.Contains("failed to do request", StringComparison.Ordinal) || message.Contains("no match for platform", StringComparison.Ordinal)
            || message.Contains("pull access denied", StringComparison.Ordinal));

    /// <summary>Where the Dockerfile first opens a heredoc (`RUN &lt;&lt;EOF`, `COPY &lt;&lt;-"END" /x`).</summary>
    internal static string? Heredoc(BuildConfig build)
    {
        if (Read(build) is not { } file) return null;
        var (path, text) = file;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
            if (HeredocStart().IsMatch(lines[i])) return $"{path}:{i + 1}";
        return null;
    }

    private static (string Path, string Text)? Read(BuildConfig build)
    {
        if (build.DockerfileInline is { } inline) return ("dockerfile_inline", inline);
        var path = Path.Combine(build.Context, build.Dockerfile);
        try { return (path, File.ReadAllText(path)); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>
    /// BuildKit runs a `# syntax=` frontend as "gateway.v0"; when the failure is the gateway's own (pulling the image) and not an
    /// error the frontend returned, which comes back as a gRPC status ("rpc error: ..."), the image could not be had.
    /// </summary>
    internal static bool SyntaxPullFailed(string message)
    {
        const string gateway = "failed to solve with frontend gateway.v0: ";
        var at = message.IndexOf(gateway, StringComparison.Ordinal);
        return at >= 0 && !message.AsSpan(at + gateway.Length).StartsWith("rpc error", StringComparison.Ordinal);
    }

    /// <summary>The `# syntax=` parser directive of the build's Dockerfile (directives are the `# key=value` lines it starts with).</summary>
    internal static (string Where, string Image)? SyntaxDirective(BuildConfig build)
    {
        if (Read(build) is not { } file) return null;
        var (path, text) = file;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var directive = Directive().Match(lines[i].TrimEnd('\r'));
            if (!directive.Success) break;
            if (directive.Groups[1].Value.Equals("syntax", StringComparison.OrdinalIgnoreCase)) return ($"{path}:{i + 1}", directive.Groups[2].Value);
        }
        return null;
    }

    [GeneratedRegex(@"^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$")]
    private static partial Regex Directive();

    [GeneratedRegex(@"^\s*(RUN|COPY|ADD)\s.*<<-?[""']?[A-Za-z_][A-Za-z0-9_]*", RegexOptions.IgnoreCase)]
    private static partial Regex HeredocStart();
}
