using System.Text.Json;

namespace Composer.Model.Tests;

/// <summary>
/// The loader steps `config` can skip (ProjectOptions.Normalize, ResolvePaths, ResolveEnvironment,
/// CheckConsistency), each against the same project loaded with every step.
/// </summary>
public sealed class LoadStepsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("composer-steps-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Project Load(string yaml, Func<ProjectOptions, ProjectOptions>? steps = null, Dictionary<string, string>? env = null)
    {
        File.WriteAllText(Path.Combine(_dir, "compose.yaml"), yaml);
        var options = new ProjectOptions { WorkingDirectory = _dir, ProjectName = "steps", Environment = env ?? [] };
        return ProjectLoader.Load(steps is null ? options : steps(options));
    }

    [Fact]
    public void Without_normalization_no_default_network_dockerfile_or_derived_names_are_added()
    {
        const string yaml = """
            services:
              web:
                build:
                  context: .
                  args: [FROM_ENV]
                volumes: [data:/data]
            volumes:
              data: {}
              named: {name: explicit}
            networks:
              outside: {external: true}
            """;
        var env = new Dictionary<string, string> { ["FROM_ENV"] = "x" };
        var normal = CanonicalYaml.Write(Load(yaml, env: env));
        Assert.Contains("dockerfile: Dockerfile", normal);
        Assert.Contains("default: null", normal);
        Assert.Contains("name: steps_data", normal);
        Assert.Contains("name: outside", normal);
        Assert.Contains("FROM_ENV: x", normal);

        var raw = Load(yaml, o => o with { Normalize = false }, env);
        var text = CanonicalYaml.Write(raw);
        Assert.DoesNotContain("dockerfile", text);
        Assert.DoesNotContain("default", text);
        Assert.DoesNotContain("steps_data", text);
        Assert.Contains("name: explicit", text);
        Assert.DoesNotContain("name: outside", text);
        Assert.Contains("FROM_ENV: null", text);
        Assert.True(raw.Services["web"].Networks.IsEmpty);
        Assert.False(raw.Networks.ContainsKey("default"));
    }

    [Fact]
    public void Without_path_resolution_host_paths_stay_as_written_and_env_files_are_still_read()
    {
        File.WriteAllText(Path.Combine(_dir, "app.env"), "FROM_FILE=read\n");
        File.WriteAllText(Path.Combine(_dir, "secret.txt"), "s3cret");
        const string yaml = """
            services:
              web:
                build: ./src
                env_file: ./app.env
                volumes: ["./data:/data", {type: bind, source: ../shared, target: /shared}]
                secrets: [token]
            secrets:
              token: {file: ./secret.txt}
            """;
        var resolved = Load(yaml).Services["web"];
        Assert.Equal(Path.Combine(_dir, "src"), resolved.Build!.Context);
        Assert.Equal(Path.Combine(_dir, "data"), resolved.Volumes[0].Source);

        var project = Load(yaml, o => o with { ResolvePaths = false });
        var web = project.Services["web"];
        Assert.Equal("./src", web.Build!.Context);
        Assert.Equal(["./app.env"], web.EnvFiles.ToArray());
        Assert.DoesNotContain("env_file", CanonicalYaml.Write(project)); // read into environment, as docker compose's config
        Assert.Equal("./data", web.Volumes[0].Source);
        Assert.Equal("../shared", web.Volumes[1].Source);
        Assert.Equal("./secret.txt", project.Secrets["token"].File);
        Assert.Equal("read", web.Environment["FROM_FILE"]);
    }

    [Fact]
    public void Without_env_resolution_env_files_are_named_not_merged()
    {
        File.WriteAllText(Path.Combine(_dir, "app.env"), "FROM_FILE=read\n");
        const string yaml = """
            services:
              web:
                image: nginx
                env_file: [app.env, {path: missing.env, required: true}]
                environment: {SET: here, VALUELESS: null}
            """;
        var env = new Dictionary<string, string> { ["VALUELESS"] = "from-process" };
        var resolved = Load(yaml.Replace(", {path: missing.env, required: true}", ""), env: env).Services["web"];
        Assert.Equal("read", resolved.Environment["FROM_FILE"]);

        var web = Load(yaml, o => o with { ResolveEnvironment = false }, env).Services["web"];
        Assert.False(web.Environment.ContainsKey("FROM_FILE"));
        Assert.Empty(web.EnvFiles);
        Assert.Equal([new EnvFileReference(Path.Combine(_dir, "app.env")), new EnvFileReference(Path.Combine(_dir, "missing.env"))], web.UnreadEnvFiles.ToArray());
        Assert.Equal("here", web.Environment["SET"]);
        // As compose-go: normalization still fills a valueless entry; skipping both leaves it unset.
        Assert.Equal("from-process", web.Environment["VALUELESS"]);
        var neither = Load(yaml, o => o with { ResolveEnvironment = false, Normalize = false }, env).Services["web"];
        Assert.Null(neither.Environment["VALUELESS"]);
        // ...but compose-go always fills the list form (`- NAME`).
        var listed = Load("services:\n  web:\n    image: nginx\n    environment: [VALUELESS]\n", o => o with { ResolveEnvironment = false, Normalize = false }, env);
        Assert.Equal("from-process", listed.Services["web"].Environment["VALUELESS"]);
    }

    [Fact]
    public void Without_consistency_dangling_references_load()
    {
        const string yaml = """
            services:
              web:
                image: nginx
                networks: [nowhere]
                volumes: [ghost:/data]
                secrets: [unknown]
                configs: [absent]
                depends_on: [missing]
                models: [nomodel]
              builder: {}
            secrets:
              empty: {}
            """;
        var error = Assert.Throws<ComposeModelException>(() => Load(yaml));
        var messages = string.Join("\n", error.Diagnostics.Select(d => d.ToString()));
        foreach (var expected in new[] { "undefined network 'nowhere'", "undefined volume 'ghost'", "undefined secret 'unknown'",
                     "undefined config 'absent'", "undefined service 'missing'", "undefined model 'nomodel'", "neither an image nor a build context",
                     "needs exactly one of file" })
            Assert.Contains(expected, messages);
        Assert.All(error.Diagnostics, d => Assert.True(d.Line > 0, d.ToString()));

        var project = Load(yaml, o => o with { CheckConsistency = false });
        Assert.True(project.Services["web"].Networks.ContainsKey("nowhere"));
        Assert.True(project.Services["web"].DependsOn.ContainsKey("missing"));
        Assert.Contains("nomodel: null", CanonicalYaml.Write(project));
    }

    [Fact]
    public void Models_are_kept_and_printed_in_yaml_and_json()
    {
        const string yaml = """
            services:
              chat:
                image: example/chat
                models: [llm]
              search:
                image: example/search
                models:
                  llm: {endpoint_var: LLM_URL, model_var: LLM_NAME}
            models:
              llm:
                model: ai/smollm2
                context_size: 4096
                runtime_flags: [--threads, "4"]
                x-owner: team
            """;
        var project = Load(yaml);
        var llm = project.Models["llm"];
        Assert.Equal("ai/smollm2", llm.Model);
        Assert.Equal(4096, llm.ContextSize);
        Assert.Equal(["--threads", "4"], llm.RuntimeFlags.ToArray());
        Assert.True(llm.Extensions.ContainsKey("x-owner"));
        Assert.Null(project.Services["chat"].Models["llm"]);
        Assert.Equal("LLM_URL", project.Services["search"].Models["llm"]!.EndpointVariable);
        Assert.Equal("LLM_NAME", project.Services["search"].Models["llm"]!.ModelVariable);

        var text = CanonicalYaml.Write(project);
        Assert.Contains("models:\n  llm:\n    context_size: 4096\n    model: ai/smollm2\n    runtime_flags:\n      - \"--threads\"\n      - \"4\"\n    x-owner: team\n", text);
        Assert.Contains("    models:\n      llm: null\n", text);
        Assert.Contains("    models:\n      llm:\n        endpoint_var: LLM_URL\n        model_var: LLM_NAME\n", text);

        using var json = JsonDocument.Parse(CanonicalJson.Write(project));
        Assert.Equal(4096, json.RootElement.GetProperty("models").GetProperty("llm").GetProperty("context_size").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("services").GetProperty("chat").GetProperty("models").GetProperty("llm").ValueKind);
        Assert.Equal("LLM_URL", json.RootElement.GetProperty("services").GetProperty("search").GetProperty("models").GetProperty("llm").GetProperty("endpoint_var").GetString());
    }

    [Fact]
    public void An_included_files_models_join_the_project()
    {
        File.WriteAllText(Path.Combine(_dir, "ai.yaml"), """
            services:
              chat:
                image: example/chat
                models: [llm]
            models:
              llm:
                model: ai/smollm2
            """);
        var project = Load("""
            include: [ai.yaml]
            services:
              web:
                image: nginx
                models: [llm]
            """);
        Assert.Equal("ai/smollm2", project.Models["llm"].Model);
        Assert.True(project.Services["web"].Models.ContainsKey("llm"));
    }
}
