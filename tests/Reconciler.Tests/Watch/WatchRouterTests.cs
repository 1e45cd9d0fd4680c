using Composer.Model;
using Composer.Reconciler.Watch;

namespace Composer.Reconciler.Tests.Watch;

public class WatchRouterTests
{
    private static readonly Project Project = ProjectLoader.LoadText("""
        services:
          web:
            image: busybox
            develop:
              watch:
                - {path: ./web/app, action: sync, target: /app, ignore: ["*.log"]}
                - {path: ./web/requirements.txt, action: restart}
          worker:
            image: busybox
            develop:
              watch:
                - {path: ./web/app, action: sync+restart, target: /srv/app}
          db:
            image: busybox
        """, "/virtual/proj/compose.yaml", null, "proj");

    [Fact]
    public void Only_services_with_rules_are_watched_and_a_selection_narrows_them()
    {
        Assert.Equal(["web", "worker"], WatchRouter.WatchedServices(Project, []));
        Assert.Equal(["worker"], WatchRouter.WatchedServices(Project, ["worker", "db"]));
        Assert.Empty(WatchRouter.WatchedServices(Project, ["db"]));
    }

    [Fact]
    public void A_change_fires_every_rule_that_accepts_it_with_its_container_path()
    {
        var router = WatchRouter.For(Project, ["web", "worker"]);
        var fired = router.Route(["/virtual/proj/web/app/views.py", "/virtual/proj/web/app/debug.log", "/virtual/proj/README.md"]);
        Assert.Equal(2, fired.Count);
        Assert.Equal(("web", "/app/views.py"), (fired[0].Trigger.Service, fired[0].Mappings.Single().ContainerPath));
        // The worker's rule has no ignore: the log goes there only.
        Assert.Equal("worker", fired[1].Trigger.Service);
        Assert.Equal(["/srv/app/debug.log", "/srv/app/views.py"], fired[1].Mappings.Select(m => m.ContainerPath).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void A_restart_rule_has_no_mappings()
    {
        var fired = WatchRouter.For(Project, ["web"]).Route(["/virtual/proj/web/requirements.txt"]).Single();
        Assert.Equal(WatchAction.Restart, fired.Trigger.Rule.Action);
        Assert.Empty(fired.Mappings);
    }
}
