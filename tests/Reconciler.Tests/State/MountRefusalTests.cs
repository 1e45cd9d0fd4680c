using System.Collections.Immutable;
using Composer.Model;
using Composer.Reconciler.State;
using Composer.Reconciler.Swarm;

namespace Composer.Reconciler.Tests.State;

/// <summary>
/// Mounts Engine API 1.41 cannot carry are refused at their position by the verbs that create containers,
/// while a secret's store driver, which only swarm reads, reaches the stack's secret.
/// </summary>
public sealed class MountRefusalTests
{
    private static readonly Project Project = ProjectLoader.LoadText("""
        services:
          image-mount:
            image: busybox
            volumes:
              - type: image
                source: alpine
                target: /alpine
                image: {subpath: etc}
          flat-bind:
            image: busybox
            volumes:
              - type: bind
                source: /srv
                target: /srv
                bind: {recursive: readonly}
          plain:
            image: busybox
            volumes:
              - type: bind
                source: /srv
                target: /srv
                bind: {recursive: enabled}
        """, "/tmp/mount-refusal/compose.yaml", projectName: "mounts");

    [Fact]
    public void An_image_mount_and_a_non_recursive_bind_are_refused_at_their_positions()
    {
        var error = Assert.Throws<UnrunnableException>(() => Unrunnable.Refuse(Project, DesiredStateBuilder.Build(Project, [])));
        Assert.Equal(
            [
                "/tmp/mount-refusal/compose.yaml:12:9: service 'flat-bind': volume /srv: bind.recursive: readonly needs engine API 1.44",
                "/tmp/mount-refusal/compose.yaml:5:9: service 'image-mount': volume /alpine: an image mount needs engine API 1.47",
            ],
            error.Message.Split('\n').Select(line => line[..line.IndexOf(" (Mount.", StringComparison.Ordinal)]));
    }

    [Fact]
    public void A_recursive_bind_as_the_engine_always_mounts_it_runs()
    {
        Unrunnable.Refuse(Project, DesiredStateBuilder.Build(Project, ["plain"]));
    }

    [Fact]
    public void A_secret_driver_reaches_the_stack_secret()
    {
        var project = ProjectLoader.LoadText("""
            services:
              app: {image: busybox, secrets: [token]}
            secrets:
              token:
                environment: APP_TOKEN
                driver: vault
                driver_opts: {path: kv/app}
            """, "/tmp/secret-driver/compose.yaml", new Dictionary<string, string> { ["APP_TOKEN"] = "t" }, "vaulted");
        var secret = project.Secrets["token"];
        Assert.Equal("vault", secret.Driver);
        Assert.Equal("kv/app", secret.DriverOpts["path"]);
        var files = new StackFiles(ImmutableSortedDictionary<string, byte[]>.Empty, ImmutableSortedDictionary<string, byte[]>.Empty.Add("token", [1]));
        var stack = DesiredStackBuilder.Build(project, files);
        var spec = stack.Secrets.Single().Spec;
        Assert.Equal("vault", spec.Driver!.Name);
        Assert.Equal("kv/app", spec.Driver.Options!["path"]);
    }
}
