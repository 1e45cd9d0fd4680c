using Composer.Model;
using Composer.Reconciler.Supervision;

namespace Composer.Reconciler.Tests.Supervision;

public sealed class RestartSettingsTests
{
    [Fact]
    public void Defaults_are_dockers_restart_manager()
    {
        var settings = RestartSettings.For(Compose.Service("services: {app: {image: x, restart: always}}"));
        Assert.Equal(RestartKind.Always, settings.Kind);
        Assert.Equal(TimeSpan.FromMilliseconds(100), settings.Backoff.Initial);
        Assert.Equal(2, settings.Backoff.Factor);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.Backoff.Max);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Backoff.ResetAfter);
        Assert.False(settings.RestartUnhealthy);
    }

    [Fact]
    public void Deploy_restart_policy_gives_kind_limit_delay_and_window()
    {
        var settings = RestartSettings.For(Compose.Service("""
            services:
              app:
                image: x
                deploy:
                  restart_policy: {condition: on-failure, delay: 2s, max_attempts: 4, window: 30s}
            """));
        Assert.Equal(RestartKind.OnFailure, settings.Kind);
        Assert.Equal(4, settings.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.Backoff.Initial);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Backoff.ResetAfter);
    }

    [Fact]
    public void X_composer_overrides_deploy_and_opts_into_health_restarts()
    {
        var settings = RestartSettings.For(Compose.Service("""
            services:
              app:
                image: x
                restart: on-failure:3
                deploy:
                  restart_policy: {delay: 2s}
                x-composer:
                  restart: {delay: 250ms, factor: 3, max_delay: 5s, reset_after: 1m, jitter: 0}
                  restart_unhealthy: true
            """));
        Assert.Equal(new RestartSettings(RestartKind.OnFailure, 3,
            new BackoffSettings(TimeSpan.FromMilliseconds(250), 3, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), 0), true), settings);
    }

    [Theory]
    [InlineData("restart: {factor: 0.5}", ":1:59: services.app.x-composer.restart.factor: must be a number >= 1")]
    [InlineData("restart: {delay: soon}", ":1:58: services.app.x-composer.restart.delay: 'soon' is not a valid duration")]
    [InlineData("restart: {jitter: 2}", ":1:59: services.app.x-composer.restart.jitter: must be a number from 0 to 1")]
    [InlineData("restart_unhealthy: maybe", ":1:60: services.app.x-composer.restart_unhealthy: 'maybe' is not a boolean")]
    [InlineData("restart_on_unhealthy: true", ":1:41: services.app.x-composer.restart_on_unhealthy: unknown key")]
    [InlineData("restart: {delays: 1s}", ":1:51: services.app.x-composer.restart.delays: unknown key")]
    public void Unreadable_settings_are_load_errors_at_their_position(string block, string expected)
    {
        var error = Assert.Throws<ComposeModelException>(() => Compose.Service($"services: {{app: {{image: x, x-composer: {{{block}}}}}}}"));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Backoff_grows_by_the_factor_up_to_the_cap()
    {
        var backoff = new BackoffSettings(TimeSpan.FromMilliseconds(100), 3, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), 0);
        var delays = Enumerable.Range(0, 5).Select(n => backoff.DelayFor(n, 0.5).TotalMilliseconds).ToArray();
        Assert.Equal([100, 300, 900, 2000, 2000], delays);
    }

    [Fact]
    public void Jitter_spreads_delays_within_its_band()
    {
        var backoff = BackoffSettings.Default with { Jitter = 0.2 };
        // 100 ms x 2^3 = 800 ms, ±20%
        Assert.Equal(640, backoff.DelayFor(3, 0).TotalMilliseconds, 3);
        Assert.Equal(960, backoff.DelayFor(3, 1).TotalMilliseconds, 3);
        Assert.Equal(800, backoff.DelayFor(3, 0.5).TotalMilliseconds, 3);
    }

    [Theory]
    // kind, exit code, user stopped, at adoption, restart?
    [InlineData(RestartKind.No, 1, false, false, false)]
    [InlineData(RestartKind.OnFailure, 0, false, false, false)]
    [InlineData(RestartKind.OnFailure, 1, false, false, true)]
    [InlineData(RestartKind.OnFailure, 1, true, false, false)]
    [InlineData(RestartKind.Always, 0, false, false, true)]
    [InlineData(RestartKind.Always, 0, true, false, false)]
    [InlineData(RestartKind.Always, 0, true, true, true)]
    [InlineData(RestartKind.UnlessStopped, 0, false, false, true)]
    [InlineData(RestartKind.UnlessStopped, 0, true, true, false)]
    public void Policies_decide_like_the_engine(RestartKind kind, long exitCode, bool userStopped, bool atAdoption, bool restart)
    {
        var settings = new RestartSettings(kind, null, BackoffSettings.Default, false);
        var trouble = new Trouble(TroubleKind.Exited, exitCode, DateTimeOffset.UnixEpoch, TimeSpan.Zero, userStopped, atAdoption);
        Assert.Equal(restart, RestartDecision.ShouldRestart(settings, trouble));
    }
}
