using Composer.Orchestrator.Application;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Commands;

namespace Composer.EndToEnd.Tests.Pure;

/// <summary>Values the new verbs read from the command line: event times, detach keys, `ls` name filters.</summary>
public sealed class VerbInputTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 22, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("1764712800", "2025-12-02T22:00:00.0000000+00:00")]
    [InlineData("1764712800.25", "2025-12-02T22:00:00.2500000+00:00")]
    [InlineData("10m", "2026-12-02T21:50:00.0000000+00:00")]
    [InlineData("1h30m", "2026-12-02T20:30:00.0000000+00:00")]
    [InlineData("2026-12-01T08:00:00Z", "2026-12-01T08:00:00.0000000+00:00")]
    [InlineData("2026-12-01T08:00:00+02:00", "2026-12-01T08:00:00.0000000+02:00")]
    public void Event_times_are_unix_seconds_dates_or_durations_back_from_now(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), EventTime.Parse(text, "--since", Now));

    [Fact]
    public void An_event_time_that_is_none_of_those_names_the_flag()
    {
        Assert.Null(EventTime.Parse(null, "--until", Now));
        var error = Assert.Throws<UsageException>(() => EventTime.Parse("soon", "--until", Now));
        Assert.StartsWith("invalid value \"soon\" for --until", error.Message);
    }

    [Theory]
    [InlineData("ctrl-p,ctrl-q", true)]
    [InlineData("ctrl-@,ctrl-_,ctrl-\\", true)]
    [InlineData("a,b,ctrl-A", true)]
    [InlineData("ctrl-1", false)]
    [InlineData("ctrl-pp", false)]
    [InlineData("ab", false)]
    [InlineData("ctrl-p,", false)]
    public void Detach_keys_are_characters_or_ctrl_letters(string keys, bool valid)
    {
        if (valid) Assert.Equal(keys, DetachKeys.Checked(keys));
        else Assert.Contains("invalid --detach-keys", Assert.Throws<UsageException>(() => DetachKeys.Checked(keys)).Message);
    }

    [Fact]
    public void Ls_name_filters_match_whole_names_or_unanchored_expressions()
    {
        var names = ProjectNameFilter.Parse(["name=shop", "NAME=^blog-[0-9]+$"]);
        Assert.True(ProjectNameFilter.Matches(names, "shop"));
        Assert.True(ProjectNameFilter.Matches(names, "workshop-2")); // "shop" as an expression, unanchored
        Assert.True(ProjectNameFilter.Matches(names, "blog-12"));
        Assert.False(ProjectNameFilter.Matches(names, "blog-x"));
        Assert.True(ProjectNameFilter.Matches([], "anything"));
        // Not an expression: only the same name matches.
        Assert.True(ProjectNameFilter.Matches(ProjectNameFilter.Parse(["name=a[b"]), "a[b"));
        Assert.Throws<UsageException>(() => ProjectNameFilter.Parse(["label=x"]));
    }
}
