using System.Collections.Immutable;
using Composer.Model.Yaml;

namespace Composer.Model.Loading;

/// <summary>Top-level `models:` and a service's `models:` (already a map: Canonicalize turns the list form into one).</summary>
internal sealed partial class Normalizer
{
    private ModelConfig? LanguageModel(string key, Node n, string path)
    {
        // The schema requires `model`; a tree without it has already been reported.
        if (n is not MappingNode m || Str(m, "model") is not { } reference) return null;
        return new ModelConfig
        {
            Key = key,
            Name = Str(m, "name"),
            Model = reference,
            ContextSize = Int(m, "context_size", path, 0),
            RuntimeFlags = List(m, "runtime_flags"),
            Extensions = Extensions(m),
        };
    }

    private static ImmutableSortedDictionary<string, ServiceModel?> ServiceModels(MappingNode service)
    {
        var b = ImmutableSortedDictionary.CreateBuilder<string, ServiceModel?>(StringComparer.Ordinal);
        if (service["models"] is not MappingNode used) return b.ToImmutable();
        foreach (var e in used.Entries)
            b[e.Name] = e.Value is MappingNode how
                ? new ServiceModel { EndpointVariable = Str(how, "endpoint_var"), ModelVariable = Str(how, "model_var"), Extensions = Extensions(how) }
                : null;
        return b.ToImmutable();
    }
}
