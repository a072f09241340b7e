using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Aggregation.Bench;

/// <summary>
/// The indicator grains (SPEC section 11), on SQLite or PostgreSQL, one process each: the national burst with the
/// standings fed against a product with the feed off (<c>Aggregation:Standings:Enabled=false</c>), alternating rounds
/// of a year each in the same run; then at idle, on the product with the feed, a ranking of every commune of the
/// nation, the 20 worst, a district-level ranking, a distribution and one commune's standing, and the time from a PUT
/// to the ranking showing it.
/// </summary>
public static class StandingsBenchmark
{
    private const int InFlight = 64;
    private const int Samples = 200;
    private const string Indicator = "poverty_rate";

    /// <summary>Where its figures go in docs/benchmarks.md, a section the national benchmark keeps.</summary>
    public const string Heading = "## Standings: the indicator grains";

    public static async Task<int> Run(IReadOnlyList<string> args, string command)
    {
        var communes = 10_599;
        var rounds = 3;
        string? output = null;
        var store = "sqlite";
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--communes": communes = int.Parse(args[++i]); break;
                case "--rounds": rounds = int.Parse(args[++i]); break;
                case "--out": output = args[++i]; break;
                case "--store": store = args[++i] is "sqlite" or "postgres" ? args[i] : throw new ArgumentException("--store is sqlite or postgres"); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        var root = NationalBenchmark.RepositoryRoot();
        var gateway = Path.Combine(root, "src", "Aggregation.Gateway", "bin", "Release", "net10.0", "Aggregation.Gateway.dll");
        var work = Directory.CreateTempSubdirectory("aggregation-standings.").FullName;
        Console.WriteLine($"work directory (process logs): {work}");
        var data = new NationalData(communes);
        var adminKey = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        await using var postgres = store == "postgres" ? await LocalPostgres.Start(root) : null;

        await using var fed = await Start(gateway, work, postgres, "fed", adminKey, enabled: true);
        await using var unfed = await Start(gateway, work, postgres, "unfed", adminKey, enabled: false);
        var products = new[] { (Name: "fed", Run: new ProductRun(data, fed, () => null, InFlight, Console.WriteLine)), (Name: "unfed", Run: new ProductRun(data, unfed, () => null, InFlight, Console.WriteLine)) };
        foreach (var (name, run) in products)
        {
            var clock = Stopwatch.StartNew();
            await run.CreateUnits();
            Console.WriteLine($"{name}: {data.Shape} created in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        // Warm up both with a year that is not measured.
        foreach (var (_, run) in products)
        {
            await run.Burst("2020", data.Communes, c => c.Previous);
        }
        var bursts = products.ToDictionary(p => p.Name, _ => new List<BurstResult>());
        for (var round = 0; round < rounds; round++)
        {
            var year = (2021 + round).ToString();
            // Alternate which goes first, so a machine getting busier or quieter favours neither.
            foreach (var (name, run) in round % 2 == 0 ? products : products.Reverse())
            {
                var burst = await run.Burst(year, data.Communes, c => round % 2 == 0 ? c.Current : c.Previous);
                bursts[name].Add(burst);
                Console.WriteLine($"round {round + 1} {name}: {burst.ReportsPerSecond:0} reports/s, CPU {burst.ProcessCpuSeconds / burst.Reports * 1000:0.00} ms per report");
            }
        }

        var client = fed.Clients[0];
        var year2 = (2021 + rounds - 1).ToString();
        await fed.Settle(TimeSpan.FromSeconds(30));
        // The first query is asked again and again, as a page many people have open: the gateway writes the kept answer
        // while the ranking stands. The second asks for a different number of rows each time, so each answer is written afresh.
        var queries = new (string Name, Func<int, string> Path)[]
        {
            ($"ranking of all {communes} communes, asked again", _ => $"/api/indicators/{Indicator}/{year2}/ranking"),
            ($"ranking of nearly all {communes} communes, written afresh (another top each time)", i => $"/api/indicators/{Indicator}/{year2}/ranking?top={communes - 1 - i}"),
            ("the 20 worst communes", _ => $"/api/indicators/{Indicator}/{year2}/ranking?order=worst&top=20"),
            ("ranking of the districts", _ => $"/api/indicators/{Indicator}/{year2}/ranking?level=district&top=20"),
            ("distribution of all communes", _ => $"/api/indicators/{Indicator}/{year2}/distribution"),
            ("one commune's standing (19 indicators)", _ => $"/api/units/{data.Communes[^1].Code}/standing/{year2}"),
        };
        var idle = new List<(string Name, LatencySummary Latency, int Bytes)>();
        foreach (var (name, path) in queries)
        {
            var bytes = 0;
            for (var i = 0; i < 10; i++)
            {
                bytes = (await Http.Get(client, path(Samples + i))).GetRawText().Length;
            }
            var latencies = new Latencies();
            for (var i = 0; i < Samples; i++)
            {
                await Http.Get(client, path(i), latencies, parse: false);
            }
            idle.Add((name, latencies.Summary(), bytes));
            Console.WriteLine($"{name}: p50 {latencies.Summary().P50Ms:0.0} ms, p99 {latencies.Summary().P99Ms:0.0} ms, {bytes / 1024.0:0} KiB");
        }
        var freshness = await Freshness(client, data.Communes[0], year2);
        Console.WriteLine($"PUT to ranking: p50 {freshness.P50Ms:0} ms, p99 {freshness.P99Ms:0} ms");

        var report = Report(command, store, data, rounds, bursts, idle, freshness);
        Console.WriteLine();
        Console.WriteLine(report);
        if (output is not null)
        {
            await File.WriteAllTextAsync(Path.GetFullPath(output, root), report);
        }
        return 0;
    }

    private static async Task<ProductProcesses> Start(string gateway, string work, LocalPostgres? postgres, string name, string adminKey, bool enabled)
    {
        var directory = Directory.CreateDirectory(Path.Combine(work, name)).FullName;
        var settings = await LocalPostgres.FreshStore(postgres, directory, name);
        settings["Aggregation:Standings:Enabled"] = enabled ? "true" : "false";
        return await ProductProcesses.Start(gateway, 1, settings, directory, adminKey, InFlight);
    }

    /// <summary>
    /// Milliseconds from a commune's PUT answering to the ranking's first row showing it: the k-th PUT makes its poverty
    /// rate 1 ÷ (10^6 + k) × 100 %, below any other commune's and different each time, so the top row tells which PUT it shows.
    /// </summary>
    private static async Task<LatencySummary> Freshness(HttpClient client, CommuneData commune, string year)
    {
        var latencies = new Latencies();
        for (var k = 1; k <= 50; k++)
        {
            var households = 1_000_000 + k;
            await Http.Put(client, $"/api/units/{commune.Code}/reports/{year}", new { values = new Dictionary<string, decimal>(commune.Current) { ["households"] = households, ["poor_households"] = 1 } });
            var start = Stopwatch.GetTimestamp();
            var expected = 1m / households * 100m;
            while (true)
            {
                var top = (await Http.Get(client, $"/api/indicators/{Indicator}/{year}/ranking?top=1&exact=true")).GetProperty("rows")[0];
                if (top.GetProperty("unit").GetString() == commune.Code && top.GetProperty("value").GetDecimal() == expected)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    break;
                }
                if (Stopwatch.GetElapsedTime(start) > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException($"the ranking did not show PUT {k} within 30 s");
                }
            }
        }
        return latencies.Summary();
    }

    private static string Report(string command, string store, NationalData data, int rounds, Dictionary<string, List<BurstResult>> bursts,
        IReadOnlyList<(string Name, LatencySummary Latency, int Bytes)> idle, LatencySummary freshness)
    {
        // No rounds (--rounds 0): the idle figures only, after the warm-up year.
        static double Median(IEnumerable<double> values) => values.Any() ? values.Order().ElementAt(values.Count() / 2) : double.NaN;
        var fed = Median(bursts["fed"].Select(b => b.ReportsPerSecond));
        var unfed = Median(bursts["unfed"].Select(b => b.ReportsPerSecond));
        var fedCpu = Median(bursts["fed"].Select(b => b.ProcessCpuSeconds / b.Reports * 1000));
        var unfedCpu = Median(bursts["unfed"].Select(b => b.ProcessCpuSeconds / b.Reports * 1000));
        var text = new StringBuilder();
        text.AppendLine(Heading);
        text.AppendLine();
        text.AppendLine($"`{command}`, {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, {(store == "postgres" ? "PostgreSQL" : "SQLite")}, one process each; {data.Shape}.");
        text.AppendLine();
        text.AppendLine($"National burst ({data.Communes.Count} annual reports, {InFlight} in flight), {rounds} rounds alternating, median of the rounds:");
        text.AppendLine();
        text.AppendLine("| product | reports/s | CPU per report | rounds (reports/s) |");
        text.AppendLine("|---|---:|---:|---|");
        text.AppendLine($"| indicator grains fed | {fed:0} | {fedCpu:0.00} ms | {string.Join(", ", bursts["fed"].Select(b => b.ReportsPerSecond.ToString("0")))} |");
        text.AppendLine($"| feed off | {unfed:0} | {unfedCpu:0.00} ms | {string.Join(", ", bursts["unfed"].Select(b => b.ReportsPerSecond.ToString("0")))} |");
        text.AppendLine($"| **fed ÷ off** | **{fed / unfed:0.00}×** | {fedCpu / unfedCpu:0.00}× | |");
        text.AppendLine();
        text.AppendLine($"At idle on the product with the feed, {Samples} requests each after 10 to warm up, one at a time:");
        text.AppendLine();
        text.AppendLine("| question | p50 | p99 | answer |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var (name, latency, bytes) in idle)
        {
            text.AppendLine($"| {name} | {latency.P50Ms:0.0} ms | {latency.P99Ms:0.0} ms | {bytes / 1024.0:0} KiB |");
        }
        text.AppendLine($"| a PUT until the ranking shows it (50 PUTs) | {freshness.P50Ms:0} ms | {freshness.P99Ms:0} ms | |");
        return text.ToString();
    }
}
