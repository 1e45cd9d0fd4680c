using System.Collections.Immutable;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;
using static Composer.Reconciler.Tests.Planning.Scenario;

namespace Composer.Reconciler.Tests.Planning;

public sealed class PullPolicyPlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static DesiredService Policy(string name, string? policy, ImageSource source = ImageSource.Pull) =>
        Service(name, source: source, image: $"reg:5000/{name}:1") with { Pull = policy is null ? null : PullPolicy.Parse(policy) };

    /// <summary>Every image present, refreshed <paramref name="age"/> ago.</summary>
    private static ObservedState Present(TimeSpan age, params string[] services) =>
        Observed([], [], images: services.ToDictionary(s => $"reg:5000/{s}:1", _ => "sha256:old")) with
        {
            ImageRefreshed = services.ToImmutableDictionary(s => $"reg:5000/{s}:1", _ => Now - age),
        };

    private static string[] Pulled(Plan plan) =>
        [.. plan.Operations.Where(o => o.Kind == OperationKind.PullImage).Select(o => o.Service!).Order(StringComparer.Ordinal)];

    [Fact]
    public void Present_images_are_pulled_under_always_and_past_their_window_only()
    {
        var desired = Desired(Policy("none", null), Policy("missing", "missing"), Policy("always", "always"), Policy("never", "never"),
            Policy("daily", "daily"), Policy("weekly", "weekly"), Policy("hourly", "every_1h"), Policy("notpresent", "if_not_present"));
        var observed = Present(TimeSpan.FromHours(25), "none", "missing", "always", "never", "daily", "weekly", "hourly", "notpresent");
        Assert.Equal(["always", "daily", "hourly"], Pulled(ImagePlanner.Plan(desired, observed, BuildPolicy.IfMissing, Now)));
    }

    [Fact]
    public void A_window_counts_from_the_last_refresh_so_a_fresh_image_stays()
    {
        var desired = Desired(Policy("daily", "daily"), Policy("every", "every_30m"));
        Assert.Equal(["every"], Pulled(ImagePlanner.Plan(desired, Present(TimeSpan.FromHours(1), "daily", "every"), BuildPolicy.IfMissing, Now)));
    }

    [Fact]
    public void Missing_images_are_pulled_under_every_policy_that_may_pull()
    {
        var desired = Desired(Policy("none", null), Policy("always", "always"), Policy("daily", "daily"), Policy("missing", "missing"));
        Assert.Equal(["always", "daily", "missing", "none"], Pulled(ImagePlanner.Plan(desired, Observed(), BuildPolicy.IfMissing, Now)));
    }

    [Theory]
    [InlineData("never")]
    [InlineData("build")]
    public void A_missing_image_the_policy_may_not_pull_is_an_error_naming_service_and_image(string policy)
    {
        var error = Assert.Throws<ImageUnavailableException>(() =>
            ImagePlanner.Plan(Desired(Policy("db", policy)), Observed(), BuildPolicy.IfMissing, Now));
        Assert.Contains("service db: image reg:5000/db:1 is not on the engine", error.Message);
        Assert.Contains(policy, error.Message);
    }

    [Fact]
    public void Pull_policy_build_rebuilds_a_present_buildable_image_on_every_up()
    {
        var plan = ImagePlanner.Plan(Desired(Policy("app", "build", ImageSource.Build), Policy("lib", null, ImageSource.Build)),
            Present(TimeSpan.Zero, "app", "lib"), BuildPolicy.IfMissing, Now);
        Assert.Equal(["app"], plan.Operations.Where(o => o.Kind == OperationKind.BuildImage).Select(o => o.Service!));
        Assert.Empty(ImagePlanner.Plan(Desired(Policy("app", "build", ImageSource.Build)), Present(TimeSpan.Zero, "app"), BuildPolicy.Never, Now).Operations);
    }

    [Theory]
    [InlineData(null, "reg/app:1", true, null)]
    [InlineData("always", "reg/app:1", true, null)]
    [InlineData("daily", "reg/app:1", true, null)]
    [InlineData("missing", "reg/app:1", true, "Image is already present locally")]
    [InlineData("missing", "reg/app:1", false, null)]
    [InlineData("missing", "reg:5000/app", true, null)]
    [InlineData("missing", "reg:5000/app:latest", true, null)]
    [InlineData("never", "reg/app:1", false, "pull_policy is never")]
    [InlineData("build", "reg/app:1", false, "pull_policy is build")]
    public void The_pull_verb_pulls_what_was_asked_for(string? policy, string image, bool present, string? skipped) =>
        Assert.Equal(skipped, PullPolicy.SkipOnPullVerb(policy is null ? null : PullPolicy.Parse(policy), image, present));

    [Theory]
    [InlineData("every_90m", 90)]
    [InlineData("every_1w1d1h1m60s", 8 * 24 * 60 + 62)]
    [InlineData("daily", 24 * 60)]
    [InlineData("weekly", 7 * 24 * 60)]
    public void Refresh_windows_read_as_compose_go_reads_them(string policy, int minutes)
    {
        var parsed = PullPolicy.Parse(policy);
        Assert.Equal((PullMode.Refresh, TimeSpan.FromMinutes(minutes)), (parsed.Mode, parsed.Interval));
    }
}

public sealed class BackgroundConvergenceTests
{
    [Fact]
    public void Background_passes_fetch_only_missing_images_and_never_rebuild_a_present_one()
    {
        DesiredService Policy(string name, string policy, ImageSource source = ImageSource.Pull) =>
            Service(name, source: source) with { Pull = PullPolicy.Parse(policy) };
        var desired = Desired(Policy("always", "always"), Policy("daily", "daily"), Policy("built", "build", ImageSource.Build), Policy("never", "never"))
            .FetchingOnlyWhatIsMissing();
        var present = Observed([], [], images: desired.Services.ToDictionary(s => s.Image, _ => "sha256:x"));
        Assert.Empty(ImagePlanner.Plan(desired, present, BuildPolicy.IfMissing).Operations);
        Assert.Equal(PullMode.Never, desired.Find("never")!.PullPolicy.Mode);
    }
}
