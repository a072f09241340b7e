using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Aggregation.Bench;

/// <summary>Writes docs/benchmarks.md: the machine, the command, every figure with its ratio to the baseline and the floor, and the targets.</summary>
public static class BenchmarkReport
{
    private const double GiB = 1024.0 * 1024 * 1024;

    public static async Task<string> Write(IReadOnlyList<ScaleResult> scales, NationalOptions options, string? postgresVersion, string root)
    {
        var s = new StringBuilder();
        var national = scales[^1];
        var baseline = national.Baseline;
        s.AppendLine("# Benchmarks");
        s.AppendLine();
        s.AppendLine("Written by the national benchmark; every figure below comes from one run of:");
        s.AppendLine();
        s.AppendLine("```");
        s.AppendLine(options.Command);
        s.AppendLine("```");
        s.AppendLine();
        s.AppendLine($"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {await Git(root, "rev-parse --short HEAD")}{(await Git(root, "status --porcelain --untracked-files=no") is { Length: > 0 } ? " (with uncommitted changes)" : "")}");
        s.AppendLine($"- machine: {CpuModel()}, {Environment.ProcessorCount} cores, {MemoryGiB():0.0} GiB RAM, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        s.AppendLine($"- PostgreSQL: {postgresVersion ?? "not run"} (a throwaway local server, fsync on); the product's embedded store: SQLite (WAL)");
        s.AppendLine($"- load: {options.Concurrency} requests in flight from one client process on the same machine; the product runs as built gateway processes with their default configuration (Orleans Dashboard on); " +
            "a latency runs from sending the request until the answer's last byte has arrived (the client's parsing of it is not counted)");
        s.AppendLine($"- data: {national.Shape}; two years of synthetic reports (19 elements each); the first commune stays out of the burst and serves as the freshness probe");
        s.AppendLine();

        s.AppendLine($"## National burst ({national.Communes:N0} communes, second year, every commune at once)");
        s.AppendLine();
        s.AppendLine("| run | reports/s | × PG upsert | PUT p50 / p99 | time to fresh national totals | × baseline (upsert + rollup) | × floor | CPU per report: product (client) + PostgreSQL |");
        s.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var run in national.Runs)
        {
            s.AppendLine($"| product, {run.Spec.Name} | {run.Burst.ReportsPerSecond:0} | {Ratio(run.Burst.ReportsPerSecond, baseline?.UpsertReportsPerSecond)} | " +
                $"{Ms(run.Burst.Put.P50Ms)} / {Ms(run.Burst.Put.P99Ms)} | {run.TimeToFreshSeconds:0.00} s (last PUT + {Ms(run.FreshAfterLastPutMs)}) | " +
                $"{Ratio(run.TimeToFreshSeconds, baseline?.TimeToFreshUpsertSeconds)} | {Ratio(run.TimeToFreshSeconds * 1000, national.FloorMs)} | " +
                $"{Cpu(run.Burst.ProcessCpuSeconds, run.Burst.DatabaseCpuSeconds, run.Burst.Reports)} |");
        }
        if (baseline is not null)
        {
            s.AppendLine($"| baseline: one upsert per report | {baseline.UpsertReportsPerSecond:0} | 1 | {Ms(baseline.UpsertLatency.P50Ms)} / {Ms(baseline.UpsertLatency.P99Ms)} | " +
                $"{baseline.TimeToFreshUpsertSeconds:0.00} s (load + one rollup query) | 1 | {Ratio(baseline.TimeToFreshUpsertSeconds * 1000, national.FloorMs)} | " +
                $"{Cpu(baseline.UpsertClientCpuSeconds, baseline.UpsertServerCpuSeconds, baseline.Reports)} |");
            s.AppendLine($"| baseline: batched (COPY) | {baseline.BatchedReportsPerSecond:0} | {Ratio(baseline.BatchedReportsPerSecond, baseline.UpsertReportsPerSecond)} | | " +
                $"{baseline.TimeToFreshBatchedSeconds:0.00} s | {Ratio(baseline.TimeToFreshBatchedSeconds, baseline.TimeToFreshUpsertSeconds)} | {Ratio(baseline.TimeToFreshBatchedSeconds * 1000, national.FloorMs)} | |");
        }
        s.AppendLine($"| floor: the domain library rolls every report up in memory | {national.Communes / national.FloorMs * 1000:0} | | | {national.FloorMs / 1000:0.000} s | | 1 | |");
        s.AppendLine();
        s.AppendLine("Reports/s counts accepted, durable reports (the PUT answers after the store's write). Time to fresh runs from the " +
            "burst's first PUT until the nation's totals equal the sums of every report. CPU per report is the CPU time used during the burst " +
            "by the product's processes (for the baseline: the client, which is the benchmark process), plus PostgreSQL's server processes where it runs; SQLite runs inside the product.");
        s.AppendLine();

        s.AppendLine($"## Months against years ({national.Communes:N0} communes, nothing else running)");
        s.AppendLine();
        s.AppendLine("| run | burst | reports/s | PUT p50 / p99 | CPU per report: product + PostgreSQL | × annual |");
        s.AppendLine("|---|---|---|---|---|---|");
        foreach (var run in national.Runs)
        {
            var axis = run.TimeAxis;
            s.AppendLine($"| {run.Spec.Name} | annual reports ({ProductRun.AnnualYear}) | {axis.Annual.ReportsPerSecond:0} | {Ms(axis.Annual.Put.P50Ms)} / {Ms(axis.Annual.Put.P99Ms)} | " +
                $"{Cpu(axis.Annual.ProcessCpuSeconds, axis.Annual.DatabaseCpuSeconds, axis.Annual.Reports)} | 1 |");
            s.AppendLine($"| {run.Spec.Name} | one month ({ProductRun.MonthlyYear}03, completing {ProductRun.MonthlyYear}Q1) | {axis.Monthly.ReportsPerSecond:0} | {Ms(axis.Monthly.Put.P50Ms)} / {Ms(axis.Monthly.Put.P99Ms)} | " +
                $"{Cpu(axis.Monthly.ProcessCpuSeconds, axis.Monthly.DatabaseCpuSeconds, axis.Monthly.Reports)} | {axis.CpuRatio:0.00}× |");
        }
        s.AppendLine();
        s.AppendLine("| run | the nation's indicators at idle | p50 / p99 | × reported p99 |");
        s.AppendLine("|---|---|---|---|");
        foreach (var run in national.Runs)
        {
            var axis = run.TimeAxis;
            s.AppendLine($"| {run.Spec.Name} | reported period ({ProductRun.AnnualYear}) | {Ms(axis.ReportedQuery.P50Ms)} / {Ms(axis.ReportedQuery.P99Ms)} | 1 |");
            s.AppendLine($"| {run.Spec.Name} | derived period ({ProductRun.MonthlyYear}Q1, from months) | {Ms(axis.DerivedQuery.P50Ms)} / {Ms(axis.DerivedQuery.P99Ms)} | {Ratio(axis.DerivedQuery.P99Ms, axis.ReportedQuery.P99Ms)} |");
        }
        s.AppendLine();
        s.AppendLine("After the national burst, every commune reports a year, then January, February and March of the following year, each burst " +
            "alone; CPU per report compares the March burst (each report moves its month and completes its quarter) with the annual one. " +
            "The queries alternate 200 times at idle.");
        s.AppendLine();

        s.AppendLine("## Freshness: from a PUT's answer to the nation showing it");
        s.AppendLine();
        s.AppendLine("| run | idle p50 / p99 | during the burst p50 / p99 (n) | settled after the burst in |");
        s.AppendLine("|---|---|---|---|");
        foreach (var run in national.Runs)
        {
            s.AppendLine($"| {run.Spec.Name} | {Ms(run.FreshnessIdle.P50Ms)} / {Ms(run.FreshnessIdle.P99Ms)} | {Ms(run.FreshnessBurst.P50Ms)} / {Ms(run.FreshnessBurst.P99Ms)} ({run.FreshnessBurst.Count}) | {run.SettleSeconds:0.0} s |");
        }
        s.AppendLine();
        s.AppendLine("Measured by polling the nation's indicators, so each figure includes up to one GET's round trip. " +
            "Figures at idle (here, the dashboard queries and what-if) are taken once the product's processes have settled after the burst: " +
            "under a tenth of a core over half a second, waiting at most 30 s.");
        s.AppendLine();

        s.AppendLine("## Dashboard queries");
        s.AppendLine();
        s.AppendLine("| run | query | idle p50 / p99 | during the burst p50 / p99 | baseline rollup query p50 ÷ idle p99 |");
        s.AppendLine("|---|---|---|---|---|");
        foreach (var run in national.Runs)
        {
            foreach (var (kind, idle) in run.QueriesIdle)
            {
                var burst = run.QueriesDuringBurst.GetValueOrDefault(kind);
                s.AppendLine($"| {run.Spec.Name} | {kind} | {Ms(idle.P50Ms)} / {Ms(idle.P99Ms)} | {(burst is null ? "" : $"{Ms(burst.P50Ms)} / {Ms(burst.P99Ms)}")} | " +
                    $"{(baseline is null ? "" : $"{baseline.RollupQuery.P50Ms / idle.P99Ms:0.0}×")} |");
            }
        }
        if (baseline is not null)
        {
            s.AppendLine($"| baseline | `GROUP BY ROLLUP` over {baseline.Reports:N0} reports ({baseline.RollupRows} rows: every district, province and the nation) | {Ms(baseline.RollupQuery.P50Ms)} / {Ms(baseline.RollupQuery.P99Ms)} | | 1× |");
        }
        s.AppendLine();

        s.AppendLine("## What-if on live data");
        s.AppendLine();
        s.AppendLine($"Percentiles of 200 and 100 timed calls after {ProductRun.WhatIfWarmUp} untimed ones of each kind; the very first call, which runs the code for the first time, is shown on its own.");
        s.AppendLine();
        s.AppendLine("The one-commune answer at the nation holds every province's 19 indicators before and after; \"inside the service\" is the evaluation alone, as the answer's `Server-Timing` header gives it (without reading the request and writing the answer).");
        s.AppendLine();
        s.AppendLine("| run | one-commune override, evaluated at the nation, p50 / p99 | of which inside the service, p50 / p99 | answer size | district-wide override at its district, p50 / p99 | first call |");
        s.AppendLine("|---|---|---|---|---|---|");
        foreach (var run in national.Runs)
        {
            s.AppendLine($"| {run.Spec.Name} | {Ms(run.WhatIfCommune.P50Ms)} / {Ms(run.WhatIfCommune.P99Ms)} | {Ms(run.WhatIfCommuneInside.P50Ms)} / {Ms(run.WhatIfCommuneInside.P99Ms)} | {run.WhatIfCommuneBytes / 1024.0:0} KiB | {Ms(run.WhatIfDistrict.P50Ms)} / {Ms(run.WhatIfDistrict.P99Ms)} | {Ms(run.WhatIfFirstCallMs)} |");
        }
        s.AppendLine();

        s.AppendLine("## Growth with the number of communes (product on SQLite, one process)");
        s.AppendLine();
        s.AppendLine("| communes | shape | setup | first year reports/s | burst reports/s | time to fresh | baseline upsert reports/s | baseline time to fresh | floor | peak working set |");
        s.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var scale in scales)
        {
            if (scale.Runs.FirstOrDefault(r => r.Spec.Store == "sqlite") is not { } run)
            {
                continue;
            }
            s.AppendLine($"| {scale.Communes:N0} | {scale.Shape} | {run.SetupSeconds:0.0} s | {run.FirstYear.ReportsPerSecond:0} | {run.Burst.ReportsPerSecond:0} | {run.TimeToFreshSeconds:0.00} s | " +
                $"{scale.Baseline?.UpsertReportsPerSecond.ToString("0", CultureInfo.InvariantCulture) ?? ""} | {(scale.Baseline is null ? "" : $"{scale.Baseline.TimeToFreshUpsertSeconds:0.00} s")} | " +
                $"{scale.FloorMs:0.0} ms | {run.PeakWorkingSets.Max() / GiB:0.00} GiB |");
        }
        s.AppendLine();

        s.AppendLine("## Correctness in the same run");
        s.AppendLine();
        foreach (var scale in scales)
        {
            foreach (var run in scale.Runs)
            {
                var matches = scale.Baseline is null ? "no baseline" : Same(run, scale.Baseline);
                s.AppendLine($"- {scale.Communes:N0} communes, {run.Spec.Name}: recomputation from every leaf report found {run.Drift} drift ({run.VerifySeconds:0.0} s); " +
                    $"the nation's elements and indicators against the baseline's query: {matches}; 503 retries: {run.Retries}; " +
                    $"peak working set {string.Join(" + ", run.PeakWorkingSets.Select(b => $"{b / GiB:0.00}"))} GiB");
            }
        }
        s.AppendLine();

        s.AppendLine("## Targets");
        s.AppendLine();
        foreach (var line in Targets(national))
        {
            s.AppendLine($"- {line}");
        }
        return s.ToString();
    }

    private static IEnumerable<string> Targets(ScaleResult national)
    {
        var baseline = national.Baseline;
        var sqlite = national.Runs.FirstOrDefault(r => r.Spec.Store == "sqlite");
        var postgres = national.Runs.FirstOrDefault(r => r.Spec is { Store: "postgres", Silos: 1 });
        string Verdict(bool met) => met ? "**met**" : "**missed**";
        if (postgres is not null && baseline is not null)
        {
            var share = postgres.Burst.ReportsPerSecond / baseline.UpsertReportsPerSecond;
            yield return $"durable ingest on PostgreSQL ≥ 60 % of the per-report upsert baseline: {share:P0} ({postgres.Burst.ReportsPerSecond:0} vs {baseline.UpsertReportsPerSecond:0} reports/s) — {Verdict(share >= 0.6)}";
        }
        if (sqlite is not null)
        {
            yield return $"durable ingest on SQLite ≥ 1,500 reports/s: {sqlite.Burst.ReportsPerSecond:0} — {Verdict(sqlite.Burst.ReportsPerSecond >= 1500)}";
        }
        if (baseline is not null)
        {
            foreach (var run in national.Runs)
            {
                yield return $"time to fresh national totals ≤ the baseline's load + rollup ({baseline.TimeToFreshUpsertSeconds:0.00} s), {run.Spec.Name}: {run.TimeToFreshSeconds:0.00} s — {Verdict(run.TimeToFreshSeconds <= baseline.TimeToFreshUpsertSeconds)}";
            }
        }
        foreach (var run in national.Runs)
        {
            yield return $"freshness p99 ≤ 100 ms at idle and ≤ 1 s during the burst, {run.Spec.Name}: {Ms(run.FreshnessIdle.P99Ms)} and {Ms(run.FreshnessBurst.P99Ms)} — {Verdict(run.FreshnessIdle.P99Ms <= 100 && run.FreshnessBurst.P99Ms <= 1000)}";
        }
        foreach (var run in national.Runs)
        {
            var worst = run.QueriesIdle.MaxBy(q => q.Value.P99Ms);
            yield return $"dashboard queries p99 ≤ 10 ms at idle, {run.Spec.Name}: worst {worst.Key} {Ms(worst.Value.P99Ms)} — {Verdict(worst.Value.P99Ms <= 10)}";
            if (baseline is not null)
            {
                var speedup = baseline.RollupQuery.P50Ms / worst.Value.P99Ms;
                yield return $"dashboard queries ≥ 10× faster than the baseline's rollup query, {run.Spec.Name}: {speedup:0.0}× (its p50 {Ms(baseline.RollupQuery.P50Ms)} ÷ our worst p99) — {Verdict(speedup >= 10)}";
            }
        }
        foreach (var run in national.Runs)
        {
            yield return $"one-commune what-if under the national tree ≤ 5 ms p99, {run.Spec.Name}: {Ms(run.WhatIfCommune.P99Ms)} — {Verdict(run.WhatIfCommune.P99Ms <= 5)} (the evaluation inside the service: {Ms(run.WhatIfCommuneInside.P99Ms)})";
        }
        var peak = national.Runs.SelectMany(r => r.PeakWorkingSets).Max() / GiB;
        yield return $"peak working set of any process in the national runs ≤ 1.5 GB: {peak:0.00} GiB — {Verdict(peak * GiB <= 1.5e9)}";
    }

    private static string Same(ProductResult run, BaselineResult baseline) => Same(run.NationalElements, run.NationalIndicators, baseline);

    /// <summary>The nation's elements and indicators as the product shows them against the baseline's query: all equal, or which differ.</summary>
    internal static string Same(IReadOnlyDictionary<string, decimal> nationalElements, IReadOnlyDictionary<string, decimal?> nationalIndicators, BaselineResult baseline)
    {
        var elements = baseline.NationalElements.Where(e => nationalElements.GetValueOrDefault(e.Key) != e.Value).Select(e => e.Key).ToList();
        var indicators = baseline.NationalIndicators
            .Where(i => !Close(nationalIndicators.GetValueOrDefault(i.Key), i.Value))
            .Select(i => $"{i.Key} {nationalIndicators.GetValueOrDefault(i.Key)} vs {i.Value}").ToList();
        return elements.Count == 0 && indicators.Count == 0
            ? $"all {baseline.NationalElements.Count} elements and {baseline.NationalIndicators.Count} indicators equal"
            : $"DIFFERENT: {string.Join(", ", elements.Concat(indicators))}";
    }

    /// <summary>Indicator values agree to 10 significant digits: the two sides round a quotient differently past that.</summary>
    private static bool Close(decimal? a, decimal? b) =>
        a is null || b is null ? a == b : Math.Abs(a.Value - b.Value) <= Math.Max(Math.Abs(b.Value), 1m) * 1e-10m;

    internal static string Cpu(double processSeconds, double? databaseSeconds, int reports) =>
        $"{processSeconds / reports * 1e6:0} µs" + (databaseSeconds is { } db ? $" + {db / reports * 1e6:0} µs" : "");

    internal static string Ms(double ms) => double.IsNaN(ms) ? "–" : ms < 10 ? $"{ms:0.0} ms" : $"{ms:0} ms";

    internal static string Ratio(double value, double? reference) =>
        reference is > 0 ? $"{value / reference.Value:0.00}×" : "";

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";

    private static double MemoryGiB()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0 / 1024;
    }

    private static async Task<string> Git(string root, string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", arguments) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return output.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }
}
