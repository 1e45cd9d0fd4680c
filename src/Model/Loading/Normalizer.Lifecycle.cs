using System.Collections.Immutable;
using Composer.Model.Yaml;

namespace Composer.Model.Loading;

/// <summary>
/// The service keys that once were accepted and dropped: lifecycle hooks (post_start, pre_stop), the Windows
/// knobs (isolation, credential_spec), provider services and pull_refresh_after. Each is read here so that it
/// is kept, printed by `config` and honoured, or refused with its position.
/// </summary>
internal sealed partial class Normalizer
{
    /// <summary>A list of service_hook entries; an empty command would be an exec the engine refuses, so it is reported here.</summary>
    private ImmutableArray<ServiceHook> Hooks(MappingNode m, string key, string path)
    {
        if (m[key] is not SequenceNode q) return [];
        var b = ImmutableArray.CreateBuilder<ServiceHook>();
        for (var i = 0; i < q.Items.Length; i++)
        {
            if (q.Items[i] is not MappingNode h) continue;
            var p = N.Index(N.Child(path, key), i);
            if (Hook(h, p, fillValueless: false) is { } hook) b.Add(hook);
            else if (h["command"] is { } c) Error(c, p + ".command", "a hook needs a command to run");
        }
        return b.ToImmutable();
    }

    private CredentialSpecConfig CredentialSpec(MappingNode m, Node key) => new()
    {
        Config = Str(m, "config"),
        File = Str(m, "file"),
        Registry = Str(m, "registry"),
        Extensions = Extensions(m),
        DeclaredAt = Position(key),
    };

    /// <summary>compose-go keeps every option as a list of strings (MultiOptions): a single value becomes a list of one.</summary>
    private ProviderConfig? Provider(MappingNode m, Node key)
    {
        // The schema requires `type`; a provider without one has been reported already.
        if (Str(m, "type") is not { } type) return null;
        var options = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        if (m["options"] is MappingNode om)
            foreach (var e in om.Entries)
                options[e.Name] = e.Value switch
                {
                    SequenceNode values => [.. values.Items.Select(v => N.Text(v) ?? "")],
                    var one => [N.Text(one) ?? ""],
                };
        return new ProviderConfig { Type = type, Options = options.ToImmutable(), Extensions = Extensions(m), DeclaredAt = Position(key) };
    }

    /// <summary>
    /// The window after which `pull_policy: refresh` pulls again (the schema's meaning; compose-go has no field
    /// for it and docker compose ignores it). Anywhere else it would do nothing, so it is refused there.
    /// </summary>
    private string? PullRefreshAfter(MappingNode m, string path)
    {
        if (m["pull_refresh_after"] is not ScalarNode { IsNull: false } s) return null;
        if (!Units.TryParseRefreshWindow(s.Value, out _))
        {
            Error(s, path + ".pull_refresh_after", $"invalid refresh window '{s.Value}' (a duration such as 12h, 2d or 1w)");
            return null;
        }
        if (Str(m, "pull_policy") != "refresh")
        {
            Error(s, path + ".pull_refresh_after", "pull_refresh_after is only used with pull_policy: refresh; set that policy, or write the window in the policy (pull_policy: every_"
                + s.Value + ")");
            return null;
        }
        return s.Value;
    }

    private static Node KeyOf(MappingNode m, string key) => (Node?)m.GetEntry(key)?.Key ?? m;

    private static SourcePosition Position(Node n) => new(n.Mark.File, n.Mark.Line, n.Mark.Column);
}
