using Composer.Model;

namespace Composer.Model.Tests;

/// <summary>`develop.watch`: parsed with positions, checked before anything runs, printed by `config`.</summary>
public class DevelopTests
{
    private static Project Load(string yaml) => ProjectLoader.LoadText(yaml, "/virtual/proj/compose.yaml", null, "proj");

    private static string Error(string yaml) => Assert.Throws<ComposeModelException>(() => Load(yaml)).Message;

    [Fact]
    public void Rules_are_read_with_paths_made_absolute_and_lists_from_strings()
    {
        var web = Load("""
            services:
              web:
                build: ./web
                develop:
                  watch:
                    - path: ./web/app
                      action: sync+exec
                      target: /app/
                      ignore: "*.pyc"
                      include: ["*.py", "templates/**"]
                      initial_sync: true
                      exec: { command: touch /tmp/reloaded, user: root, environment: [A=1] }
                    - path: web/requirements.txt
                      action: rebuild
            """).Services["web"];
        var rules = web.Develop!.Watch;
        Assert.Equal(2, rules.Length);
        Assert.Equal("/virtual/proj/web/app", rules[0].Path);
        Assert.Equal(WatchAction.SyncExec, rules[0].Action);
        Assert.Equal("/app", rules[0].Target);
        Assert.True(rules[0].InitialSync);
        Assert.Equal(new[] { "*.pyc" }, rules[0].Ignore.ToArray());
        Assert.Equal(new[] { "*.py", "templates/**" }, rules[0].Include.ToArray());
        Assert.Equal(new[] { "touch", "/tmp/reloaded" }, rules[0].Exec!.Command.ToArray());
        Assert.Equal("root", rules[0].Exec!.User);
        Assert.Equal("1", rules[0].Exec!.Environment["A"]);
        Assert.Equal(WatchAction.Rebuild, rules[1].Action);
        Assert.Equal("/virtual/proj/web/requirements.txt", rules[1].Path);
    }

    [Fact]
    public void Config_prints_the_rules_and_the_hash_ignores_them()
    {
        var plain = Load("services:\n  web:\n    image: busybox\n").Services["web"];
        var watched = Load("services:\n  web:\n    image: busybox\n    develop:\n      watch:\n        - {path: ./src, action: sync, target: /src, ignore: [tmp/]}\n").Services["web"];
        Assert.Equal(ServiceHash.Compute(plain), ServiceHash.Compute(watched));
        var text = CanonicalYaml.WriteService(watched);
        Assert.Contains("develop:", text, StringComparison.Ordinal);
        Assert.Contains("path: /virtual/proj/src", text, StringComparison.Ordinal);
        Assert.Contains("action: sync", text, StringComparison.Ordinal);
        Assert.Contains("target: /src", text, StringComparison.Ordinal);
        Assert.Contains("- tmp/", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_without_path_is_an_error_at_its_position()
    {
        var message = Error("services:\n  web:\n    image: busybox\n    develop:\n      watch:\n        - action: sync\n          target: /src\n");
        Assert.Contains("compose.yaml:6:", message, StringComparison.Ordinal);
        Assert.Contains("path", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("sync+restart")]
    [InlineData("sync+exec")]
    public void A_sync_rule_without_target_is_an_error_at_its_position(string action)
    {
        var message = Error($"services:\n  web:\n    image: busybox\n    develop:\n      watch:\n        - path: ./src\n          action: {action}\n          exec: {{command: [true]}}\n");
        Assert.Contains("compose.yaml:6:11: services.web.develop.watch[0]", message, StringComparison.Ordinal);
        Assert.Contains("needs a 'target'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sync_exec_rule_without_a_command_is_an_error()
    {
        var message = Error("services:\n  web:\n    image: busybox\n    develop:\n      watch:\n        - {path: ./src, action: sync+exec, target: /src}\n");
        Assert.Contains("compose.yaml:6:", message, StringComparison.Ordinal);
        Assert.Contains("needs 'exec", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rebuild_rule_on_a_service_without_build_is_an_error_at_the_action()
    {
        var message = Error("services:\n  web:\n    image: busybox\n    develop:\n      watch:\n        - path: ./src\n          action: rebuild\n");
        Assert.Contains("compose.yaml:7:19: services.web.develop.watch[0].action", message, StringComparison.Ordinal);
        Assert.Contains("needs a 'build' section", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_outside_the_project_and_its_build_contexts_is_an_error_at_the_path()
    {
        var message = Error("services:\n  web:\n    image: busybox\n    develop:\n      watch:\n        - path: ../elsewhere\n          action: restart\n");
        Assert.Contains("compose.yaml:6:17: services.web.develop.watch[0].path", message, StringComparison.Ordinal);
        Assert.Contains("outside the project", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_inside_a_build_context_outside_the_project_directory_is_allowed()
    {
        var project = Load("services:\n  web:\n    build: ../shared/web\n    develop:\n      watch:\n        - {path: ../shared/web/app, action: sync, target: /app}\n  nb:\n    image: busybox\n    develop:\n      watch:\n        - {path: ../shared/web/app, action: sync, target: /app}\n");
        Assert.Equal("/virtual/shared/web/app", project.Services["nb"].Develop!.Watch[0].Path);
    }

    [Fact]
    public void A_relative_target_is_an_error()
    {
        var message = Error("services:\n  web:\n    image: busybox\n    develop:\n      watch:\n        - {path: ./src, action: sync, target: src}\n");
        Assert.Contains("must be absolute", message, StringComparison.Ordinal);
    }
}
