using System.Globalization;
using Composer.Orchestrator.Application;
using Composer.Orchestrator.Output.Templates;

namespace Composer.Orchestrator.Commands;

/// <summary>One line of `stats`: a sample with the docker formatter's fields and texts.</summary>
internal sealed record StatsRow(string Container, StatsSample Sample, bool Truncate)
{
    /// <summary>docker stats' default columns.</summary>
    public const string DefaultTable = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";

    public static readonly TemplateSchema<StatsRow> Schema = new(
    [
        Field("Container", "CONTAINER", r => r.Container),
        Field("Name", "NAME", r => r.Sample.Name),
        Field("ID", "CONTAINER ID", r => r.Truncate ? PsRow.ShortId(r.Sample.Id) : r.Sample.Id),
        Field("CPUPerc", "CPU %", r => Percent(r.Sample.CpuPercent)),
        Field("MemUsage", "MEM USAGE / LIMIT", r => $"{BinarySize(r.Sample.Memory)} / {BinarySize(r.Sample.MemoryLimit)}"),
        Field("MemPerc", "MEM %", r => Percent(r.Sample.MemoryPercent)),
        Field("NetIO", "NET I/O", r => $"{DecimalSize(r.Sample.NetworkRx)} / {DecimalSize(r.Sample.NetworkTx)}"),
        Field("BlockIO", "BLOCK I/O", r => $"{DecimalSize(r.Sample.BlockRead)} / {DecimalSize(r.Sample.BlockWrite)}"),
        Field("PIDs", "PIDS", r => r.Sample.Pids.ToString(CultureInfo.InvariantCulture)),
    ]);

    private static TemplateField<StatsRow> Field(string name, string header, Func<StatsRow, string> text) => new(name, header, r => TemplateValue.Of(text(r)));

    public static string Percent(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static readonly string[] BinaryUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];
    private static readonly string[] DecimalUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

    /// <summary>Powers of 1024, four significant digits: "7.648MiB" (go-units BytesSize).</summary>
    public static string BinarySize(double bytes) => Scaled(bytes, 1024, BinaryUnits, "G4");

    /// <summary>Powers of 1000, three significant digits: "1.05kB" (go-units HumanSizeWithPrecision(size, 3)).</summary>
    public static string DecimalSize(double bytes) => Scaled(bytes, 1000, DecimalUnits, "G3");

    private static string Scaled(double size, double unitBase, string[] units, string digits)
    {
        var unit = 0;
        while (size >= unitBase && unit < units.Length - 1)
        {
            size /= unitBase;
            unit++;
        }
        return size.ToString(digits, CultureInfo.InvariantCulture) + units[unit];
    }
}
