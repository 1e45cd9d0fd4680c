using Composer.Engine;
using Composer.Orchestrator.Commands;
using Composer.Orchestrator.Output;
using Composer.Orchestrator.Output.Templates;

namespace Composer.EndToEnd.Tests.Pure;

/// <summary>The `--format` template renderer on its own: fields, functions, tables and errors, no engine.</summary>
public sealed class GoTemplateTests
{
    private sealed record Pet(string Name, string Kind, long Legs, Dictionary<string, string> Tags);

    private static readonly TemplateSchema<Pet> Schema = new(
    [
        new("Name", "NAME", p => TemplateValue.Of(p.Name)),
        new("Kind", "KIND", p => TemplateValue.Of(p.Kind)),
        new("Legs", null, p => TemplateValue.Of(p.Legs)),
    ], label: (p, key) => p.Tags.GetValueOrDefault(key) ?? "");

    private static readonly Pet[] Pets = [new("rex", "dog", 4, new() { ["owner.first-name"] = "ann" }), new("tweety", "bird", 2, [])];

    private static string Render(string format) => ListFormat.Render(format, "table {{.Name}}\t{{.Kind}}", Schema, Pets);

    [Theory]
    [InlineData("{{.Name}}", "rex\ntweety\n")]
    [InlineData("{{.Name}} has {{.Legs}} legs", "rex has 4 legs\ntweety has 2 legs\n")]
    [InlineData("{{.Name}}\\t{{.Kind}}", "rex\tdog\ntweety\tbird\n")]
    [InlineData("{{.Label \"owner.first-name\"}}.", "ann.\n.\n")]
    [InlineData("{{.Name | upper}} {{upper .Kind}} {{title .Kind}} {{lower \"X\"}}", "REX DOG Dog x\nTWEETY BIRD Bird x\n")]
    [InlineData("[{{pad .Name 1 2}}] {{truncate .Kind 2}}", "[ rex  ] do\n[ tweety  ] bi\n")]
    [InlineData("{{join (split .Name \"e\") \"-\"}}", null)]
    [InlineData("{{json .Name}} {{json .Legs}}", "\"rex\" 4\n\"tweety\" 2\n")]
    [InlineData("json", "{\"Kind\":\"dog\",\"Legs\":4,\"Name\":\"rex\"}\n{\"Kind\":\"bird\",\"Legs\":2,\"Name\":\"tweety\"}\n")]
    [InlineData("  {{- .Name -}}  !", "rex!\ntweety!\n")]
    [InlineData("{{/* a comment */}}{{.Kind}}", "dog\nbird\n")]
    public void Renders_fields_and_functions_once_per_row(string format, string? expected)
    {
        if (expected is null) { Assert.Throws<TemplateException>(() => Render(format)); return; }
        Assert.Equal(expected, Render(format));
    }

    [Fact]
    public void Tables_align_under_headers_as_docker_does()
    {
        // Columns at least 10 wide, 3 spaces after the widest cell; the last column is not padded.
        Assert.Equal("NAME      KIND\nrex       dog\ntweety    bird\n", Render("table"));
        Assert.Equal("NAME      first name   <no value>\nrex       ann          4\ntweety                 2\n",
            Render("table {{.Name}}\\t{{.Label \"owner.first-name\"}}\\t{{.Legs}}"));
        Assert.Equal("NAME\n", ListFormat.Render("table {{.Name}}", "", Schema, Array.Empty<Pet>()));
    }

    [Theory]
    [InlineData("{{.Nope}}", "can't evaluate field Nope: the fields are Kind, Legs, Name and Label \"KEY\"")]
    [InlineData("{{.Name", "unclosed action")]
    [InlineData("{{}}", "missing value for command")]
    [InlineData("{{range .Name}}{{end}}", "unsupported template keyword \"range\"")]
    [InlineData("{{$x := .Name}}", "variables and parentheses are not supported")]
    [InlineData("{{.Name.First}}", "unsupported chained field")]
    [InlineData("{{shout .Name}}", "function \"shout\" not defined")]
    [InlineData("{{.Name \"x\"}}", "can't give an argument to .Name")]
    [InlineData("{{upper .Legs}}", "expected text, got a number")]
    [InlineData("{{.Name | \"x\"}}", "can't give an argument")]
    public void Bad_templates_say_what_is_wrong(string format, string message)
    {
        var error = Assert.Throws<TemplateException>(() => Render(format));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void An_unknown_field_fails_even_without_rows()
    {
        Assert.Throws<TemplateException>(() => ListFormat.Render("{{.Nope}}", "", Schema, Array.Empty<Pet>()));
    }

    [Fact]
    public void Tab_aligner_sizes_each_run_of_lines_that_share_a_column()
    {
        Assert.Equal("a             b\nlonger-cell   c\nx\nd         e", TabAligner.Align("a\tb\nlonger-cell\tc\nx\nd\te"));
        Assert.Equal("héllo…    x\n", TabAligner.Align("héllo…\tx\n"));
    }

    [Theory]
    [InlineData(0.4, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(59, "59 seconds")]
    [InlineData(60, "About a minute")]
    [InlineData(150, "2 minutes")]
    [InlineData(3600, "About an hour")]
    [InlineData(5 * 3600, "5 hours")]
    [InlineData(3 * 86400, "3 days")]
    [InlineData(20 * 86400, "2 weeks")]
    [InlineData(90 * 86400, "3 months")]
    [InlineData(800 * 86400, "2 years")]
    public void Durations_read_as_docker_says_them(double seconds, string expected) =>
        Assert.Equal(expected, PsRow.HumanDuration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Commands_are_quoted_and_cut_like_docker()
    {
        Assert.Equal("\"echo \\\"hi\\\"\\n\"", PsRow.GoQuote("echo \"hi\"\n"));
        Assert.Equal("abcdefghijklmnopqrs…", PsRow.Ellipsis("abcdefghijklmnopqrstuvwxyz", 20));
        Assert.Equal("short", PsRow.Ellipsis("short", 20));
        Assert.Equal("0123456789ab", PsRow.ShortId("sha256:0123456789abcdef"));
        Assert.Equal("2026-01-02 03:04:05 +0000 UTC", PsRow.GoTime(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));
    }

    [Fact]
    public void Ports_fold_into_ranges_and_list_remapped_ports_last()
    {
        ContainerPort Port(int inside, int? outside = null, string? ip = null, string type = "tcp") =>
            new() { PrivatePort = inside, PublicPort = outside, IP = ip, Type = type };

        Assert.Equal("53/udp, 80-82/tcp", DisplayPorts.Format([Port(81), Port(80), Port(82), Port(53, type: "udp")]));
        Assert.Equal("0.0.0.0:8000-8001->8000-8001/tcp, 0.0.0.0:18500->80/tcp, [::]:18500->80/tcp",
            DisplayPorts.Format([Port(80, 18500, "::"), Port(80, 18500, "0.0.0.0"), Port(8000, 8000, "0.0.0.0"), Port(8001, 8001, "0.0.0.0")]));
        Assert.Equal("", DisplayPorts.Format(null));
    }
}
