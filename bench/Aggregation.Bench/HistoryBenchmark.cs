using System.Diagnostics;
using System.Globalization;

namespace Aggregation.Bench;

/// <summary>
/// What a report costs a commune with ten years of monthly history (120 months, three versions
/// each) against one with a single year (12 months, one version each), in the same process and run.
/// </summary>
/// <remarks>
/// Both groups have the previous year's months, so a new month is checked against the same month
/// a year before in both, and both publish the same derived periods. The PUTs are sequential and
/// alternate between the groups (a block of one month for every commune of one group, then the
/// other), so a disturbance of the machine falls on both alike. Each month takes three versions in
/// both groups, as the history did. Each block's process CPU (read in 10 ms steps, hence blocks of many
/// PUTs) and each PUT's latency are taken; the figures are the ratios old ÷ fresh.
/// </remarks>
public static class HistoryBenchmark
{
    private const string Province = "HP";
    private const int HistoryYears = 10;
    private const int VersionsPerMonth = 3;
    private const int MeasuredYear = 2025;

    public static async Task<int> Run(IReadOnlyList<string> args)
    {
        var communes = 20;
        var store = "sqlite";
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--communes": communes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--store": store = args[++i]; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        var root = NationalBenchmark.RepositoryRoot();
        var gateway = Path.Combine(root, "src", "Aggregation.Gateway", "bin", "Release", "net10.0", "Aggregation.Gateway.dll");
        var work = Directory.CreateTempSubdirectory("aggregation-history.").FullName;
        Console.WriteLine($"work directory (process logs): {work}");
        await using var postgres = store == "postgres" ? await LocalPostgres.Start(root) : null;
        var settings = await LocalPostgres.FreshStore(postgres, work, "history");
        await using var product = await ProductProcesses.Start(gateway, 1, settings, work, Convert.ToHexString(Guid.NewGuid().ToByteArray()), 8);
        var client = product.Clients[0];
        var values = new NationalData(1).Communes[0].Current;

        await Http.Put(client, $"/api/units/{NationalData.Nation}", new { name = "Việt Nam", level = "nation", parent = (string?)null });
        await Http.Put(client, $"/api/units/{Province}", new { name = "Tỉnh HP", level = "province", parent = NationalData.Nation });
        var old = Enumerable.Range(0, communes).Select(i => $"HO{i:000}").ToList();
        var fresh = Enumerable.Range(0, communes).Select(i => $"HF{i:000}").ToList();
        foreach (var code in old.Concat(fresh))
        {
            await Http.Put(client, $"/api/units/{code}", new { name = $"Xã {code}", level = "commune", parent = Province });
        }

        var history = Stopwatch.StartNew();
        var oldMonths = Months(MeasuredYear - HistoryYears, MeasuredYear - 1).ToList();
        await Http.ForEach(old, 4, async code =>
        {
            var k = 0;
            foreach (var month in oldMonths)
            {
                for (var v = 0; v < VersionsPerMonth; v++)
                {
                    await Report(client, code, month, values, ++k);
                }
            }
        });
        await Http.ForEach(fresh, 4, async code =>
        {
            var k = 0;
            foreach (var month in Months(MeasuredYear - 1, MeasuredYear - 1))
            {
                await Report(client, code, month, values, ++k);
            }
        });
        Console.WriteLine($"history loaded in {history.Elapsed.TotalSeconds:0.0} s: {old.Count} communes × {oldMonths.Count} months × {VersionsPerMonth} versions, " +
            $"{fresh.Count} communes × 12 months × 1 version");
        await product.Settle(TimeSpan.FromSeconds(30));

        var oldLatency = new Latencies();
        var freshLatency = new Latencies();
        var oldCpu = TimeSpan.Zero;
        var freshCpu = TimeSpan.Zero;
        var measured = 0;
        var months = Months(MeasuredYear, MeasuredYear).ToList();
        for (var m = 0; m < months.Count; m++)
        {
            // Who goes first alternates, so neither group always follows the other's aftermath.
            var groups = m % 2 == 0 ? new[] { (old, oldLatency, true), (fresh, freshLatency, false) } : [(fresh, freshLatency, false), (old, oldLatency, true)];
            foreach (var (group, latencies, isOld) in groups)
            {
                var before = product.CpuTime();
                for (var v = 0; v < VersionsPerMonth; v++)
                {
                    foreach (var code in group)
                    {
                        await Report(client, code, months[m], values, 1000 + m * VersionsPerMonth + v, latencies);
                    }
                }
                var used = product.CpuTime() - before;
                if (isOld)
                {
                    oldCpu += used;
                }
                else
                {
                    freshCpu += used;
                }
            }
            measured += communes * VersionsPerMonth;
        }

        var o = oldLatency.Summary();
        var f = freshLatency.Summary();
        var oldCpuMs = oldCpu.TotalMilliseconds / measured;
        var freshCpuMs = freshCpu.TotalMilliseconds / measured;
        Console.WriteLine();
        Console.WriteLine($"store {store}; {measured} sequential PUTs each ({communes} communes × 12 months of {MeasuredYear} × {VersionsPerMonth} versions)");
        Console.WriteLine($"| | latency p50 | latency p99 | process CPU per PUT |");
        Console.WriteLine($"|---|---:|---:|---:|");
        Console.WriteLine($"| ten years (120 months × 3 versions) | {o.P50Ms:0.00} ms | {o.P99Ms:0.00} ms | {oldCpuMs:0.00} ms |");
        Console.WriteLine($"| one year (12 months × 1 version) | {f.P50Ms:0.00} ms | {f.P99Ms:0.00} ms | {freshCpuMs:0.00} ms |");
        Console.WriteLine($"| ratio | {o.P50Ms / f.P50Ms:0.00}× | {o.P99Ms / f.P99Ms:0.00}× | {oldCpuMs / freshCpuMs:0.00}× |");
        return 0;
    }

    /// <summary>The heading of this benchmark's section in <c>docs/benchmarks.md</c>.</summary>
    public const string Heading = "## Write cost after ten years of monthly history";

    /// <summary>The section under <paramref name="heading"/> of a benchmarks page (from it to the next heading), or null.</summary>
    public static string? SectionOf(string page, string heading)
    {
        var start = page.IndexOf(heading, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        var next = page.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return (next < 0 ? page[start..] : page[start..(next + 1)]).TrimEnd('\n') + "\n";
    }

    private static IEnumerable<string> Months(int fromYear, int toYear) =>
        from year in Enumerable.Range(fromYear, toYear - fromYear + 1)
        from month in Enumerable.Range(1, 12)
        select $"{year}{month:00}";

    /// <summary>A report whose budget revenue differs by <paramref name="k"/>, so every PUT is a new version.</summary>
    private static Task Report(HttpClient client, string code, string period, Dictionary<string, decimal> values, int k, Latencies? timed = null)
    {
        var changed = new Dictionary<string, decimal>(values) { ["budget_revenue"] = values["budget_revenue"] + k };
        return Http.Put(client, $"/api/units/{code}/reports/{period}", new { values = changed }, timed, parse: false);
    }
}
