using Composer.Engine;
using Composer.Reconciler.Execution;

namespace Composer.Reconciler.Tests.Execution;

/// <summary>How long the engine may take to call a container healthy or unhealthy: what bounds a wait the user did not bound.</summary>
public sealed class HealthVerdictTests
{
    private static ContainerInspect With(HealthConfig? check) => new() { Config = new ContainerCreateRequest { Healthcheck = check } };

    private static long Seconds(double s) => (long)(s * 1_000_000_000);

    [Fact]
    public void A_long_start_period_is_waited_out_before_the_checks()
    {
        var check = new HealthConfig { Test = ["CMD", "true"], Interval = Seconds(5), Timeout = Seconds(2), Retries = 2, StartPeriod = Seconds(900) };
        Assert.Equal(TimeSpan.FromSeconds(900 + 7 * 3), HealthProbes.VerdictWithin(With(check)));
        Assert.True(HealthProbes.VerdictWithin(With(check)) > ServiceConditionWaiter.DefaultBound);
    }

    [Fact]
    public void Unset_values_are_dockers_defaults_and_no_healthcheck_has_no_verdict()
    {
        Assert.Equal(TimeSpan.FromSeconds(60 * 4), HealthProbes.VerdictWithin(With(new HealthConfig { Test = ["CMD-SHELL", "true"] })));
        Assert.Null(HealthProbes.VerdictWithin(With(null)));
        Assert.Null(HealthProbes.VerdictWithin(With(new HealthConfig { Test = ["NONE"] })));
    }
}
