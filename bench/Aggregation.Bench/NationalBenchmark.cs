using System.Diagnostics;
using Aggregation.Domain.Catalog;

namespace Aggregation.Bench;

public sealed record NationalOptions(IReadOnlyList<int> Scales, int Concurrency, int Silos, bool Sqlite, bool Postgres, string PostgresSettings, string Output, string Command)
{
    public static NationalOptions Parse(IReadOnlyList<string> args, string command)
    {
        var scales = new List<int> { 1_000, NationalData.ReformedCommunes, 10_599 };
        var concurrency = 64;
        var silos = 3;
        var sqlite = true;
        var postgres = true;
        var output = "docs/benchmarks.md";
        var postgresSettings = "";
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--communes": scales = [int.Parse(Value())]; break;
                case "--scales": scales = Value().Split(',').Select(int.Parse).Order().ToList(); break;
                case "--concurrency": concurrency = int.Parse(Value()); break;
                case "--silos": silos = int.Parse(Value()); break;
                case "--store":
                    var store = Value();
                    (sqlite, postgres) = store switch
                    {
                        "all" => (true, true),
                        "sqlite" => (true, false),
                        "postgres" => (false, true),
                        _ => throw new ArgumentException("--store is all, sqlite or postgres"),
                    };
                    break;
                case "--out": output = Value(); break;
                case "--postgres-settings": postgresSettings = Value(); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        return new NationalOptions(scales, concurrency, silos, sqlite, postgres, postgresSettings, output, command);
    }
}

/// <summary>One scale's figures: the product's runs, the plain PostgreSQL baseline and the in-memory floor, same data.</summary>
public sealed record ScaleResult(int Communes, string Shape, double FloorMs, IReadOnlyList<ProductResult> Runs, BaselineResult? Baseline);

/// <summary>
/// The national benchmark: at each scale, the product on the embedded store (and at the largest
/// scale on PostgreSQL, as one process and as a cluster), the plain PostgreSQL baseline and the floor.
/// </summary>
public static class NationalBenchmark
{
    public static async Task<int> Run(NationalOptions options)
    {
        var root = RepositoryRoot();
        var gateway = Path.Combine(root, "src", "Aggregation.Gateway", "bin", "Release", "net10.0", "Aggregation.Gateway.dll");
        if (!File.Exists(gateway))
        {
            Console.Error.WriteLine($"{gateway} is missing: run the benchmark with `dotnet run -c Release --project bench/Aggregation.Bench`, which builds it");
            return 1;
        }
        var work = Directory.CreateTempSubdirectory("aggregation-bench.").FullName;
        Console.WriteLine($"work directory (process logs): {work}");
        await using var postgres = options.Postgres ? await LocalPostgres.Start(root) : null;
        var catalog = IndicatorCatalog.Default;
        var results = new List<ScaleResult>();
        var databases = 0;
        foreach (var communes in options.Scales)
        {
            var data = new NationalData(communes);
            Console.WriteLine($"{communes} communes: {data.Shape}");
            var floor = Floor(data, catalog);
            var specs = new List<RunSpec>();
            if (options.Sqlite)
            {
                specs.Add(new RunSpec("sqlite", 1, communes));
            }
            if (postgres is not null && communes == options.Scales[^1])
            {
                specs.Add(new RunSpec("postgres", 1, communes));
                if (options.Silos > 1)
                {
                    specs.Add(new RunSpec("postgres", options.Silos, communes));
                }
            }
            var runs = new List<ProductResult>();
            foreach (var spec in specs)
            {
                Console.WriteLine($" {spec.Name}");
                var settings = new Dictionary<string, string>
                {
                    ["Aggregation:SeedSample"] = "false",
                    ["Aggregation:Cluster:ClusterId"] = $"bench{++databases}",
                };
                if (spec.Store == "sqlite")
                {
                    settings["Aggregation:Storage:Provider"] = "sqlite";
                    settings["Aggregation:DataDirectory"] = Directory.CreateDirectory(Path.Combine(work, $"data{databases}")).FullName;
                }
                else
                {
                    settings["Aggregation:Storage:Provider"] = "postgres";
                    // Extra settings (`--postgres-settings "No Reset On Close=false"`) go last, so they win over the product's defaults.
                    settings["Aggregation:Storage:ConnectionString"] = await postgres!.CreateDatabase($"bench{databases}") + ";" + options.PostgresSettings;
                }
                var logs = Directory.CreateDirectory(Path.Combine(work, $"run{databases}")).FullName;
                await using var product = await ProductProcesses.Start(gateway, spec.Silos, settings, logs, Convert.ToHexString(Guid.NewGuid().ToByteArray()), options.Concurrency);
                runs.Add(await new ProductRun(data, product, () => spec.Store == "postgres" ? postgres!.ServerCpu() : null, options.Concurrency, Console.WriteLine).Run(spec));
            }
            BaselineResult? baseline = null;
            if (postgres is not null)
            {
                Console.WriteLine(" plain PostgreSQL baseline");
                baseline = await PostgresBaseline.Run(await postgres.CreateDatabase($"baseline{communes}", options.Concurrency + 8), postgres.ServerCpu, catalog,
                    data.Communes.Select(c => new BaselineReport(c.Code, c.District, c.Province, ProductRun.FirstYear, c.Previous)).ToList(),
                    data.Communes.Select(c => new BaselineReport(c.Code, c.District, c.Province, ProductRun.SecondYear, c.Current)).ToList(),
                    options.Concurrency);
                Console.WriteLine($"  upsert {baseline.UpsertReportsPerSecond:0} reports/s, batched {baseline.BatchedReportsPerSecond:0} reports/s, rollup p50 {baseline.RollupQuery.P50Ms:0.0} ms");
            }
            results.Add(new ScaleResult(communes, data.Shape, floor, runs, baseline));
        }
        var report = await BenchmarkReport.Write(results, options, postgres is null ? null : await postgres.ServerVersion(), root);
        Console.WriteLine();
        Console.WriteLine(report);
        var output = Path.GetFullPath(options.Output, root);
        // The sections of the trees, history, standings, events and bulk benchmarks are measured by other modes (the history one
        // holds a figure from before a change): kept as they are.
        var kept = File.Exists(output) ? await File.ReadAllTextAsync(output) : "";
        foreach (var heading in new[] { TreesBenchmark.Heading, HistoryBenchmark.Heading, StandingsBenchmark.Heading, EventsBenchmark.Heading, BulkBenchmark.Heading })
        {
            if (HistoryBenchmark.SectionOf(kept, heading) is { } section)
            {
                report = report.TrimEnd('\n') + "\n\n" + section;
            }
        }
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine($"written to {output}");
        return 0;
    }

    /// <summary>The whole national rollup by the domain library in memory: median of 9 runs, in ms.</summary>
    public static double Floor(NationalData data, IndicatorCatalog catalog)
    {
        data.RollUp(catalog);
        var times = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            var watch = Stopwatch.StartNew();
            data.RollUp(catalog);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times.Order().ElementAt(times.Count / 2);
    }

    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Aggregation.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("run the benchmark from inside the repository");
    }
}
