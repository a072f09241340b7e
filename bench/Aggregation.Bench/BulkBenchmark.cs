using System.Globalization;
using System.Text;
using System.Text.Json;
using Aggregation.Domain.Catalog;

namespace Aggregation.Bench;

/// <summary>
/// A national year posted to one product through <c>POST /api/dataValueSets</c> (<see cref="BurstResult.Put"/> holds the
/// requests' latencies), until the nation's totals equal the sums of the data, and the nation it then shows.
/// </summary>
public sealed record BulkLoad(BurstResult Load, double TimeToFreshSeconds, IReadOnlyDictionary<string, decimal> NationalElements, IReadOnlyDictionary<string, decimal?> NationalIndicators);

/// <summary>
/// One store's rounds: the bulk years and the single-PUT bursts, each on the product with group commit and without;
/// on PostgreSQL, the plain per-report upsert's reports/s measured right after each round's bulk years.
/// </summary>
public sealed record BulkStoreResult(string Store, IReadOnlyList<BulkLoad> BulkOn, IReadOnlyList<BulkLoad> BulkOff, int Drift,
    IReadOnlyList<BurstResult> BurstsOn, IReadOnlyList<BurstResult> BurstsOff, IReadOnlyList<double> UpsertRounds);

/// <summary>
/// What the two products of a store are: this build with group commit and without (the default), or, with
/// <c>--against</c>, this build and another build (its <c>Aggregation.Gateway.dll</c>), both with group commit, so a
/// change is measured against the code before it in the same run.
/// </summary>
public sealed record BulkComparison(string First, string Second, string FirstShort, string SecondShort, string? SecondGateway)
{
    public static readonly BulkComparison GroupCommit = new("group commit on", "group commit off", "on", "off", null);

    public static BulkComparison Against(string gateway) => new("this build", "the other build", "this", "other", gateway);

    /// <summary>The second product is this build without group commit; against another build, both have it.</summary>
    public bool OfGroupCommit => SecondGateway is null;
}

/// <summary>
/// The bulk path (SPEC section 12) per store, SQLite and PostgreSQL, one process each: a national year through
/// <c>POST /api/dataValueSets</c> in requests of many communes, and the national single-PUT burst, each with group commit
/// on against off (<c>Aggregation:Storage:GroupCommit=false</c>), same run, side by side with the plain PostgreSQL
/// per-report upsert and COPY baselines on the same data.
/// </summary>
/// <remarks>
/// Two products run per store, one with group commit and one without, on fresh stores. Both get the tree and the
/// previous year by single PUTs, as the national benchmark loads them (so a report is checked against last year), and
/// the first bulk year as a dry run, which stores nothing, and a year stored in bulk, not timed (the bulk path's code runs before it is timed). Then rounds: a new year by bulk
/// requests on each product, then the next year by single PUTs on each, the product going first alternating from round
/// to round, so a machine getting busier or quieter favours neither. Both products settle before every timed step.
/// The first round's bulk year is the year the baselines load. On PostgreSQL the per-report upsert also runs after each
/// round's bulk years, so the goal compares each round with a baseline taken on the machine as it was then.
/// </remarks>
public static class BulkBenchmark
{
    /// <summary>Where its figures go in docs/benchmarks.md, a section the national benchmark keeps.</summary>
    public const string Heading = "## Bulk exchange: a national year through POST /api/dataValueSets";

    private const string Path = "/api/dataValueSets";
    private const int BurstInFlight = 64;
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(30);

    /// <summary>Round r posts the year 2025 + 2r in bulk (2025 = <see cref="ProductRun.SecondYear"/>) and PUTs 2026 + 2r.</summary>
    private static string BulkYear(int round) => (int.Parse(ProductRun.SecondYear, CultureInfo.InvariantCulture) + 2 * round).ToString(CultureInfo.InvariantCulture);

    /// <summary>A year stored in bulk before the rounds, not timed: the whole path has run, and been compiled by the runtime's later tiers, before round 1.</summary>
    private const string WarmUpYear = "2099";

    private static string BurstYear(int round) => (int.Parse(ProductRun.SecondYear, CultureInfo.InvariantCulture) + 2 * round + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>A round's reports: the current year's figures in even rounds, the previous year's in odd ones, so every year differs from the one before.</summary>
    private static Func<CommuneData, Dictionary<string, decimal>> Values(int round) => round % 2 == 0 ? c => c.Current : c => c.Previous;

    public static async Task<int> Run(IReadOnlyList<string> args, string command)
    {
        var communes = 10_599;
        var batch = 500;
        var inFlight = 4;
        var rounds = 3;
        string[] stores = ["sqlite", "postgres"];
        string? output = null;
        var comparison = BulkComparison.GroupCommit;
        var years = NationalYears.Near;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--communes": communes = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--batch": batch = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--in-flight": inFlight = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--out": output = Value(); break;
                case "--years":
                    years = Value() switch
                    {
                        "near" => NationalYears.Near,
                        "independent" => NationalYears.Independent,
                        _ => throw new ArgumentException("--years is near or independent"),
                    };
                    break;
                case "--against":
                    var other = System.IO.Path.GetFullPath(Value());
                    comparison = BulkComparison.Against(File.Exists(other) ? other
                        : throw new ArgumentException($"--against names another build's Aggregation.Gateway.dll; {other} is no file"));
                    break;
                case "--store":
                    stores = Value() switch
                    {
                        "all" => ["sqlite", "postgres"],
                        "sqlite" => ["sqlite"],
                        "postgres" => ["postgres"],
                        _ => throw new ArgumentException("--store is all, sqlite or postgres"),
                    };
                    break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (communes < 1 || batch < 1 || inFlight < 1 || rounds < 1)
        {
            throw new ArgumentException("--communes, --batch, --in-flight and --rounds are at least 1");
        }
        var root = NationalBenchmark.RepositoryRoot();
        var gateway = System.IO.Path.Combine(root, "src", "Aggregation.Gateway", "bin", "Release", "net10.0", "Aggregation.Gateway.dll");
        var work = Directory.CreateTempSubdirectory("aggregation-bulk.").FullName;
        Console.WriteLine($"work directory (process logs): {work}");
        var data = new NationalData(communes, years: years);
        Console.WriteLine($"{data.Shape}; {data.YearsShape(IndicatorCatalog.Default)}; requests of {batch} communes, {inFlight} in flight");
        var requests = Requests(data, 0, batch);
        var adminKey = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        await using var postgres = stores.Contains("postgres") ? await LocalPostgres.Start(root) : null;

        var previousYear = data.Communes.Select(c => new BaselineReport(c.Code, c.District, c.Province, ProductRun.FirstYear, c.Previous)).ToList();
        var currentYear = data.Communes.Select(c => new BaselineReport(c.Code, c.District, c.Province, ProductRun.SecondYear, c.Current)).ToList();
        var results = new List<BulkStoreResult>();
        foreach (var store in stores)
        {
            Console.WriteLine(store);
            var database = store == "postgres" ? postgres : null;
            Func<int, Task<double>>? upsertRound = database is null ? null : async round => await PostgresBaseline.UpsertRate(
                await database.CreateDatabase($"bulkupsert{round}", BurstInFlight + 8), IndicatorCatalog.Default, previousYear, currentYear, BurstInFlight);
            results.Add(await RunStore(store, data, batch, inFlight, rounds, database, gateway, work, adminKey, comparison, upsertRound));
        }
        BaselineResult? baseline = null;
        if (postgres is not null)
        {
            Console.WriteLine("plain PostgreSQL baselines");
            baseline = await PostgresBaseline.Run(await postgres.CreateDatabase("bulkbaseline", BurstInFlight + 8), postgres.ServerCpu, IndicatorCatalog.Default,
                previousYear, currentYear, BurstInFlight);
            Console.WriteLine($" upsert {baseline.UpsertReportsPerSecond:0} reports/s, batched (COPY) {baseline.BatchedReportsPerSecond:0} reports/s");
        }

        var report = Report(command, data, batch, inFlight, rounds, requests, results, baseline, postgres is null ? null : await postgres.ServerVersion(), comparison);
        Console.WriteLine();
        Console.WriteLine(report);
        if (output is not null)
        {
            var path = System.IO.Path.GetFullPath(output, root);
            await File.WriteAllTextAsync(path, report);
            Console.WriteLine($"written to {path}");
        }
        return 0;
    }

    /// <summary>One bulk request: its JSON, serialised before any clock starts, and the number of values it holds.</summary>
    public sealed record BulkRequest(byte[] Body, int Values, int Communes);

    /// <summary>The bulk year of <paramref name="round"/>, every commune's report, <paramref name="batch"/> communes a request, values as DHIS2 writes them: text.</summary>
    private static List<BulkRequest> Requests(NationalData data, int round, int batch) => Requests(data, BulkYear(round), Values(round), batch);

    private static List<BulkRequest> Requests(NationalData data, string period, Func<CommuneData, Dictionary<string, decimal>> values, int batch)
    {
        return data.Communes.Chunk(batch).Select(chunk =>
        {
            var dataValues = chunk.SelectMany(c => values(c).Select(v => new
            {
                dataElement = v.Key,
                period,
                orgUnit = c.Code,
                value = v.Value.ToString(CultureInfo.InvariantCulture),
            })).ToList();
            return new BulkRequest(JsonSerializer.SerializeToUtf8Bytes(new { dataValues }), dataValues.Count, chunk.Length);
        }).ToList();
    }

    private static async Task<BulkStoreResult> RunStore(string store, NationalData data, int batch, int inFlight, int rounds,
        LocalPostgres? postgres, string gateway, string work, string adminKey, BulkComparison comparison, Func<int, Task<double>>? upsertRound)
    {
        Func<TimeSpan?> databaseCpu = postgres is null ? () => null : postgres.ServerCpu;
        await using var on = await Start(gateway, work, postgres, $"bulk{store}{comparison.FirstShort}", adminKey, groupCommit: true);
        await using var off = await Start(comparison.SecondGateway ?? gateway, work, postgres, $"bulk{store}{comparison.SecondShort}", adminKey,
            groupCommit: !comparison.OfGroupCommit);
        var products = new[]
        {
            (Name: comparison.First, Product: on, Run: new ProductRun(data, on, databaseCpu, BurstInFlight, Console.WriteLine)),
            (Name: comparison.Second, Product: off, Run: new ProductRun(data, off, databaseCpu, BurstInFlight, Console.WriteLine)),
        };
        async Task Settle() => await Task.WhenAll(on.Settle(SettleLimit), off.Settle(SettleLimit));

        var warmUp = Requests(data, 0, batch);
        var storedWarmUp = Requests(data, WarmUpYear, Values(0), batch);
        foreach (var (name, product, run) in products)
        {
            await run.CreateUnits();
            var first = await run.Burst(ProductRun.FirstYear, data.Communes, c => c.Previous);
            await run.WaitFresh(ProductRun.FirstYear, run.Totals(c => c.Previous));
            await Http.ForEach(warmUp, inFlight, request => Http.Post(product.Next(), $"{Path}?dryRun=true", request.Body, parse: false));
            await Http.ForEach(storedWarmUp, inFlight, request => Http.Post(product.Next(), Path, request.Body, parse: false));
            Console.WriteLine($" {name}: tree and {ProductRun.FirstYear} by single PUTs ({first.ReportsPerSecond:0} reports/s)");
        }

        var upserts = new List<double>();
        var loads = products.ToDictionary(p => p.Name, _ => new List<BulkLoad>());
        var bursts = products.ToDictionary(p => p.Name, _ => new List<BurstResult>());
        for (var round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? products : products.AsEnumerable().Reverse().ToArray();
            var requests = Requests(data, round, batch);
            foreach (var (name, product, run) in order)
            {
                await Settle();
                var load = await Bulk(product, run, databaseCpu, requests, inFlight, BulkYear(round), Values(round));
                loads[name].Add(load);
                Console.WriteLine($" round {round + 1} {name}: {BulkYear(round)} by {Path} {load.Load.ReportsPerSecond:0} reports/s, " +
                    $"CPU {Cpu(load.Load)} per report, fresh after {load.TimeToFreshSeconds:0.00} s");
            }
            if (upsertRound is not null)
            {
                await Settle();
                upserts.Add(await upsertRound(round));
                Console.WriteLine($" round {round + 1} plain PostgreSQL: one upsert per report {upserts[^1]:0} reports/s");
            }
            foreach (var (name, _, run) in order)
            {
                await Settle();
                var burst = await run.Burst(BurstYear(round), data.Communes, Values(round));
                await run.WaitFresh(BurstYear(round), run.Totals(Values(round)));
                bursts[name].Add(burst);
                Console.WriteLine($" round {round + 1} {name}: {BurstYear(round)} by single PUTs {burst.ReportsPerSecond:0} reports/s, " +
                    $"CPU {Cpu(burst)} per report");
            }
        }
        var drift = 0;
        foreach (var (_, product, _) in products)
        {
            for (var round = 0; round < rounds; round++)
            {
                drift += (await Http.Post(product.Clients[0], $"/api/admin/verify/{NationalData.Nation}/{BulkYear(round)}")).GetProperty("drift").GetArrayLength();
            }
        }
        var (withCommit, without) = (products[0].Name, products[1].Name);
        return new BulkStoreResult(store, loads[withCommit], loads[without], drift, bursts[withCommit], bursts[without], upserts);
    }

    private static async Task<ProductProcesses> Start(string gateway, string work, LocalPostgres? postgres, string name, string adminKey, bool groupCommit)
    {
        var directory = Directory.CreateDirectory(System.IO.Path.Combine(work, name)).FullName;
        var settings = await LocalPostgres.FreshStore(postgres, directory, name);
        settings["Aggregation:Storage:GroupCommit"] = groupCommit ? "true" : "false";
        return await ProductProcesses.Start(gateway, 1, settings, directory, adminKey, BurstInFlight);
    }

    /// <summary>
    /// Posts every request, <paramref name="inFlight"/> at a time; each must answer 200 with every value imported or
    /// updated and no conflict. Then waits until the nation's totals equal the sums of the data.
    /// </summary>
    private static async Task<BulkLoad> Bulk(ProductProcesses product, ProductRun run, Func<TimeSpan?> databaseCpu, IReadOnlyList<BulkRequest> requests, int inFlight,
        string period, Func<CommuneData, Dictionary<string, decimal>> values)
    {
        var latencies = new Latencies();
        var cpu = product.CpuTime();
        var database = databaseCpu();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Http.ForEach(requests, inFlight, async request =>
        {
            var answer = await Http.Post(product.Next(), Path, request.Body, latencies);
            Check(answer, request);
        });
        var seconds = watch.Elapsed.TotalSeconds;
        var load = new BurstResult(requests.Sum(r => r.Communes), seconds, latencies.Summary(), (product.CpuTime() - cpu).TotalSeconds, (databaseCpu() - database)?.TotalSeconds);
        var nation = await run.WaitFresh(period, run.Totals(values));
        return new BulkLoad(load, watch.Elapsed.TotalSeconds, ProductRun.Elements(nation), ProductRun.Indicators(nation));
    }

    /// <summary>An answer (200: any other status has thrown already) whose import summary stored every value sent, with no conflict.</summary>
    private static void Check(JsonElement answer, BulkRequest request)
    {
        var summary = answer.GetProperty("response");
        var count = summary.GetProperty("importCount");
        var stored = count.GetProperty("imported").GetInt32() + count.GetProperty("updated").GetInt32();
        var conflicts = summary.GetProperty("conflicts").GetArrayLength();
        if (answer.GetProperty("httpStatusCode").GetInt32() != 200 || stored != request.Values || conflicts != 0)
        {
            throw new InvalidOperationException($"{Path}: {request.Values} values sent, {stored} imported or updated, {conflicts} conflicts: {count.GetRawText()}");
        }
    }

    /// <summary>The median round by reports/s (with an even number of rounds, the faster of the middle two).</summary>
    private static T Median<T>(IReadOnlyList<T> rounds, Func<T, BurstResult> burst) =>
        rounds.OrderBy(r => burst(r).ReportsPerSecond).ElementAt(rounds.Count / 2);

    private static BulkLoad Median(IReadOnlyList<BulkLoad> rounds) => Median(rounds, l => l.Load);

    private static BurstResult Median(IReadOnlyList<BurstResult> rounds) => Median(rounds, b => b);

    /// <summary>A markdown table and the blank line after it.</summary>
    private static void Table(StringBuilder text, string header, string alignment, IEnumerable<string> rows)
    {
        text.AppendLine(header);
        text.AppendLine(alignment);
        foreach (var row in rows)
        {
            text.AppendLine(row);
        }
        text.AppendLine();
    }

    private static string Latency(LatencySummary l) => $"{BenchmarkReport.Ms(l.P50Ms)} / {BenchmarkReport.Ms(l.P99Ms)}";

    private static string Cpu(BurstResult b) => BenchmarkReport.Cpu(b.ProcessCpuSeconds, b.DatabaseCpuSeconds, b.Reports);

    private static double CpuPerReport(BurstResult b) => (b.ProcessCpuSeconds + (b.DatabaseCpuSeconds ?? 0)) / b.Reports;

    private static string Rounds(IEnumerable<BurstResult> rounds) => string.Join(", ", rounds.Select(b => b.ReportsPerSecond.ToString("0", CultureInfo.InvariantCulture)));

    private static string Verdict(bool met) => met ? "**met**" : "**missed**";

    private static string StoreName(string store) => store == "postgres" ? "PostgreSQL" : "SQLite";

    private static string Report(string command, NationalData data, int batch, int inFlight, int rounds, IReadOnlyList<BulkRequest> requests,
        IReadOnlyList<BulkStoreResult> results, BaselineResult? baseline, string? postgresVersion, BulkComparison comparison)
    {
        var values = requests.Sum(r => r.Values);
        var text = new StringBuilder();
        text.AppendLine(Heading);
        text.AppendLine();
        text.AppendLine($"`{command}`, {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, " +
            $"{string.Join(" and ", results.Select(r => StoreName(r.Store)))}{(postgresVersion is null ? "" : $" (PostgreSQL {postgresVersion}, a throwaway local server, fsync on)")}, " +
            $"one process each; {data.Shape}; {data.YearsShape(IndicatorCatalog.Default)}.");
        text.AppendLine();
        text.AppendLine($"A national year ({data.Communes.Count:N0} reports, {values:N0} values) posted in {requests.Count} {(requests.Count == 1 ? "request" : "requests")} " +
            $"of up to {Math.Min(batch, data.Communes.Count):N0} communes ({requests.Max(r => r.Values):N0} values, {requests.Max(r => r.Body.Length) / 1024.0:0} KiB of JSON), " +
            $"{inFlight} requests in flight, on a product holding the tree and the previous year. Two products per store, " +
            (comparison.OfGroupCommit ? "with group commit (the default) and without (`Aggregation:Storage:GroupCommit=false`)"
                : $"this build and the other build given by `--against`, both with group commit") + $"; {rounds} rounds of a new year each, alternating which product goes first; the median round by reports/s. " +
            $"The baselines load the same year into one plain PostgreSQL table, one upsert per report on {BurstInFlight} connections, and batched (binary COPY and one merge), " +
            "after all rounds; the upsert also runs after every round's bulk years, on a fresh table, and the PostgreSQL goal reads each round against it:");
        text.AppendLine();
        var bulkRows = results.SelectMany(result => new[] { (comparison.First, result.BulkOn), (comparison.Second, result.BulkOff) }.Select(row =>
        {
            var (name, loads) = row;
            var median = Median(loads);
            var rate = median.Load.ReportsPerSecond;
            return $"| product, {StoreName(result.Store)}, `POST {Path}`, {name} | {rate:0} | {BenchmarkReport.Ratio(rate, baseline?.UpsertReportsPerSecond)} | " +
                $"{Latency(median.Load.Put)} | {median.TimeToFreshSeconds:0.00} s | {Cpu(median.Load)} | {Rounds(loads.Select(r => r.Load))} |";
        })).ToList();
        if (baseline is not null)
        {
            bulkRows.Add($"| baseline: one upsert per report | {baseline.UpsertReportsPerSecond:0} | 1 | {Latency(baseline.UpsertLatency)} (one upsert) | " +
                $"{baseline.TimeToFreshUpsertSeconds:0.00} s (load + one rollup query) | {BenchmarkReport.Cpu(baseline.UpsertClientCpuSeconds, baseline.UpsertServerCpuSeconds, baseline.Reports)} | |");
            bulkRows.Add($"| baseline: batched (COPY) | {baseline.BatchedReportsPerSecond:0} | {BenchmarkReport.Ratio(baseline.BatchedReportsPerSecond, baseline.UpsertReportsPerSecond)} | | " +
                $"{baseline.TimeToFreshBatchedSeconds:0.00} s (load + one rollup query) | | |");
        }
        Table(text, "| run | reports/s | × PG upsert | request p50 / p99 | time to fresh national totals | CPU per report: product (client) + PostgreSQL | rounds (reports/s) |",
            "|---|---:|---:|---|---|---|---|", bulkRows);
        text.AppendLine("Reports/s counts the communes' reports stored and acknowledged (each answer is 200 with every value imported or updated and no conflict). " +
            "Time to fresh runs from the first request until the nation's totals equal the sums of the data. CPU per report is the CPU time used while " +
            "the requests ran by the product's process (for the upsert baseline: the client, the benchmark process), plus PostgreSQL's server processes where it runs. " +
            $"Before the rounds each product took the first bulk year as a dry run (`?dryRun=true`: checked, nothing stored) and the year {WarmUpYear} in bulk, stored and not timed, " +
            "so the whole bulk path has run, and the runtime has compiled it to its later tiers, before round 1.");
        text.AppendLine();

        text.AppendLine($"Single-PUT burst (every commune's report of a new year, {BurstInFlight} in flight), in the same rounds, after each round's bulk year; the median round by reports/s:");
        text.AppendLine();
        Table(text, $"| store | {(comparison.OfGroupCommit ? "group commit" : "build")} | reports/s | PUT p50 / p99 | CPU per report: product + PostgreSQL | rounds (reports/s) |", "|---|---|---:|---|---|---|",
            results.SelectMany(result =>
            {
                var (on, off) = (Median(result.BurstsOn), Median(result.BurstsOff));
                return new[] { (Name: comparison.FirstShort, Median: on, All: result.BurstsOn), (Name: comparison.SecondShort, Median: off, All: result.BurstsOff) }
                    .Select(r => $"| {StoreName(result.Store)} | {r.Name} | {r.Median.ReportsPerSecond:0} | {Latency(r.Median.Put)} | {Cpu(r.Median)} | {Rounds(r.All)} |")
                    .Append($"| **{StoreName(result.Store)}** | **{comparison.FirstShort} ÷ {comparison.SecondShort}** | **{on.ReportsPerSecond / off.ReportsPerSecond:0.00}×** | | {CpuPerReport(on) / CpuPerReport(off):0.00}× | |");
            }));

        text.AppendLine("Correctness in the same run:");
        text.AppendLine();
        foreach (var result in results)
        {
            var against = baseline is null
                ? "no baseline"
                : $"{comparison.First} {BenchmarkReport.Same(result.BulkOn[0].NationalElements, result.BulkOn[0].NationalIndicators, baseline)}, " +
                  $"{comparison.Second} {BenchmarkReport.Same(result.BulkOff[0].NationalElements, result.BulkOff[0].NationalIndicators, baseline)}";
            text.AppendLine($"- {StoreName(result.Store)}: every bulk request answered 200 with every value it held imported or updated and no conflict, on both products; " +
                $"the nation's totals equal the sums of the data after every bulk year and every burst; recomputation from every leaf report of each bulk year " +
                $"found {result.Drift} drift; the nation's elements and indicators of the first bulk year ({BulkYear(0)}) against the baseline's query: {against}");
        }
        text.AppendLine();

        text.AppendLine("Goals:");
        text.AppendLine();
        foreach (var result in results)
        {
            var bulk = Median(result.BulkOn).Load.ReportsPerSecond;
            if (result.Store == "postgres" && result.UpsertRounds.Count == result.BulkOn.Count && result.UpsertRounds.Count > 0)
            {
                // Each round against the upsert measured right after it: the machine's speed moves between rounds, less within one.
                var shares = result.BulkOn.Zip(result.UpsertRounds, (load, upsert) => (Share: load.Load.ReportsPerSecond / upsert, Bulk: load.Load.ReportsPerSecond, Upsert: upsert)).ToList();
                var median = shares.OrderBy(s => s.Share).ElementAt(shares.Count / 2).Share;
                text.AppendLine($"- bulk on PostgreSQL ≥ 1× the per-report upsert baseline, each round against the upsert run right after it: {median:0.00}× " +
                    $"(the median round; rounds {string.Join(", ", shares.Select(s => $"{s.Share:0.00}× ({s.Bulk:0}/{s.Upsert:0})"))}" +
                    (baseline is null ? "" : $"; against the baseline after all rounds {bulk / baseline.UpsertReportsPerSecond:0.00}×") + $") — {Verdict(median >= 1)}");
            }
            if (result.Store == "sqlite")
            {
                text.AppendLine($"- bulk on SQLite ≥ 5,000 reports/s: {bulk:0} — {Verdict(bulk >= 5000)}");
            }
        }
        if (!comparison.OfGroupCommit)
        {
            foreach (var result in results)
            {
                text.AppendLine($"- {StoreName(result.Store)}, this build ÷ the other, same run: bulk " +
                    $"{Median(result.BulkOn).Load.ReportsPerSecond / Median(result.BulkOff).Load.ReportsPerSecond:0.00}× " +
                    $"(CPU per report {CpuPerReport(Median(result.BulkOn).Load) / CpuPerReport(Median(result.BulkOff).Load):0.00}×), single PUTs " +
                    $"{Median(result.BurstsOn).ReportsPerSecond / Median(result.BurstsOff).ReportsPerSecond:0.00}×");
            }
        }
        else if (results.FirstOrDefault(r => r.Store == "postgres") is { } pg)
        {
            var ratio = Median(pg.BurstsOn).ReportsPerSecond / Median(pg.BurstsOff).ReportsPerSecond;
            text.AppendLine($"- single-PUT burst on PostgreSQL, group commit on ÷ off ≥ 1.5×: {ratio:0.00}× — {Verdict(ratio >= 1.5)}");
        }
        return text.ToString();
    }
}
