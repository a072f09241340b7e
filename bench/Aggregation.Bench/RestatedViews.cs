using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Aggregation.Bench;

/// <summary>
/// The national 2023 figures restated onto the 2025-07 tree (10,603 leaves of 2023-04 → 10,035 of 2025-03 by code → 3,321
/// of 2025-07), against the same view on 2023's own tree, in one run: 2023 reports for every 2023 leaf; the first answer after
/// a restart of each view; their latencies at idle; and how soon a corrected 2023 report shows in the restated nation.
/// </summary>
public static class RestatedViews
{
    private const string Nation = NationalData.Nation;
    private const string OwnView = $"/api/units/{Nation}/indicators/2023?exact=true";
    private const string RestatedView = $"/api/units/{Nation}/indicators/2023?tree=2025-07&exact=true";
    private const int IdleReads = 300;
    private const int Corrections = 40;
    private const int InFlight = 64;

    /// <param name="product">the running product, with the three trees and their mappings loaded; disposed here</param>
    /// <param name="restart">starts the product again on the same store</param>
    /// <param name="units2023">the 2023-04 list's codes and parents</param>
    /// <param name="mapping">the 2025-03 → 2025-07 mapping file, to find 2023 communes that persist whole into one 2025-07 commune</param>
    public static async Task<string> Run(ProductProcesses product, Func<Task<ProductProcesses>> restart,
        IReadOnlyList<(string Code, string? Parent)> units2023, string mapping)
    {
        var parents = units2023.Select(u => u.Parent).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var leaves = units2023.Select(u => u.Code).Where(c => !parents.Contains(c)).ToList();
        var data = new NationalData(leaves.Count);
        var client = product.Clients[0];
        var sending = Stopwatch.StartNew();
        await Http.ForEach(leaves.Select((code, i) => (code, i)), InFlight, async leaf =>
            await Http.Put(client, $"/api/units/{leaf.code}/reports/2023", new { values = data.Communes[leaf.i].Current }, parse: false));
        Console.WriteLine($"2023 reports of {leaves.Count} leaves sent in {sending.Elapsed.TotalSeconds:0.0} s");
        await Until(client, OwnView, v => v.GetProperty("reportedLeaves").GetInt32() == leaves.Count);
        var restated = await Until(client, RestatedView, v => v.GetProperty("reportedLeaves").GetInt32() > 0);
        await product.DisposeAsync();

        // The first answer after a restart: every rollup, leaf and predecessor of the view activates and pulls.
        var (firstRestated, restatedAnswer) = await FirstAnswer(restart, RestatedView);
        var (firstOwn, _) = await FirstAnswer(restart, OwnView);
        var restatedLeaves = restatedAnswer.GetProperty("reportedLeaves").GetInt32();
        Console.WriteLine($"first answer after a restart: restated {firstRestated:0.00} s ({restatedLeaves} of {restatedAnswer.GetProperty("expectedLeaves")} communes), own {firstOwn:0.00} s");

        product = await restart();
        client = product.Clients[0];
        try
        {
            await Until(client, RestatedView, v => v.GetProperty("reportedLeaves").GetInt32() == restatedLeaves);
            await Until(client, OwnView, v => v.GetProperty("reportedLeaves").GetInt32() == leaves.Count);
            await product.Settle(TimeSpan.FromSeconds(30));
            var own = new Latencies();
            var onNewTree = new Latencies();
            for (var i = 0; i < IdleReads; i++)
            {
                await Http.Get(client, OwnView, own, parse: false);
                await Http.Get(client, RestatedView, onNewTree, parse: false);
            }
            var (ownIdle, restatedIdle) = (own.Summary(), onNewTree.Summary());
            Console.WriteLine($"at idle: own p50/p99 {ownIdle.P50Ms:0.0}/{ownIdle.P99Ms:0.0} ms, restated {restatedIdle.P50Ms:0.0}/{restatedIdle.P99Ms:0.0} ms");

            var freshness = await CorrectionsSeen(client, leaves, data, mapping, restated);
            Console.WriteLine($"a 2023 correction seen in the restated nation: p50/p99 {freshness.P50Ms:0.0}/{freshness.P99Ms:0.0} ms");
            return Report(leaves.Count, restatedAnswer, firstRestated, firstOwn, ownIdle, restatedIdle, freshness);
        }
        finally
        {
            await product.DisposeAsync();
        }
    }

    private static async Task<(double Seconds, JsonElement Answer)> FirstAnswer(Func<Task<ProductProcesses>> restart, string view)
    {
        await using var product = await restart();
        var clock = Stopwatch.StartNew();
        var answer = await Http.Get(product.Clients[0], view);
        return (clock.Elapsed.TotalSeconds, answer);
    }

    /// <summary>
    /// Corrects the 2023 report of communes that persist into 2025-03 and go whole into a 2025-07 commune with a restated
    /// value (one at a time, households + 1), timing from each PUT's answer until the restated nation shows it.
    /// </summary>
    private static async Task<LatencySummary> CorrectionsSeen(HttpClient client, List<string> leaves, NationalData data, string mapping, JsonElement restated)
    {
        var whole = mapping.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1)
            .Select(l => l.Split(',')).GroupBy(c => c[0]).Where(g => g.Count() == 1 && g.Single()[2] == "full")
            .ToDictionary(g => g.Key, g => g.Single()[1], StringComparer.Ordinal);
        var seen = new Latencies();
        var households = Households(restated);
        var random = new Random(2023);
        var index = leaves.Select((code, i) => (code, i)).ToDictionary(l => l.code, l => l.i);
        foreach (var code in leaves.Where(whole.ContainsKey).OrderBy(_ => random.Next()))
        {
            if (seen.Count == Corrections)
            {
                break;
            }
            var successor = await Http.Get(client, $"/api/units/{whole[code]}/indicators/2023?tree=2025-07");
            if (successor.GetProperty("reportedLeaves").GetInt32() != 1)
            {
                continue;
            }
            var values = new Dictionary<string, decimal>(data.Communes[index[code]].Current);
            values["households"] += 1;
            data.Communes[index[code]].Current["households"] = values["households"];
            await Http.Put(client, $"/api/units/{code}/reports/2023", new { values }, parse: false);
            var clock = Stopwatch.StartNew();
            await Until(client, RestatedView, v => Households(v) == households + 1);
            seen.Add(clock.Elapsed.TotalMilliseconds);
            households += 1;
        }
        return seen.Summary();
    }

    private static decimal Households(JsonElement view) => view.GetProperty("elements").GetProperty("households").GetDecimal();

    private static async Task<JsonElement> Until(HttpClient client, string path, Func<JsonElement, bool> done)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var answer = await Http.Get(client, path);
            if (done(answer))
            {
                return answer;
            }
            if (deadline.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"{path} never answered as awaited: {answer.GetRawText()[..Math.Min(400, answer.GetRawText().Length)]}");
            }
            await Task.Delay(1);
        }
    }

    private static string Report(int leaves, JsonElement restated, double firstRestated, double firstOwn,
        LatencySummary ownIdle, LatencySummary restatedIdle, LatencySummary freshness)
    {
        static string Ms(double ms) => ms.ToString(ms < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";
        return new StringBuilder()
            .AppendLine("### The national 2023 figures restated onto the 2025-07 tree")
            .AppendLine()
            .AppendLine($"After the loads above: a synthetic 2023 report for every one of the {leaves:N0} leaves of `2023-04`; the nation's 2023 indicators on their own tree " +
                $"(`{OwnView}`) against the same figures restated onto `2025-07` through `2025-03` (`{RestatedView}`), where " +
                $"{restated.GetProperty("reportedLeaves")} of the {restated.GetProperty("expectedLeaves")} communes have every predecessor reported " +
                $"({restated.GetProperty("estimatedLeaves")} through an estimated share; {restated.GetProperty("unmappedLeaves")} old leaves unmapped).")
            .AppendLine()
            .AppendLine("| measure | own tree (2023-04) | restated (2025-07) | ratio |")
            .AppendLine("|---|---:|---:|---:|")
            .AppendLine($"| first answer after a restart | {firstOwn:0.00} s | {firstRestated:0.00} s | {firstRestated / firstOwn:0.00}× |")
            .AppendLine($"| p50 at idle ({IdleReads} reads each, alternating) | {Ms(ownIdle.P50Ms)} | {Ms(restatedIdle.P50Ms)} | {restatedIdle.P50Ms / ownIdle.P50Ms:0.00}× |")
            .AppendLine($"| p99 at idle | {Ms(ownIdle.P99Ms)} | {Ms(restatedIdle.P99Ms)} | {restatedIdle.P99Ms / ownIdle.P99Ms:0.00}× (goal ≤ 2×) |")
            .AppendLine($"| a corrected 2023 report seen in the restated nation, from the PUT's answer ({freshness.Count} corrections, one at a time) | | p50 {Ms(freshness.P50Ms)}, p99 {Ms(freshness.P99Ms)} | (goal p99 ≤ 100 ms) |")
            .ToString();
    }
}
