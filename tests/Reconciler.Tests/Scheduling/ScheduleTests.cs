using Composer.Model;
using Composer.Reconciler.Scheduling;
using Composer.Reconciler.State;
using Composer.Reconciler.Supervision;
using Composer.Reconciler.Tests.Supervision;

namespace Composer.Reconciler.Tests.Scheduling;

public sealed class ScheduleTests
{
    [Theory]
    [InlineData("*/5 * * * *", "0 */5 * * * ?")]
    [InlineData("30 3 * * 1-5", "0 30 3 ? * 2-6")]
    [InlineData("0 0 * * 0,6", "0 0 0 ? * 1,7")]
    [InlineData("0 0 * * 7", "0 0 0 ? * 1")]
    [InlineData("0 12 1 * *", "0 0 12 1 * ?")]
    [InlineData("0 12 * * MON", "0 0 12 ? * MON")]
    [InlineData("0 0 * * 1/2", "0 0 0 ? * 2/2")]
    [InlineData("*/2 * * * * ?", "*/2 * * * * ?")]
    [InlineData("0 0 3 * * ? 2030", "0 0 3 * * ? 2030")]
    public void Crontab_becomes_quartz(string cron, string quartz) =>
        Assert.Equal(quartz, CronTranslator.ToQuartz(cron, out _));

    [Theory]
    [InlineData("* * *", "3 fields")]
    [InlineData("0 0 1 * 1", "a day of month and a day of week together")]
    [InlineData("61 * * * *", "")]
    public void Bad_expressions_say_why(string cron, string reason)
    {
        Assert.Null(CronTranslator.ToQuartz(cron, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Schedule_reads_the_short_and_the_long_form()
    {
        var project = Compose.Load("""
            services:
              short: {image: x, x-composer: {schedule: "0 3 * * *"}}
              long: {image: x, x-composer: {schedule: {cron: "*/10 * * * * ?", concurrent: true, history: 3}}}
              plain: {image: x}
            """);
        Assert.Equal(new JobSchedule("0 3 * * *", "0 0 3 * * ?", false, 10), JobSchedule.For(project.Services["short"]));
        Assert.Equal(new JobSchedule("*/10 * * * * ?", "*/10 * * * * ?", true, 3), JobSchedule.For(project.Services["long"]));
        Assert.Null(JobSchedule.For(project.Services["plain"]));
    }

    [Fact]
    public void A_schedule_quartz_cannot_read_is_reported_at_its_position()
    {
        var service = Compose.Service("services: {app: {image: x, x-composer: {schedule: {cron: '0 0 1 * 1'}}}}");
        var error = Assert.Throws<SupervisionConfigException>(() => JobSchedule.For(service));
        Assert.Matches(@"compose\.yaml:1:\d+: services\.app\.x-composer\.schedule: '0 0 1 \* 1' is not a valid cron expression", error.Message);
    }

    [Theory]
    [InlineData("schedule: '0 3 * *'", "services.app.x-composer.schedule: '0 3 * *' is not a cron expression: it has 4 fields")]
    [InlineData("schedule: {cron: '0 3 * * *', history: 0}", "services.app.x-composer.schedule.history: must be a positive number")]
    [InlineData("schedule: {cron: '0 3 * * *', every: 2}", "services.app.x-composer.schedule.every: unknown key")]
    [InlineData("schedule: {concurrent: true}", "services.app.x-composer.schedule: needs `cron`")]
    public void A_malformed_schedule_is_a_load_error(string block, string expected)
    {
        var error = Assert.Throws<ComposeModelException>(() => Compose.Service($"services: {{app: {{image: x, x-composer: {{{block}}}}}}}"));
        Assert.Matches(@":1:\d+: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Up_leaves_scheduled_services_out_unless_named()
    {
        var project = Compose.Load("""
            services:
              web: {image: x}
              backup: {image: x, x-composer: {schedule: "0 3 * * *"}}
            """);
        Assert.Equal(["web"], DesiredStateBuilder.Build(project, []).Services.Select(s => s.Name));
        Assert.Equal(["backup"], DesiredStateBuilder.Build(project, ["backup"]).Services.Select(s => s.Name));
    }
}
