using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>`config` flags with docker compose's meaning (no engine needed).</summary>
public sealed class ConfigFlagTests
{
    private const string Stack = """
        services:
          web:
            image: nginx:${TAG:-1.25}
            depends_on: [db]
            networks: [front, back]
          db:
            image: postgres:16
            volumes: [data:/var/lib/postgresql/data]
            networks: [back]
          worker:
            build: .
            volumes: [cache:/cache]
        networks:
          front: {}
          back: {}
        volumes:
          data: {}
          cache: {}
        """;

    [Fact]
    public async Task Images_networks_and_environment_are_listed_one_per_line()
    {
        await using var project = new TempProject(Stack) { Environment = new Dictionary<string, string> { ["TAG"] = "1.27" } };
        project.Write(".env", "FROM_DOTENV=yes\n");
        Assert.Equal([$"{project.Name}-worker", "nginx:1.27", "postgres:16"], Lines((await project.ComposerOkAsync("config", "--images")).Stdout));
        Assert.Equal(["back", "default", "front"], Lines((await project.ComposerOkAsync("config", "--networks")).Stdout).Intersect(["back", "default", "front"]).ToArray());
        var environment = Lines((await project.ComposerOkAsync("config", "--environment")).Stdout);
        Assert.Contains("TAG=1.27", environment);
        Assert.Contains("FROM_DOTENV=yes", environment);
    }

    [Fact]
    public async Task Services_named_keep_their_dependencies_and_only_the_resources_they_use()
    {
        await using var project = new TempProject(Stack);
        var output = (await project.ComposerOkAsync("config", "web")).Stdout;
        Assert.Contains("  web:", output);
        Assert.Contains("  db:", output);
        Assert.DoesNotContain("worker", output);
        Assert.DoesNotContain("cache", output);
        Assert.DoesNotContain("front: {}", (await project.ComposerOkAsync("config", "db")).Stdout);

        var unknown = await project.ComposerAsync("config", "nosuch");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no such service: nosuch", unknown.Stderr);
    }

    [Fact]
    public async Task Output_writes_the_model_to_a_file_instead_of_stdout()
    {
        await using var project = new TempProject(Stack);
        var result = await project.ComposerOkAsync("config", "-o", "resolved.yaml");
        Assert.Equal("", result.Stdout);
        var written = await File.ReadAllTextAsync(Path.Combine(project.Directory, "resolved.yaml"));
        Assert.Equal((await project.ComposerOkAsync("config")).Stdout, written);

        var nowhere = await project.ComposerAsync("config", "-o", "no/such/folder/resolved.yaml");
        Assert.Equal(1, nowhere.ExitCode);
        Assert.Contains("--output: cannot write no/such/folder/resolved.yaml", nowhere.Stderr);
    }

    [Fact]
    public async Task Variables_lists_each_reference_with_its_default_alternate_and_whether_it_is_required()
    {
        await using var project = new TempProject("""
            # ${IN_A_COMMENT} is not a reference
            services:
              web:
                image: "nginx:${TAG:-1.25}"
                command: ["echo", "$$NOT_A_VARIABLE", "$PLAIN", "${ALT:+on}"]
                environment:
                  SECRET: ${SECRET:?set it}
                  JSON: ${CONFIG:-{"a":1}}
            """) { Environment = new Dictionary<string, string> { ["SECRET"] = "s" } };
        var table = (await project.ComposerOkAsync("config", "--variables")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "REQUIRED", "DEFAULT", "VALUE", "ALTERNATE", "VALUE"], table[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        string[] Row(string name) => table.Single(l => l.StartsWith(name + " ")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["TAG", "false", "1.25"], Row("TAG"));
        Assert.Equal(["SECRET", "true"], Row("SECRET"));
        Assert.Equal(["ALT", "false", "on"], Row("ALT"));
        Assert.Equal(["PLAIN", "false"], Row("PLAIN"));
        Assert.Equal(["CONFIG", "false", "{\"a\":1}"], Row("CONFIG"));
        Assert.Equal(5, table.Length - 1);

        var json = System.Text.Json.JsonDocument.Parse((await project.ComposerOkAsync("config", "--variables", "--format", "json")).Stdout).RootElement;
        Assert.Contains(json.EnumerateArray(), v => v.GetProperty("Name").GetString() == "SECRET" && v.GetProperty("Required").GetString() == "true");
    }

    [Fact]
    public async Task No_interpolate_prints_the_references_as_written()
    {
        await using var project = new TempProject("""
            services:
              web:
                image: "nginx:${TAG:-1.25}"
                environment:
                  FROM_ENV: ${FROM_ENV}
                command: ["echo", "$$literal"]
            """) { Environment = new Dictionary<string, string> { ["FROM_ENV"] = "resolved" } };
        var raw = (await project.ComposerOkAsync("config", "--no-interpolate")).Stdout;
        Assert.Contains("image: nginx:${TAG:-1.25}", raw);
        Assert.Contains("FROM_ENV: ${FROM_ENV}", raw);
        Assert.Contains("$$literal", raw);
        var resolved = (await project.ComposerOkAsync("config")).Stdout;
        Assert.Contains("image: nginx:1.25", resolved);
        Assert.Contains("FROM_ENV: resolved", resolved);
    }

    [Fact]
    public async Task No_normalize_prints_only_what_the_files_say()
    {
        await using var project = new TempProject("""
            services:
              app:
                build: .
                volumes: [data:/data]
            volumes:
              data: {}
            """);
        var normalized = (await project.ComposerOkAsync("config")).Stdout;
        Assert.Contains("dockerfile: Dockerfile", normalized);
        Assert.Contains("default: null", normalized);
        Assert.Contains($"name: {project.Name}_data", normalized);

        var raw = (await project.ComposerOkAsync("config", "--no-normalize")).Stdout;
        Assert.DoesNotContain("dockerfile", raw);
        Assert.DoesNotContain("default", raw);
        Assert.DoesNotContain($"{project.Name}_data", raw);
        Assert.Contains("data: {}", raw);
        // docker compose's config turns --compatibility into --no-normalize.
        Assert.Equal(raw, (await project.ComposerOkAsync("--compatibility", "config")).Stdout);
    }

    [Fact]
    public async Task No_path_resolution_keeps_relative_paths_as_written()
    {
        await using var project = new TempProject("""
            services:
              app:
                build: ./src
                env_file: ./app.env
                volumes: ["./data:/data"]
            """);
        project.Write("app.env", "FROM_FILE=yes\n");
        var resolved = (await project.ComposerOkAsync("config")).Stdout;
        Assert.Contains($"context: {project.Directory}/src", resolved);
        Assert.Contains($"source: {project.Directory}/data", resolved);

        var raw = (await project.ComposerOkAsync("config", "--no-path-resolution")).Stdout;
        Assert.Contains("context: ./src", raw);
        Assert.Contains("source: ./data", raw);
        Assert.DoesNotContain("env_file", raw); // read into environment, as docker compose's config prints it
        Assert.Contains("FROM_FILE: \"yes\"", raw);
        Assert.DoesNotContain(project.Directory + "/", raw);
    }

    [Fact]
    public async Task No_env_resolution_names_the_env_files_without_merging_them()
    {
        await using var project = new TempProject("""
            services:
              app:
                image: nginx
                env_file: [app.env, {path: optional.env, required: false, format: raw}]
                environment:
                  OWN: value
            """);
        project.Write("app.env", "FROM_FILE=yes\n");
        var resolved = (await project.ComposerOkAsync("config")).Stdout;
        Assert.Contains("FROM_FILE: \"yes\"", resolved);

        var raw = (await project.ComposerOkAsync("config", "--no-env-resolution")).Stdout;
        Assert.DoesNotContain("FROM_FILE", raw);
        Assert.Contains("OWN: value", raw);
        // As docker compose prints them: long form, `required` only when false.
        Assert.Contains($"    env_file:\n      - path: {project.Directory}/app.env\n      - format: raw\n        path: {project.Directory}/optional.env\n        required: false\n", raw);
    }

    [Fact]
    public async Task No_consistency_prints_a_file_with_dangling_references()
    {
        await using var project = new TempProject("""
            services:
              app:
                image: nginx
                networks: [nowhere]
                volumes: [ghost:/data]
                secrets: [token]
                depends_on: [missing]
            """);
        var checkedRun = await project.ComposerAsync("config");
        Assert.Equal(1, checkedRun.ExitCode);
        Assert.Contains("compose.yaml:4:", checkedRun.Stderr);
        Assert.Contains("undefined network 'nowhere'", checkedRun.Stderr);
        Assert.DoesNotContain("   at ", checkedRun.Stderr);

        var raw = (await project.ComposerOkAsync("config", "--no-consistency")).Stdout;
        Assert.Contains("nowhere: null", raw);
        Assert.Contains("source: ghost", raw);
        Assert.Contains("missing:", raw);
    }

    internal const string WithModels = """
        services:
          chat:
            image: busybox:latest
            command: ["sleep", "60"]
            models:
              llm:
                endpoint_var: LLM_URL
                model_var: LLM_MODEL
        models:
          llm:
            model: ai/smollm2
            context_size: 2048
          embedder:
            model: ai/mxbai-embed-large
        """;

    [Fact]
    public async Task Models_prints_each_model_and_config_keeps_them()
    {
        await using var project = new TempProject(WithModels);
        Assert.Equal(["ai/mxbai-embed-large", "ai/smollm2"], Lines((await project.ComposerOkAsync("config", "--models")).Stdout));
        var yaml = (await project.ComposerOkAsync("config")).Stdout;
        Assert.Contains("models:\n  embedder:\n    model: ai/mxbai-embed-large\n  llm:\n    context_size: 2048\n    model: ai/smollm2\n", yaml);
        Assert.Contains("    models:\n      llm:\n        endpoint_var: LLM_URL\n        model_var: LLM_MODEL\n", yaml);
        var json = System.Text.Json.JsonDocument.Parse((await project.ComposerOkAsync("config", "--format", "json")).Stdout).RootElement;
        Assert.Equal(2048, json.GetProperty("models").GetProperty("llm").GetProperty("context_size").GetInt32());
        Assert.Equal("LLM_URL", json.GetProperty("services").GetProperty("chat").GetProperty("models").GetProperty("llm").GetProperty("endpoint_var").GetString());

        // A subset keeps only the models its services use.
        var subset = (await project.ComposerOkAsync("config", "chat")).Stdout;
        Assert.Contains("model: ai/smollm2", subset);
        Assert.DoesNotContain("embedder", subset);
    }

    private static string[] Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Order(StringComparer.Ordinal)];
}
