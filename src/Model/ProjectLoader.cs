using System.Collections.Immutable;
using Composer.Model.Loading;
using Composer.Model.Yaml;

namespace Composer.Model;

/// <summary>
/// Loads compose files into a <see cref="Project"/> with the compose-go pipeline: find files -> read YAML with
/// positions -> per file: interpolate -> validate against the schema (override files as fragments) -> canonical
/// long forms and absolute paths -> include -> extends; then merge the files in order and validate the merged
/// model -> profiles -> typed model + semantic checks.
/// </summary>
public static class ProjectLoader
{
    public static readonly ImmutableArray<string> DefaultFileNames = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];

    /// <summary>Loads and validates a project; throws <see cref="ComposeModelException"/> with every error found.</summary>
    public static Project Load(ProjectOptions options) => new LoadSession(options).Run();

    /// <summary>Loads a single in-memory compose text (tests, tools). <paramref name="fileName"/> is used in messages and to resolve paths.</summary>
    public static Project LoadText(string text, string fileName, IReadOnlyDictionary<string, string>? environment = null, string? projectName = null)
    {
        var full = Path.GetFullPath(fileName);
        return Load(new ProjectOptions
        {
            ConfigFiles = [full],
            WorkingDirectory = Path.GetDirectoryName(full)!,
            ProjectName = projectName,
            Environment = environment ?? ImmutableDictionary<string, string>.Empty,
            ReadFile = p => p == full ? text : InputFiles.ReadText(p, InputFiles.MaxComposeFileBytes, "file"),
            FileExists = p => p == full || File.Exists(p),
        });
    }

    private sealed class LoadSession
    {
        private readonly ProjectOptions _o;
        private readonly List<Diagnostic> _diags = [];
        private readonly Func<string, string> _read;
        private readonly Func<string, string> _readEnv;
        private readonly Func<string, bool> _exists;
        private readonly Dictionary<(string Path, Func<string, string?> Lookup), MappingNode?> _extendsFiles = [];
        private Dictionary<string, string> _env = new(StringComparer.Ordinal);
        private string? _home;

        public LoadSession(ProjectOptions o)
        {
            _o = o;
            // An injected reader (tests, `-f -`) still gets the metadata check for paths on disk, so a device or
            // FIFO named as an env file is refused before it is opened.
            _read = o.ReadFile is { } r ? p => { InputFiles.CheckMetadata(p, InputFiles.MaxComposeFileBytes, "compose file"); return r(p); } : InputFiles.ReadComposeFile;
            _readEnv = o.ReadFile is { } re ? p => { InputFiles.CheckMetadata(p, InputFiles.MaxEnvFileBytes, "env file"); return re(p); } : InputFiles.ReadEnvFile;
            _exists = o.FileExists ?? File.Exists;
        }

        private void Fail() { if (_diags.Count > 0) throw new ComposeModelException(_diags); }

        private string? Lookup(string name) => _env.TryGetValue(name, out var v) ? v : null;

        public Project Run()
        {
            var cwd = Path.GetFullPath(_o.WorkingDirectory);
            _home = _o.Environment.TryGetValue("HOME", out var h) ? h : null;
            var processEnv = _o.Environment;

            // 1. Files.
            var files = _o.ConfigFiles.Select(f => Syntax.ResolvePath(f, cwd, _home)).ToList();
            var explicitProjectDir = _o.ProjectDirectory is null ? null : Syntax.ResolvePath(_o.ProjectDirectory, cwd, _home);
            Dictionary<string, string>? preEnv = null;
            if (files.Count == 0)
            {
                // COMPOSE_FILE may come from the process env or from the .env of the project (or current) directory.
                preEnv = ReadDotEnv(explicitProjectDir ?? cwd, processEnv);
                var composeFile = processEnv.TryGetValue("COMPOSE_FILE", out var cf) ? cf : preEnv?.GetValueOrDefault("COMPOSE_FILE");
                if (!string.IsNullOrEmpty(composeFile))
                {
                    var sep = processEnv.TryGetValue("COMPOSE_PATH_SEPARATOR", out var ps) && ps.Length > 0 ? ps : Path.PathSeparator.ToString();
                    files = composeFile.Split(sep, StringSplitOptions.RemoveEmptyEntries).Select(f => Syntax.ResolvePath(f, explicitProjectDir ?? cwd, _home)).ToList();
                }
                // As docker compose: --project-directory is where the search starts, else the current directory.
                else files = Discover(explicitProjectDir ?? cwd);
            }
            if (files.Count == 0)
                throw new ComposeModelException([new Diagnostic("", 0, 0, "", $"no configuration file provided: none of {string.Join(", ", DefaultFileNames)} found in {explicitProjectDir ?? cwd} or its parents")])
                {
                    NoConfigurationFile = true,
                };
            foreach (var f in files)
                if (!_exists(f)) _diags.Add(NotAFile(f, "compose file", "file not found"));
            Fail();
            var projectDir = explicitProjectDir ?? Path.GetDirectoryName(files[0])!;

            // 2. Environment: explicit env files replace .env; the process environment wins over both.
            var fileEnv = new Dictionary<string, string>(StringComparer.Ordinal);
            if (_o.EnvFiles.Count > 0)
            {
                foreach (var ef in _o.EnvFiles)
                {
                    var p = Syntax.ResolvePath(ef, cwd, _home);
                    if (!_exists(p)) { _diags.Add(NotAFile(p, "env file", "env file not found")); continue; }
                    foreach (var (k, v) in ParseEnvFile(p, processEnv, fileEnv, raw: false)) if (v is not null) fileEnv[k] = v;
                }
            }
            else if (ReadDotEnv(projectDir, processEnv) is { } dotenv) fileEnv = dotenv;
            Fail();
            _env = new Dictionary<string, string>(fileEnv, StringComparer.Ordinal);
            foreach (var (k, v) in processEnv) _env[k] = v;

            // 3. Each file: parse; the project name (which ${COMPOSE_PROJECT_NAME} stands for while interpolating);
            // then interpolate, validate, include, canonicalize; then merge in order.
            var parsed = files.Select(ParseFile).ToList();
            if (parsed.Contains(null)) Fail();
            var name = ProjectName(parsed!, projectDir, fileEnv);
            if (name is null) Fail();
            _env["COMPOSE_PROJECT_NAME"] = name!;
            MappingNode? model = null;
            var fatal = false;
            for (var i = 0; i < files.Count; i++)
            {
                // Files after the first are override fragments: compose-go validates them only once merged.
                var tree = ProcessFile(parsed[i]!, files[i], projectDir, Lookup, [files[i]], fragment: i > 0);
                if (tree is null) { fatal = true; continue; }
                if (fatal) continue;
                var beforeMerge = _diags.Count;
                model = Merge.Settle(model is null ? Merge.Unique(tree) : Merge.Files(model, tree, _diags));
                fatal = _diags.Count > beforeMerge;
            }
            // Syntax, interpolation, schema and merge errors stop here; errors in short syntaxes (a bad port, a bad
            // volume) drop the item and let the later checks report more problems at once.
            if (fatal) Fail();
            if (files.Count > 1 && model is not null) ValidateMerged(model);
            model ??= MappingNode.Empty(new Mark(files[0], 1, 1));
            // compose-go refuses a project whose files hold nothing at all (not even `services: {}`); the obsolete
            // `version` it drops first, so a file of only that is empty too.
            if (model.Entries.All(e => e.Name == "version")) { _diags.Add(new Diagnostic(files[0], 1, 1, "", "empty compose file")); Fail(); }
            if (TooManyServices(model)) Fail();

            // 4. Profiles (extends was resolved in each file, before the merge, as compose-go does).
            var profiles = _o.Profiles.Count > 0
                ? _o.Profiles.ToList()
                : (Lookup("COMPOSE_PROFILES") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

            // 5. Typed model and semantic checks.
            var project = new Normalizer(name!, projectDir, _env, _exists, _diags, ParseEnvFile, _o, p => Syntax.ResolvePath(p, projectDir, _home))
            {
                // Label files see only the labels before them, not the environment (compose-go's WithServicesLabelsResolved).
                ParseLabelFile = (p, labels) => ParseEnvFile(p, ImmutableDictionary<string, string>.Empty, labels, raw: false),
            }.Build(model, files, profiles);
            Fail();
            return project! with { Interpolated = _o.Interpolate };
        }

        /// <summary>
        /// The merged model against the schema, as compose-go validates the dict after each merge: what override
        /// fragments left incomplete (a null with nothing under it, a depends_on entry with no condition) shows here.
        /// </summary>
        private void ValidateMerged(MappingNode model)
        {
            var before = _diags.Count;
            SchemaValidator.Validate(model, _diags);
            if (_diags.Count > before) Fail();
        }

        /// <summary>Refuses more than <see cref="InputFiles.MaxServices"/> services, at the `services:` key, before any work per service.</summary>
        private bool TooManyServices(MappingNode root)
        {
            if (root["services"] is not MappingNode services || services.Entries.Length <= InputFiles.MaxServices) return false;
            N.Error(_diags, services, "services", $"{services.Entries.Length} services: a project may have at most {InputFiles.MaxServices}");
            return true;
        }

        /// <summary>A path that does not exist as a file: a directory is said to be one (with a position, as every refusal of an input).</summary>
        private static Diagnostic NotAFile(string path, string what, string missing) =>
            Directory.Exists(path) ? new Diagnostic(path, 1, 1, "", $"{what} is a directory, not a regular file") : new Diagnostic(path, 0, 0, "", missing);

        private List<string> Discover(string cwd)
        {
            for (var dir = cwd; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                foreach (var name in DefaultFileNames)
                {
                    var p = Path.Combine(dir, name);
                    if (!_exists(p)) continue;
                    var result = new List<string> { p };
                    var stem = Path.GetFileNameWithoutExtension(name);
                    foreach (var ext in new[] { ".yaml", ".yml" })
                    {
                        var over = Path.Combine(dir, stem + ".override" + ext);
                        if (_exists(over)) { result.Add(over); break; }
                    }
                    return result;
                }
            }
            return [];
        }

        private Dictionary<string, string>? ReadDotEnv(string dir, IReadOnlyDictionary<string, string> processEnv)
        {
            var p = Path.Combine(dir, ".env");
            if (!_exists(p)) return null;
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in ParseEnvFile(p, processEnv, d, raw: false)) if (v is not null) d[k] = v;
            return d;
        }

        /// <summary>Parses an env file; variables referenced inside come from the process env, then from <paramref name="previous"/>.</summary>
        internal List<KeyValuePair<string, string?>> ParseEnvFile(string path, IReadOnlyDictionary<string, string> processEnv, IReadOnlyDictionary<string, string> previous, bool raw)
        {
            string text;
            try { text = _readEnv(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _diags.Add(new Diagnostic(path, 0, 0, "", "cannot read env file: " + e.Message));
                return [];
            }
            catch (ComposeModelException e)
            {
                _diags.AddRange(e.Diagnostics);
                return [];
            }
            var errors = new List<DotEnv.Error>();
            var r = DotEnv.Parse(text, k => processEnv.TryGetValue(k, out var v) ? v : previous.TryGetValue(k, out var pv) ? pv : null, raw, errors);
            foreach (var e in errors) _diags.Add(new Diagnostic(path, e.Line, e.Column, "", e.Message));
            return r;
        }

        /// <summary>
        /// A service's `env_file`. Each file is read and parsed once per load (a thousand services naming one file
        /// must not read it a thousand times), and the variables all files hand to services are counted: one
        /// large env file named by every service would otherwise multiply into hundreds of millions of entries.
        /// </summary>
        private List<KeyValuePair<string, string?>> ParseEnvFile(string path, bool raw)
        {
            if (!_serviceEnvFiles.TryGetValue((path, raw), out var values))
                _serviceEnvFiles[(path, raw)] = values = ParseEnvFile(path, _env, ImmutableDictionary<string, string>.Empty, raw);
            _serviceEnvVariables += values.Count;
            if (_serviceEnvVariables <= InputFiles.MaxServiceEnvFileVariables) return values;
            if (!_serviceEnvBudgetReported)
                _diags.Add(new Diagnostic(path, 1, 1, "", $"env files give services more than {InputFiles.MaxServiceEnvFileVariables} variables in all (this file has {values.Count}, for each service that names it)"));
            _serviceEnvBudgetReported = true;
            return [];
        }

        private readonly Dictionary<(string Path, bool Raw), List<KeyValuePair<string, string?>>> _serviceEnvFiles = [];
        private readonly ExpansionBudget _expansion = new();
        private long _serviceEnvVariables;
        private bool _serviceEnvBudgetReported;

        /// <summary>One file through parse, interpolate, validate, include and canonicalize. Null on errors.</summary>
        internal MappingNode? LoadFile(string path, string baseDir, Func<string, string?> lookup, ImmutableList<string> chain, bool fragment = false) =>
            ParseFile(path) is { } root ? ProcessFile(root, path, baseDir, lookup, chain, fragment) : null;

        /// <summary>
        /// A file named by `extends.file`, as compose-go's getExtendsBaseFromFile reads it: interpolated and in
        /// canonical form with paths against its own folder, but neither validated (only the service extended is,
        /// once merged) nor its includes or extends applied (extends is followed service by service).
        /// </summary>
        private MappingNode? LoadExtendsFile(string path, Func<string, string?> lookup)
        {
            if (ParseFile(path) is not { } root) return null;
            var before = _diags.Count;
            if (_o.Interpolate) root = (MappingNode)TreeInterpolation.Apply(root, lookup, "", _diags);
            if (_diags.Count > before) return null;
            root = new Canonicalize(Path.GetDirectoryName(path)!, _home, _diags, _o.ResolvePaths, lookup) { Budget = _expansion }.File(root.Without("include"));
            return _diags.Count > before ? null : Merge.Settle(root);
        }

        /// <summary>Reads and parses one compose file (its documents merged). Null on errors.</summary>
        private MappingNode? ParseFile(string path)
        {
            string text;
            try { text = _read(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _diags.Add(new Diagnostic(path, 0, 0, "", "cannot read file: " + e.Message));
                return null;
            }
            catch (ComposeModelException e)
            {
                _diags.AddRange(e.Diagnostics);
                return null;
            }
            var docs = YamlReader.Read(path, text, _diags);
            if (docs is null) return null;
            MappingNode? root = null;
            foreach (var doc in docs)
            {
                if (doc is ScalarNode { IsNull: true }) continue;
                if (doc is not MappingNode m)
                {
                    N.Error(_diags, doc, "", $"the top level of a compose file must be a mapping, not {doc.KindName}");
                    return null;
                }
                // Each document overrides the ones before it, as compose-go processes them one by one.
                var before = _diags.Count;
                root = root is null ? m : Merge.Files(Merge.Settle(root), m, _diags);
                if (_diags.Count > before) return null;
            }
            return root ?? MappingNode.Empty(new Mark(path, 1, 1));
        }

        /// <summary>One parsed file through interpolate, validate, include and canonicalize. Null on errors.</summary>
        private MappingNode? ProcessFile(MappingNode root, string path, string baseDir, Func<string, string?> lookup, ImmutableList<string> chain, bool fragment)
        {
            var before = _diags.Count;
            if (TooManyServices(root)) return null;
            root = Merge.DropResetItems(root);
            if (_o.Interpolate) root = (MappingNode)TreeInterpolation.Apply(root, lookup, "", _diags);
            if (_diags.Count > before) return null;
            // compose-go drops redefinitions in unique-keyed lists (a volume target, a port) before the schema sees them.
            root = Merge.Unique(root);
            // A file with includes may complete an imported definition (compose-go merges local over imported, then
            // validates): checked as a fragment now and whole once its includes are merged in.
            var includes = root["include"] as SequenceNode;
            ValidateSchema(root, fragment || includes is not null);
            if (_diags.Count > before) return null;
            Normalizer.CheckFile(root, _diags);
            if (_diags.Count > before) return null;

            root = root.Without("include");
            root = new Canonicalize(baseDir, _home, _diags, _o.ResolvePaths, lookup) { Budget = _expansion }.File(root);
            var soft = _diags.Count;
            // Include paths and env files are relative to the working directory of this file's project (the
            // project directory, or the include's project_directory for an included file), as compose-go's loader.
            if (includes is not null)
                for (var i = 0; i < includes.Items.Length; i++)
                    root = Include(root, includes.Items[i], $"include[{i}]", baseDir, lookup, chain);
            if (_diags.Count > soft) return null;
            // extends after include (so a service may extend an included one), within this file only, before the
            // files are merged (loader.go loadYamlFile: ApplyInclude, ApplyExtends, then override.Merge).
            if (root["services"] is MappingNode services)
                root = root.With("services", new ExtendsResolver(this, path, fragment, lookup).ResolveAll(services));
            if (includes is not null && !fragment && _diags.Count == soft) SchemaValidator.Validate(Merge.Settle(root), _diags);
            return _diags.Count > soft ? null : root;
        }

        /// <summary>
        /// One file against the schema. An override file, and a service that extends another, are complete only once
        /// merged (compose-go validates after ApplyExtends and override.Merge): they are checked as fragments here,
        /// and again whole after the merge.
        /// </summary>
        private void ValidateSchema(MappingNode root, bool fragment)
        {
            if (fragment) { SchemaValidator.ValidateFragment(root, _diags); return; }
            if (root["services"] is not MappingNode services || !services.Entries.Any(IsExtending)) { SchemaValidator.Validate(root, _diags); return; }
            SchemaValidator.Validate(root.With("services", new MappingNode([.. services.Entries.Where(e => !IsExtending(e))], services.Mark, services.Tag)), _diags);
            SchemaValidator.ValidateFragment(N.Map(services.Mark, ("services", new MappingNode([.. services.Entries.Where(IsExtending)], services.Mark, services.Tag))), _diags);

            static bool IsExtending(Entry e) => e.Value is MappingNode m && m["extends"] is not null;
        }

        private MappingNode Include(MappingNode root, Node entry, string path, string dir, Func<string, string?> parentLookup, ImmutableList<string> chain)
        {
            List<(string File, Node At)> paths = [];
            string? projectDir = null;
            List<string> envFiles = [];
            if (entry is ScalarNode s) paths.Add((Syntax.ResolvePath(s.Value, dir, _home), s));
            else if (entry is MappingNode m)
            {
                if (m["path"] is ScalarNode ps) paths.Add((Syntax.ResolvePath(ps.Value, dir, _home), ps));
                else if (m["path"] is SequenceNode pl) paths.AddRange(pl.Items.OfType<ScalarNode>().Select(x => (Syntax.ResolvePath(x.Value, dir, _home), (Node)x)));
                if (N.Text(m["project_directory"]) is { } pd) projectDir = Syntax.ResolvePath(pd, dir, _home);
                if (m["env_file"] is ScalarNode es) envFiles.Add(Syntax.ResolvePath(es.Value, dir, _home));
                else if (m["env_file"] is SequenceNode el) envFiles.AddRange(el.Items.OfType<ScalarNode>().Select(x => Syntax.ResolvePath(x.Value, dir, _home)));
            }
            if (paths.Count == 0) { N.Error(_diags, entry, path, "include needs a path"); return root; }
            projectDir ??= Path.GetDirectoryName(paths[0].File)!;
            if (envFiles.Count == 0 && _exists(Path.Combine(projectDir, ".env"))) envFiles.Add(Path.Combine(projectDir, ".env"));
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            // `env_file: /dev/null` reads nothing and, being an env_file, keeps the project_directory's .env out.
            foreach (var ef in envFiles.Where(f => f != "/dev/null"))
            {
                if (!_exists(ef)) { N.Error(_diags, entry, path, $"env file {ef} {InputFiles.WhyMissing(ef)}"); return root; }
                foreach (var (k, v) in ParseEnvFile(ef, _o.Environment, env, raw: false)) if (v is not null) env[k] = v;
            }
            // compose-go: environment.Clone().Merge(envFromFile) — the including project's environment (process
            // env, its .env, COMPOSE_PROJECT_NAME) wins; the include's env files only add what it lacks.
            string? IncludeLookup(string k) => parentLookup(k) ?? (env.TryGetValue(k, out var v) ? v : null);

            MappingNode? included = null;
            for (var pi = 0; pi < paths.Count; pi++)
            {
                var (file, at) = paths[pi];
                if (chain.Contains(file))
                {
                    N.Error(_diags, at, path, "include cycle: " + string.Join(" -> ", chain.Add(file).Select(Path.GetFileName)));
                    return root;
                }
                if (!_exists(file)) { N.Error(_diags, at, path, $"included file {file} {InputFiles.WhyMissing(file)}"); return root; }
                // The paths of one entry load as one project: the first its main file, the others override it.
                var t = LoadFile(file, projectDir, IncludeLookup, chain.Add(file), fragment: pi > 0);
                if (t is null) return root;
                included = Merge.Settle(included is null ? Merge.Unique(t) : Merge.Files(included, t, _diags));
            }
            if (included is null) return root;
            if (paths.Count > 1) SchemaValidator.Validate(included, _diags);
            // compose-go (since v2.10, loader/include.go importResource): a local definition with the name of an
            // imported one is merged over it (the local file's `!reset`/`!override` apply), no longer refused.
            foreach (var section in new[] { "services", "networks", "volumes", "configs", "secrets", "models" })
            {
                if (included[section] is not MappingNode inc) continue;
                var mine = root[section] as MappingNode ?? MappingNode.Empty(inc.Mark);
                foreach (var e in inc.Entries)
                {
                    // A local `name: !reset` is dropped while parsing in compose-go, so the imported one is kept.
                    if (!mine.TryGet(e.Name, out var local) || local.IsReset) { mine = mine.With(e.Name, e.Value); continue; }
                    mine = mine.With(e.Name, local.IsOverride ? local.WithTag(null)
                        : Merge.Resource(section, e.Value, local, $"{section}.{e.Name}", _diags));
                }
                root = root.With(section, mine);
            }
            return root;
        }

        /// <summary>
        /// compose-go's precedence: -p; else COMPOSE_PROJECT_NAME from the environment or the env files; else the
        /// top-level `name:` of the last file that sets one, interpolated on its own (so `${COMPOSE_PROJECT_NAME}`
        /// inside it is whatever the environment says, usually nothing); else the folder's name.
        /// </summary>
        private string? ProjectName(List<MappingNode> files, string projectDir, Dictionary<string, string> fileEnv)
        {
            string? Check(string value, string source, Node? at)
            {
                if (Syntax.IsValidProjectName(value)) return value;
                var msg = $"invalid project name '{value}' (from {source}): use only lowercase letters, digits, '-' and '_', starting with a letter or digit";
                if (at is not null) N.Error(_diags, at, "name", msg);
                else _diags.Add(new Diagnostic("", 0, 0, "", msg));
                return null;
            }
            if (!string.IsNullOrEmpty(_o.ProjectName)) return Check(_o.ProjectName, "-p", null);
            if (_o.Environment.TryGetValue("COMPOSE_PROJECT_NAME", out var e) && e.Length > 0) return Check(e, "COMPOSE_PROJECT_NAME", null);
            if (fileEnv.TryGetValue("COMPOSE_PROJECT_NAME", out var fe) && fe.Length > 0) return Check(fe, "COMPOSE_PROJECT_NAME in .env", null);
            if (files.Select(f => f["name"]).OfType<ScalarNode>().LastOrDefault(n => !n.IsNull && n.Value.Length > 0) is { } n)
            {
                // An error here (a bad ${...}) is reported with its position when the whole file is interpolated.
                var value = _o.Interpolate ? Interpolation.Interpolate(n.Value, Lookup, out _) ?? "" : n.Value;
                if (value.Length > 0) return Check(value, "name:", n);
            }
            var folder = Syntax.NormalizeProjectName(Path.GetFileName(projectDir.TrimEnd('/')) ?? "");
            if (folder.Length == 0)
            {
                _diags.Add(new Diagnostic("", 0, 0, "", $"cannot derive a project name from the folder '{projectDir}': set one with -p or name:"));
                return null;
            }
            return folder;
        }

        // What extends copies, in nodes, across every file of the load: a base of 20 000 labels extended by 10 000
        // services would otherwise build 200 million entries. The same bound as YAML alias expansion.
        private long _extendsCopied;
        private bool _extendsReported;

        /// <summary>
        /// extends within one file (compose-go's ApplyExtends): a base without `file` is looked up in this file
        /// only; with `file`, in that file read as <see cref="LoadExtendsFile"/> does. Each merged service is validated
        /// then, as compose-go validates the dict it is merged into, so an extends file's other services never are.
        /// </summary>
        private sealed class ExtendsResolver(LoadSession s, string file, bool fragment, Func<string, string?> lookup)
        {
            // The file being loaded is keyed "" (its tree holds its includes), an extends file by its path.
            private readonly Dictionary<(string File, string Service), MappingNode?> _done = [];

            public MappingNode ResolveAll(MappingNode services)
            {
                var entries = services.Entries.ToBuilder();
                for (var i = 0; i < entries.Count; i++)
                {
                    var e = entries[i];
                    if (e.Value is not MappingNode m || m["extends"] is null) continue;
                    var before = s._diags.Count;
                    var r = Resolve("", services, e.Name, []);
                    if (r is null || ReferenceEquals(r, e.Value) || s._diags.Count > before) continue;
                    var probe = N.Map(r.Mark, ("services", N.Map(r.Mark, (e.Name, r))));
                    if (fragment) SchemaValidator.ValidateFragment(probe, s._diags);
                    else SchemaValidator.Validate(probe, s._diags);
                    entries[i] = new Entry(e.Key, r);
                }
                return new MappingNode(entries.DrainToImmutable(), services.Mark, services.Tag);
            }

            private readonly Dictionary<Node, long> _sizes = new(ReferenceEqualityComparer.Instance);

            // Only services and bases are remembered: what is under them is walked once per service, which the
            // YAML reader's bound on alias expansion already limits (remembering every node cost a megabyte).
            private long SizeOf(Node n)
            {
                if (_sizes.TryGetValue(n, out var known)) return known;
                return _sizes[n] = Count(n);

                static long Count(Node n)
                {
                    long size = 1;
                    if (n is SequenceNode q) foreach (var item in q.Items) size += Count(item);
                    else if (n is MappingNode m) foreach (var e in m.Entries) size += 1 + Count(e.Value);
                    return size;
                }
            }

            private bool OverBudget(MappingNode merged, MappingNode resolvedBase, MappingNode svc, MappingNode ext, string name)
            {
                // An upper bound of the merged service's size, without walking it: its two parts, each sized once.
                var size = SizeOf(resolvedBase) + SizeOf(svc);
                _sizes[merged] = size;
                s._extendsCopied += size;
                if (s._extendsCopied <= InputFiles.MaxExtendsNodes) return false;
                if (!s._extendsReported)
                    N.Error(s._diags, ext, $"services.{name}.extends", $"extends copies more than {InputFiles.MaxExtendsNodes} YAML nodes into services in all");
                s._extendsReported = true;
                return true;
            }

            // A base extended by many services is made ready for merging once, not once per service.
            private readonly Dictionary<MappingNode, MappingNode> _settled = new(ReferenceEqualityComparer.Instance);

            private MappingNode Settled(MappingNode resolvedBase)
            {
                if (!_settled.TryGetValue(resolvedBase, out var settled))
                    _settled[resolvedBase] = settled = Merge.Settle(resolvedBase.Without("extends"));
                return settled;
            }

            private MappingNode? Resolve(string key, MappingNode services, string name, List<(string Path, string Name)> chain)
            {
                if (_done.TryGetValue((key, name), out var d)) return d;
                var svc = services[name] as MappingNode;
                if (svc is null) return null;
                if (svc["extends"] is not MappingNode ext) { _done[(key, name)] = svc; return svc; }
                // compose-go's cycleTracker: a service is a file and a name, so `web` extending `web` of another file is no cycle.
                var me = (Path: key.Length == 0 ? file : key, Name: name);
                if (chain.Contains(me))
                {
                    N.Error(s._diags, ext, $"services.{name}.extends", "extends cycle: " +
                        string.Join(" -> ", chain.SkipWhile(c => c != me).Append(me).Select(c => c.Path == file ? c.Name : $"{c.Name} ({Path.GetFileName(c.Path)})")));
                    _done[(key, name)] = null;
                    return null;
                }
                chain.Add(me);
                try
                {
                    var baseName = N.Text(ext["service"]) ?? "";
                    var baseFile = N.Text(ext["file"]);
                    MappingNode? baseServices = services;
                    var baseKey = key;
                    if (baseFile is not null)
                    {
                        baseKey = baseFile;
                        // Interpolated with the environment of the file that names it (an included project's own).
                        if (!s._extendsFiles.TryGetValue((baseFile, lookup), out var tree))
                        {
                            if (!s._exists(baseFile))
                            {
                                N.Error(s._diags, ext["file"]!, $"services.{name}.extends.file", $"file {baseFile} {InputFiles.WhyMissing(baseFile)}");
                                tree = null;
                            }
                            else tree = s.LoadExtendsFile(baseFile, lookup);
                            s._extendsFiles[(baseFile, lookup)] = tree;
                        }
                        baseServices = tree?["services"] as MappingNode;
                        if (tree is null) return null;
                    }
                    if (baseServices?[baseName] is not MappingNode)
                    {
                        N.Error(s._diags, ext["service"] ?? ext, $"services.{name}.extends.service",
                            $"cannot extend service '{baseName}': no such service in {(baseFile is null ? Path.GetFileName(me.Path) : baseFile)}");
                        return null;
                    }
                    var resolvedBase = Resolve(baseKey, baseServices, baseName, chain);
                    if (resolvedBase is null) return null;
                    // The base as compose-go's parser leaves it (no `!reset` nodes); the extending service's own
                    // `!reset`/`!override` act on what it inherits.
                    var merged = Merge.Service(Settled(resolvedBase), svc.Without("extends"), $"services.{name}", s._diags);
                    if (OverBudget(merged, resolvedBase, svc, ext, name)) return null;
                    _done[(key, name)] = merged;
                    return merged;
                }
                finally { chain.RemoveAt(chain.Count - 1); }
            }
        }
    }
}
