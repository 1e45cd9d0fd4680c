using System.Collections.Immutable;

namespace Composer.Model;

/// <summary>
/// A top-level `models:` entry: a language model that Docker Model Runner serves to the services
/// naming it. Composer keeps and prints it (`config`) but cannot run it.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>The key under top-level `models:`.</summary>
    public required string Key { get; init; }
    /// <summary>`name:` as written; null when absent (compose-go does not derive one from the key).</summary>
    public string? Name { get; init; }
    /// <summary>The model reference to pull and serve, e.g. `ai/smollm2`.</summary>
    public required string Model { get; init; }
    public int? ContextSize { get; init; }
    public ImmutableArray<string> RuntimeFlags { get; init; } = [];
    public ImmutableSortedDictionary<string, RawValue> Extensions { get; init; } = ImmutableSortedDictionary<string, RawValue>.Empty;
}

/// <summary>
/// How a service receives one model: the variables that carry its endpoint and name. A service that
/// lists the model by name alone has no such record (null in <see cref="ServiceConfig.Models"/>).
/// </summary>
public sealed record ServiceModel
{
    public string? EndpointVariable { get; init; }
    public string? ModelVariable { get; init; }
    public ImmutableSortedDictionary<string, RawValue> Extensions { get; init; } = ImmutableSortedDictionary<string, RawValue>.Empty;
}
