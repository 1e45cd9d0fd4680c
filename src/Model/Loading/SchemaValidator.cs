using System.Text.Json;
using System.Text.RegularExpressions;
using Composer.Model.Yaml;

namespace Composer.Model.Loading;

/// <summary>
/// A small JSON-schema validator (the subset the Compose schema uses: type, properties, patternProperties,
/// additionalProperties, required, items, oneOf/anyOf, enum, pattern, minimum/maximum, uniqueItems, $ref)
/// running over our positioned YAML tree, so each error carries file:line:col and a Compose path.
/// oneOf is treated as anyOf (more lenient; ambiguity never matters for Compose files).
/// </summary>
internal static class SchemaValidator
{
    /// <summary>
    /// One schema object, read from the JSON the first time a check reaches it: a file uses a small part of the
    /// Compose schema, and reading all of it (every definition, every pattern compiled) was two thirds of loading
    /// a one-service file.
    /// </summary>
    private sealed class S(JsonElement json, Definitions definitions)
    {
        private readonly Lock _reading = new();
        private volatile bool _read;

        public S? Resolved;
        public string[]? Types;
        public Dictionary<string, S>? Properties;
        public List<(Regex Re, S Schema)>? PatternProperties;
        public bool AdditionalAllowed = true;
        public S? Additional;
        public S? Items;
        public List<S>? OneOf;
        public string[]? Enum;
        public string[]? Required;
        public Regex? Pattern;
        public double? Minimum, Maximum;
        public bool UniqueItems;

        /// <summary>This schema with its keywords read (once, whichever thread asks first).</summary>
        public S Read()
        {
            if (_read) return this;
            lock (_reading)
            {
                if (!_read) { ReadKeywords(); _read = true; }
            }
            return this;
        }

        private S Child(JsonElement e) => new(e, definitions);

        private void ReadKeywords()
        {
            if (json.ValueKind != JsonValueKind.Object) return;
            foreach (var p in json.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "$ref": Resolved = definitions.Named(p.Value.GetString()!); break;
                    case "type":
                        Types = p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().Select(x => x.GetString()!).ToArray() : [p.Value.GetString()!];
                        break;
                    case "properties":
                        Properties = p.Value.EnumerateObject().ToDictionary(x => x.Name, x => Child(x.Value), StringComparer.Ordinal);
                        break;
                    case "patternProperties":
                        PatternProperties = p.Value.EnumerateObject().Select(x => (new Regex(x.Name, RegexOptions.CultureInvariant), Child(x.Value))).ToList();
                        break;
                    case "additionalProperties":
                        if (p.Value.ValueKind == JsonValueKind.False) AdditionalAllowed = false;
                        else if (p.Value.ValueKind == JsonValueKind.Object) Additional = Child(p.Value);
                        break;
                    case "items": Items = Child(p.Value); break;
                    case "oneOf" or "anyOf": OneOf = p.Value.EnumerateArray().Select(Child).ToList(); break;
                    case "enum": Enum = p.Value.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText()).ToArray(); break;
                    case "required": Required = p.Value.EnumerateArray().Select(x => x.GetString()!).ToArray(); break;
                    case "pattern": Pattern = new Regex(p.Value.GetString()!, RegexOptions.CultureInvariant); break;
                    case "minimum": Minimum = p.Value.GetDouble(); break;
                    case "maximum": Maximum = p.Value.GetDouble(); break;
                    case "uniqueItems": UniqueItems = p.Value.GetBoolean(); break;
                }
            }
        }
    }

    /// <summary>The schema's `definitions`, each made once, read when first reached.</summary>
    private sealed class Definitions(JsonElement all)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, S> _made = new(StringComparer.Ordinal);

        public S Named(string reference) =>
            _made.GetOrAdd(reference["#/definitions/".Length..], name => new S(all.GetProperty(name), this));
    }

    private static readonly Lazy<S> Root = new(Compile);

    /// <summary>The embedded schema, parsed; the document stays alive for the schema objects read from it later.</summary>
    private static S Compile()
    {
        using var stream = typeof(SchemaValidator).Assembly.GetManifestResourceStream("Composer.Model.compose-spec.schema.json")
            ?? throw new InvalidOperationException("embedded compose schema missing");
        var doc = JsonDocument.Parse(stream);
        return new S(doc.RootElement, new Definitions(doc.RootElement.GetProperty("definitions")));
    }

    public static void Validate(Node root, List<Diagnostic> diags) => Check(root, Root.Value, new PathStack(), diags, false);

    /// <summary>
    /// An override file (or extending service) alone, as compose-go validates it only once merged: a null value
    /// (which keeps the base's) passes any type and required properties may come from the base. The merged model is
    /// validated again with <see cref="Validate"/>. `!reset` nodes are never validated: compose-go drops them when parsing.
    /// </summary>
    public static void ValidateFragment(Node root, List<Diagnostic> diags) => Check(root, Root.Value, new PathStack(), diags, true);

    private static S Deref(S s)
    {
        s = s.Read();
        while (s.Resolved is not null) s = s.Resolved.Read();
        return s;
    }

    private static bool TypeMatches(Node n, string type) => (n, type) switch
    {
        (MappingNode, "object") => true,
        (SequenceNode, "array") => true,
        (ScalarNode sc, "null") => sc.IsNull,
        (ScalarNode sc, "string") => !sc.IsNull,
        (ScalarNode sc, "integer") => sc.Type == ScalarType.Int,
        (ScalarNode sc, "number") => sc.Type is ScalarType.Int or ScalarType.Float,
        (ScalarNode sc, "boolean") => sc.Type == ScalarType.Bool,
        _ => false,
    };

    /// <summary>True when the node is one of <paramref name="types"/>, or no type is required.</summary>
    private static bool TypeMatches(Node n, string[]? types)
    {
        if (types is null) return true;
        foreach (var type in types)
            if (TypeMatches(n, type)) return true;
        return false;
    }

    private static string Article(string t) => t switch { "object" => "a mapping", "array" => "a list", "integer" => "an integer", "null" => "null", _ => "a " + t };

    private static void Add(List<Diagnostic> diags, Mark m, PathStack where, string msg)
    {
        var path = where.ToString();
        diags.Add(new Diagnostic(m.File, m.Line, m.Column, path.Length == 0 ? "(root)" : path, msg));
    }

    private static void Check(Node n, S schema, PathStack path, List<Diagnostic> diags, bool fragment)
    {
        var s = Deref(schema);
        if (fragment && n is ScalarNode { IsNull: true }) return;
        if (s.OneOf is { } branches)
        {
            List<Diagnostic>? best = null;
            var anyTypeCompatible = false;
            foreach (var b in branches)
            {
                // A branch of other types can only fail on its type, and such a failure is never reported:
                // skip it without building the message (most oneOf checks are string-or-list choices).
                if (!TypeMatches(n, Deref(b).Types)) continue;
                // Checked straight into diags: a branch that passes (nearly always) costs no list; the errors of
                // one that fails are taken back out and kept aside.
                var start = diags.Count;
                Check(n, b, path, diags, fragment);
                if (diags.Count == start) { best = null; anyTypeCompatible = true; goto rest; }
                var tmp = diags.GetRange(start, diags.Count - start);
                diags.RemoveRange(start, diags.Count - start);
                if (best is null || tmp.Count < best.Count || !anyTypeCompatible) best = tmp;
                anyTypeCompatible = true;
            }
            if (best is not null) diags.AddRange(best);
            else if (!anyTypeCompatible)
            {
                var types = branches.SelectMany(b => Deref(b).Types ?? []).Distinct().Select(Article);
                Add(diags, n.Mark, path, $"must be {string.Join(" or ", types)}");
            }
            return;
        }
    rest:
        if (s.Types is { } types2 && !TypeMatches(n, types2))
        {
            Add(diags, n.Mark, path, $"must be {string.Join(" or ", types2.Select(Article))}, not {Describe(n)}");
            return;
        }
        switch (n)
        {
            case ScalarNode sc:
                if (s.Enum is { } en && !sc.IsNull && !en.Contains(sc.Value))
                    Add(diags, n.Mark, path, $"'{sc.Value}' must be one of: {string.Join(", ", en)}");
                if (s.Pattern is { } re && !sc.IsNull && !re.IsMatch(sc.Value))
                    Add(diags, n.Mark, path, $"'{sc.Value}' does not match the pattern {re}");
                if ((s.Minimum is not null || s.Maximum is not null) && double.TryParse(sc.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d))
                {
                    if (d < s.Minimum) Add(diags, n.Mark, path, $"must be >= {s.Minimum}");
                    if (d > s.Maximum) Add(diags, n.Mark, path, $"must be <= {s.Maximum}");
                }
                break;
            case SequenceNode seq:
                if (s.Items is { } items)
                    for (var i = 0; i < seq.Items.Length; i++)
                    {
                        if (seq.Items[i].IsReset) continue;
                        path.Push(i);
                        Check(seq.Items[i], items, path, diags, fragment);
                        path.Pop();
                    }
                if (s.UniqueItems && seq.Items.Length > 1 && UniqueItems.Duplicates(seq) is { } duplicates)
                    foreach (var i in duplicates)
                    {
                        path.Push(i);
                        Add(diags, seq.Items[i].Mark, path, "duplicate item in a list that must be unique");
                        path.Pop();
                    }
                break;
            case MappingNode map:
                if (s.Required is { } req && !fragment)
                    foreach (var r in req)
                        if (!map.TryGet(r, out var present) || present.IsReset) Add(diags, n.Mark, path, $"missing required property '{r}'");
                foreach (var e in map.Entries)
                {
                    if (e.Value.IsReset) continue;
                    path.Push(e.Name);
                    var known = CheckEntry(e, s, path, diags, fragment);
                    path.Pop();
                    if (!known && !s.AdditionalAllowed)
                        Add(diags, e.Key.Mark, path, s.PatternProperties is { Count: > 0 } pps && s.Properties is null
                            ? $"'{e.Name}' is not a valid name (must match {pps[0].Re})"
                            : $"additional property '{e.Name}' is not allowed");
                }
                break;
        }
    }

    /// <summary>Checks an entry against the schema that names it; false when none does (an additional property).</summary>
    private static bool CheckEntry(Entry e, S s, PathStack path, List<Diagnostic> diags, bool fragment)
    {
        if (s.Properties is not null && s.Properties.TryGetValue(e.Name, out var named)) { Check(e.Value, named, path, diags, fragment); return true; }
        var matched = false;
        if (s.PatternProperties is not null)
            foreach (var (pattern, schema) in s.PatternProperties)
                if (pattern.IsMatch(e.Name)) { matched = true; Check(e.Value, schema, path, diags, fragment); }
        if (matched) return true;
        if (s.Additional is null) return false;
        Check(e.Value, s.Additional, path, diags, fragment);
        return true;
    }

    private static string Describe(Node n) => n switch
    {
        MappingNode => "a mapping",
        SequenceNode => "a list",
        ScalarNode sc => sc.Type switch
        {
            ScalarType.Null => "null",
            ScalarType.Bool => $"boolean '{sc.Value}'",
            ScalarType.Int or ScalarType.Float => $"number {sc.Value}",
            _ => $"string '{Short(sc.Value)}'",
        },
        _ => "?",
    };

    private static string Short(string v) => v.Length > 40 ? v[..40] + "..." : v;

    internal static string Canonical(Node n) => n switch
    {
        ScalarNode s => "s:" + s.Value,
        SequenceNode q => "[" + string.Join(",", q.Items.Select(Canonical)) + "]",
        MappingNode m => "{" + string.Join(",", m.Entries.OrderBy(e => e.Name, StringComparer.Ordinal).Select(e => e.Name + "=" + Canonical(e.Value))) + "}",
        _ => "",
    };
}
