using System.Collections.Immutable;

namespace Composer.Model;

/// <summary>One problem in the input: where (file:line:col and the Compose path) and what.</summary>
public sealed record Diagnostic(string File, int Line, int Column, string Path, string Message)
{
    public override string ToString()
    {
        var where = File.Length == 0 ? "" : Line > 0 ? $"{File}:{Line}:{Column}: " : $"{File}: ";
        return Path.Length == 0 ? $"{where}{Message}" : $"{where}{Path}: {Message}";
    }
}

/// <summary>Thrown by the loader with every error found (not just the first).</summary>
public sealed class ComposeModelException : Exception
{
    public ComposeModelException(IEnumerable<Diagnostic> diagnostics)
        : this(diagnostics.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ToImmutableArray())
    {
    }

    private ComposeModelException(ImmutableArray<Diagnostic> diagnostics)
        : base(diagnostics.Length == 1 ? diagnostics[0].ToString() : string.Join("\n", diagnostics.Select(d => d.ToString())))
    {
        Diagnostics = diagnostics;
    }

    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>No -f, no COMPOSE_FILE and no compose file found: callers that know the project's name can still act by label.</summary>
    public bool NoConfigurationFile { get; init; }
}
