using System.Diagnostics;
using Composer.Model.Loading;
using Composer.Model.Yaml;

namespace Composer.Model.Bench;

/// <summary>`--stages`: rough per-stage timings of the loader on the generated file (for finding hot spots).</summary>
internal static class Stages
{
    public static void Run(int services = 1000)
    {
        var yaml = LoadBenchmark.Generate(services);
        var env = new Dictionary<string, string> { ["REGISTRY"] = "r", ["TAG"] = "1" };
        for (var round = 0; round < 3; round++)
        {
            var diags = new List<Diagnostic>();
            var sw0 = Stopwatch.StartNew();
            var a00 = GC.GetAllocatedBytesForCurrentThread();
            var parser = new YamlDotNet.Core.Parser(new StringReader(yaml));
            var events = 0;
            while (parser.MoveNext()) events++;
            Console.WriteLine($"raw parser: {events} events in {sw0.Elapsed.TotalMilliseconds:F1} ms, {(GC.GetAllocatedBytesForCurrentThread() - a00) / 1e6:F1} MB, {yaml.Length} chars");
            var sw = Stopwatch.StartNew();
            var a0 = GC.GetAllocatedBytesForCurrentThread();
            double Mb() => (GC.GetAllocatedBytesForCurrentThread() - a0) / 1e6;
            var docs = YamlReader.Read("/b/compose.yaml", yaml, diags)!.Value;
            var t1 = sw.Elapsed.TotalMilliseconds; var m1 = Mb();
            var root = (MappingNode)TreeInterpolation.Apply(docs[0], k => env.GetValueOrDefault(k), "", diags);
            var t2 = sw.Elapsed.TotalMilliseconds; var m2 = Mb();
            SchemaValidator.Validate(root, diags);
            var t3 = sw.Elapsed.TotalMilliseconds; var m3 = Mb();
            root = new Canonicalize("/b", "/home", diags).File(root);
            var t4 = sw.Elapsed.TotalMilliseconds; var m4 = Mb();
            var p = ProjectLoader.LoadText(yaml, "/b/compose.yaml", env, "b");
            var t5 = sw.Elapsed.TotalMilliseconds; var m5 = Mb();
            var g = ServiceGraph.Build(p);
            var t6 = sw.Elapsed.TotalMilliseconds; var m6 = Mb();
            Console.WriteLine($"yaml {t1:F1}  interp {t2 - t1:F1}  schema {t3 - t2:F1}  canon {t4 - t3:F1}  full-load {t5 - t4:F1}  graph {t6 - t5:F1}  ({diags.Count} diags, {g.Services.Count} services)");
            Console.WriteLine($"MB: yaml {m1:F1}  interp {m2 - m1:F1}  schema {m3 - m2:F1}  canon {m4 - m3:F1}  full-load {m5 - m4:F1}  graph {m6 - m5:F1}");
        }
    }
}
