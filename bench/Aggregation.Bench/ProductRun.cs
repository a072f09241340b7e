using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Aggregation.Bench;

public sealed record RunSpec(string Store, int Silos, int Communes)
{
    public string Name => Silos == 1 ? $"{Store}, 1 process" : $"{Store}, {Silos}-silo cluster";
}

public sealed record BurstResult(int Reports, double Seconds, LatencySummary Put, double ProcessCpuSeconds, double? DatabaseCpuSeconds)
{
    public double ReportsPerSecond => Reports / Seconds;
}

public sealed record ProductResult(
    RunSpec Spec,
    string Shape,
    double SetupSeconds,
    BurstResult FirstYear,
    BurstResult Burst,
    double TimeToFreshSeconds,
    double FreshAfterLastPutMs,
    LatencySummary FreshnessIdle,
    LatencySummary FreshnessBurst,
    double SettleSeconds,
    IReadOnlyDictionary<string, LatencySummary> QueriesDuringBurst,
    IReadOnlyDictionary<string, LatencySummary> QueriesIdle,
    LatencySummary WhatIfCommune,
    LatencySummary WhatIfDistrict,
    double WhatIfFirstCallMs,
    LatencySummary WhatIfCommuneInside,
    int WhatIfCommuneBytes,
    int Drift,
    double VerifySeconds,
    IReadOnlyDictionary<string, decimal> NationalElements,
    IReadOnlyDictionary<string, decimal?> NationalIndicators,
    IReadOnlyList<long> PeakWorkingSets,
    int Retries,
    TimeAxisResult TimeAxis);

/// <summary>
/// One run against the product over HTTP: builds the tree, loads the first year, then the national
/// burst of the second year with a freshness probe and dashboard queries running alongside, then
/// the same probes and queries at idle, what-if, and a full recomputation to check for drift.
/// </summary>
/// <remarks>
/// The probe is the first commune. It stays out of the burst and reports on its own, adding
/// k × 10^10 to its budget revenue for the k-th probe: the nation's total budget revenue is
/// far below 10^10, so the root shows probe k exactly when ⌊total / 10^10⌋ = k, however many
/// burst reports have arrived. At the end the probe reports its real values, so the nation's
/// figures must equal the baseline's and the in-memory floor's exactly.
/// </remarks>
/// <param name="databaseCpu">the database server's CPU time so far, when it runs as processes of its own (PostgreSQL started here)</param>
public sealed partial class ProductRun(NationalData data, ProductProcesses product, Func<TimeSpan?> databaseCpu, int concurrency, Action<string> log)
{
    public const string FirstYear = "2024";
    public const string SecondYear = "2025";
    private const decimal ProbeStep = 10_000_000_000m;
    private const string ProbeElement = "budget_revenue";
    private const string Indicator = "poverty_rate";
    private static readonly TimeSpan FreshTimeout = TimeSpan.FromMinutes(3);

    private CommuneData Probe => data.Communes[0];

    public async Task<ProductResult> Run(RunSpec spec)
    {
        var retries = Http.Retries;
        var setup = Stopwatch.StartNew();
        await CreateUnits();
        var setupSeconds = setup.Elapsed.TotalSeconds;
        log($"  setup {data.Communes.Count} communes in {setupSeconds:0.0} s");

        var firstYear = await Burst(FirstYear, data.Communes, c => c.Previous);
        await WaitFresh(FirstYear, Totals(c => c.Previous));
        log($"  first year {firstYear.ReportsPerSecond:0} reports/s");

        // The second year: the national burst, with the probe and the dashboard alongside.
        await Report(Probe, SecondYear, ProbeValues(0));
        var probeIndex = 0;
        var burstFreshness = new Latencies();
        var burstQueries = new Dictionary<string, Latencies>();
        using var stop = new CancellationTokenSource();
        var started = Stopwatch.StartNew();
        var prober = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                burstFreshness.Add(await ProbeOnce(++probeIndex));
            }
        });
        var querier = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await QueryRound(SecondYear, burstQueries);
            }
        });
        var burst = await Burst(SecondYear, data.Communes.Skip(1), c => c.Current);
        var lastPut = started.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(prober, querier);
        var expected = Totals(c => c.Current, ProbeValues(probeIndex));
        await WaitFresh(SecondYear, expected);
        var fresh = started.Elapsed;
        log($"  burst {burst.ReportsPerSecond:0} reports/s, fresh after {fresh.TotalSeconds:0.00} s");

        var settle = await product.Settle(TimeSpan.FromSeconds(30));
        var idleFreshness = new Latencies();
        for (var i = 0; i < 50; i++)
        {
            idleFreshness.Add(await ProbeOnce(++probeIndex));
        }
        var idleQueries = new Dictionary<string, Latencies>();
        for (var i = 0; i < 100; i++)
        {
            await QueryRound(SecondYear, idleQueries);
        }
        var (whatIfCommune, whatIfDistrict, whatIfFirst, whatIfInside, whatIfBytes) = await WhatIf();

        await Report(Probe, SecondYear, Probe.Current);
        var nation = await WaitFresh(SecondYear, Totals(c => c.Current));
        var verify = Stopwatch.StartNew();
        var drift = (await Http.Post(product.Next(), $"/api/admin/verify/{NationalData.Nation}/{SecondYear}")).GetProperty("drift").GetArrayLength();
        var verifySeconds = verify.Elapsed.TotalSeconds;
        log($"  idle freshness p99 {idleFreshness.Summary().P99Ms:0.0} ms, drift {drift}");
        var timeAxis = await TimeAxis();

        return new ProductResult(spec, data.Shape, setupSeconds, firstYear, burst,
            fresh.TotalSeconds, (fresh - lastPut).TotalMilliseconds,
            idleFreshness.Summary(), burstFreshness.Summary(), settle.TotalSeconds,
            burstQueries.ToDictionary(q => q.Key, q => q.Value.Summary()),
            idleQueries.ToDictionary(q => q.Key, q => q.Value.Summary()),
            whatIfCommune, whatIfDistrict, whatIfFirst, whatIfInside, whatIfBytes, drift, verifySeconds,
            Elements(nation), Indicators(nation), product.PeakWorkingSets(), Http.Retries - retries, timeAxis);
    }

    internal async Task CreateUnits()
    {
        await Http.Put(product.Next(), $"/api/units/{NationalData.Nation}", new { name = "Việt Nam", level = "nation", parent = (string?)null });
        await Http.ForEach(data.Provinces, concurrency, p =>
            Http.Put(product.Next(), $"/api/units/{p}", new { name = $"Tỉnh {p}", level = "province", parent = NationalData.Nation }));
        await Http.ForEach(data.Districts, concurrency, d =>
            Http.Put(product.Next(), $"/api/units/{d.Code}", new { name = $"Huyện {d.Code}", level = "district", parent = d.Province }));
        await Http.ForEach(data.Communes, concurrency, c =>
            Http.Put(product.Next(), $"/api/units/{c.Code}", new { name = $"Xã {c.Code}", level = "commune", parent = c.District ?? c.Province }));
    }

    internal async Task<BurstResult> Burst(string period, IEnumerable<CommuneData> communes, Func<CommuneData, Dictionary<string, decimal>> values)
    {
        var order = communes.ToArray();
        new Random(7).Shuffle(order);
        var latencies = new Latencies();
        var cpu = product.CpuTime();
        var database = databaseCpu();
        var watch = Stopwatch.StartNew();
        await Http.ForEach(order, concurrency, c => Report(c, period, values(c), latencies));
        var seconds = watch.Elapsed.TotalSeconds;
        return new BurstResult(order.Length, seconds, latencies.Summary(), (product.CpuTime() - cpu).TotalSeconds, (databaseCpu() - database)?.TotalSeconds);
    }

    private Task<JsonElement> Report(CommuneData commune, string period, Dictionary<string, decimal> values, Latencies? timed = null) =>
        Http.Put(product.Next(), $"/api/units/{commune.Code}/reports/{period}", new { values }, timed, parse: false);

    private Dictionary<string, decimal> ProbeValues(int k) =>
        new(Probe.Current) { [ProbeElement] = Probe.Current[ProbeElement] + k * ProbeStep };

    /// <summary>Milliseconds from the probe's PUT answering to the root showing it.</summary>
    private async Task<double> ProbeOnce(int k)
    {
        await Report(Probe, SecondYear, ProbeValues(k));
        var start = Stopwatch.GetTimestamp();
        while (true)
        {
            var root = await Root(SecondYear);
            if (decimal.Floor(root.GetProperty("elements").GetProperty(ProbeElement).GetDecimal() / ProbeStep) == k)
            {
                return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            if (Stopwatch.GetElapsedTime(start) > FreshTimeout)
            {
                throw new TimeoutException($"probe {k} did not reach the root within {FreshTimeout}");
            }
        }
    }

    /// <summary>The nation's indicators unrounded (<c>?exact=true</c>), so they compare with the baseline's query to the last digit.</summary>
    private Task<JsonElement> Root(string period) => Http.Get(product.Next(), $"/api/units/{NationalData.Nation}/indicators/{period}?exact=true");

    internal Dictionary<string, decimal> Totals(Func<CommuneData, Dictionary<string, decimal>> values, Dictionary<string, decimal>? probe = null)
    {
        var totals = new Dictionary<string, decimal>();
        foreach (var commune in data.Communes)
        {
            foreach (var (element, value) in commune == Probe && probe is not null ? probe : values(commune))
            {
                totals[element] = totals.GetValueOrDefault(element) + value;
            }
        }
        return totals;
    }

    /// <summary>Polls the root until every element equals the expected total; answers the root's last reading.</summary>
    internal async Task<JsonElement> WaitFresh(string period, Dictionary<string, decimal> expected)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var root = await Root(period);
            var elements = Elements(root);
            if (expected.All(e => elements.GetValueOrDefault(e.Key) == e.Value))
            {
                return root;
            }
            if (watch.Elapsed > FreshTimeout)
            {
                var wrong = expected.First(e => elements.GetValueOrDefault(e.Key) != e.Value);
                throw new TimeoutException($"{period}: the root shows {wrong.Key} = {elements.GetValueOrDefault(wrong.Key)}, expected {wrong.Value}");
            }
            await Task.Delay(2);
        }
    }

    internal static Dictionary<string, decimal> Elements(JsonElement root) =>
        root.GetProperty("elements").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDecimal());

    internal static Dictionary<string, decimal?> Indicators(JsonElement root) =>
        root.GetProperty("indicators").EnumerateObject().ToDictionary(p => p.Name,
            p => p.Value.GetProperty("value") is { ValueKind: JsonValueKind.Number } v ? v.GetDecimal() : (decimal?)null);

    /// <summary>The dashboard's reads: a unit's indicators at each level, and the comparison of children.</summary>
    private async Task QueryRound(string period, Dictionary<string, Latencies> into)
    {
        var province = data.Communes[^1].Province;
        var queries = new List<(string Kind, string Path)>
        {
            ("indicators of the nation", $"/api/units/{NationalData.Nation}/indicators/{period}"),
            ("indicators of a province", $"/api/units/{province}/indicators/{period}"),
            ("comparison of the nation's provinces", $"/api/units/{NationalData.Nation}/comparison/{period}?indicator={Indicator}"),
            ("comparison of a province's children", $"/api/units/{province}/comparison/{period}?indicator={Indicator}"),
        };
        if (data.Communes[^1].District is { } district)
        {
            queries.Insert(2, ("indicators of a district", $"/api/units/{district}/indicators/{period}"));
        }
        foreach (var (kind, path) in queries)
        {
            if (!into.TryGetValue(kind, out var latencies))
            {
                into[kind] = latencies = new Latencies();
            }
            await Http.Get(product.Next(), path, latencies, parse: false);
        }
    }

    /// <summary>
    /// A one-commune override evaluated at the nation; a district-wide one at its district (province
    /// when there are none). The first calls of each kind run the code path for the first time (the
    /// JIT compiles it): the very first is reported on its own, and <see cref="WhatIfWarmUp"/> calls
    /// are left out of the percentiles, which then describe the service as an analyst meets it.
    /// </summary>
    private async Task<(LatencySummary Commune, LatencySummary District, double FirstCommuneMs, LatencySummary CommuneInside, int CommuneBytes)> WhatIf()
    {
        var rng = new Random(11);
        var inside = new Latencies();
        var bytes = 0;
        var timed = false;
        Task<JsonElement> OneCommune(Latencies? timing)
        {
            var leaf = data.Communes[rng.Next(data.Communes.Count)];
            return Http.Post(product.Next(), "/api/what-if", new
            {
                unit = NationalData.Nation,
                period = SecondYear,
                overrides = new[] { new { unit = leaf.Code, element = "poor_households", set = (object)1 } },
            }, timing, (response, size) =>
            {
                if (timed && Http.ServerTiming(response, "evaluate") is { } ms)
                {
                    inside.Add(ms);
                    bytes = size;
                }
            }, parse: false);
        }
        Task<JsonElement> DistrictWide(Latencies? timing)
        {
            var leaf = data.Communes[rng.Next(data.Communes.Count)];
            var unit = leaf.District ?? leaf.Province;
            return Http.Post(product.Next(), "/api/what-if", new
            {
                unit,
                period = SecondYear,
                overrides = new[] { new { unit, element = "poor_households", scale = (object)0.9m } },
            }, timing, parse: false);
        }
        var first = new Latencies();
        await OneCommune(first);
        for (var i = 1; i < WhatIfWarmUp; i++)
        {
            await OneCommune(null);
            await DistrictWide(null);
        }
        var commune = new Latencies();
        timed = true;
        for (var i = 0; i < 200; i++)
        {
            await OneCommune(commune);
        }
        var area = new Latencies();
        for (var i = 0; i < 100; i++)
        {
            await DistrictWide(area);
        }
        return (commune.Summary(), area.Summary(), first.Summary().P50Ms, inside.Summary(), bytes);
    }

    /// <summary>Untimed what-if calls of each kind before the timed ones.</summary>
    public const int WhatIfWarmUp = 10;
}
