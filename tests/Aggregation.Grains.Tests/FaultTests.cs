using Aggregation.Domain.Periods;
using System.Collections.Concurrent;
using Aggregation.Contracts;

namespace Aggregation.Grains.Tests;

/// <summary>
/// Three silos on PostgreSQL; one is killed while communes report. When the dead silo is
/// declared, every active series re-pulls its children, so lost updates are recovered
/// without any new report, in the rollups and in the indicator grains.
/// </summary>
public sealed class FaultTests
{
    private const int Districts = 6;
    private const int CommunesPerDistrict = 10;

    [Fact]
    public async Task KillingASiloMidLoadLosesNoAcknowledgedReportAndEveryAncestorConverges()
    {
        var store = Store.NewPostgres();
        var cluster = await ClusterFixture.Start(store, silos: 3);
        try
        {
            var grains = cluster.GrainFactory;
            var t = new TreeBuilder(grains);
            await t.Unit("n", "nation", null);
            var communes = new List<string>();
            for (var d = 0; d < Districts; d++)
            {
                await t.Unit($"p{d % 2}", "province", "n");
                await t.Unit($"d{d}", "district", $"p{d % 2}");
                for (var c = 0; c < CommunesPerDistrict; c++)
                {
                    await t.Unit($"c{d}-{c}", "commune", $"d{d}");
                    communes.Add($"c{d}-{c}");
                }
            }

            var acknowledged = new ConcurrentDictionary<string, Dictionary<string, decimal>>();
            await Task.WhenAll(communes.Select(c => SubmitUntilAcknowledged(t, c, round: 0, acknowledged)));
            await Eventually.Until(() => grains.GetGrain<IQueryGrain>(0).Verify(t.Key("n"), Period.Parse("2023")), v => v!.Drift.Count == 0);

            // Updates in flight when a silo dies are lost. Make that happen for sure: every district
            // drops its first commune, as if that commune's update had died with the silo.
            await Task.WhenAll(Enumerable.Range(0, Districts).Select(d =>
                grains.Rollup(t.Key($"d{d}"), 2023).Forget(t.Code($"c{d}-0"))));
            Assert.NotEmpty((await grains.GetGrain<IQueryGrain>(0).Verify(t.Key("d1"), Period.Parse("2023")))!.Drift);

            // Keep submitting in one district while a silo is killed; the others get no new report.
            var load = Task.WhenAll(communes.Take(CommunesPerDistrict).Select(c => SubmitUntilAcknowledged(t, c, round: 1, acknowledged)));
            await Task.Delay(50);
            await cluster.KillSiloAsync(cluster.SecondarySilos[0]);
            await load;

            Assert.Equal(communes.Count, acknowledged.Count);
            var households = acknowledged.Values.Sum(v => v["households"]);
            var poor = acknowledged.Values.Sum(v => v["poor_households"]);
            var root = await Eventually.Until(async () =>
            {
                try
                {
                    var drift = (await grains.GetGrain<IQueryGrain>(0).Verify(t.Key("n"), Period.Parse("2023")))!.Drift;
                    return drift.Count == 0 ? await grains.GetGrain<IQueryGrain>(0).GetIndicators(t.Key("n"), Period.Parse("2023")) : null;
                }
                catch (Exception)
                {
                    return null; // the dead silo is not declared yet
                }
            }, v => v is not null && v.Elements["households"] == households, timeoutMs: 60_000);

            Assert.NotNull(root);
            Assert.Equal(households, root.Elements["households"]);
            Assert.Equal(poor, root.Elements["poor_households"]);
            Assert.Equal(communes.Count, root.ReportedLeaves);
            Assert.Equal(poor / households * 100m, root.Indicators["poverty_rate"].Value);
            foreach (var d in Enumerable.Range(0, Districts))
            {
                Assert.Empty((await grains.GetGrain<IQueryGrain>(0).Verify(t.Key($"d{d}"), Period.Parse("2023")))!.Drift);
            }
            // Verify covers the indicator grains too; their ranking holds every acknowledged report.
            var ranking = (await grains.Indicator("poverty_rate", "default", 2023)
                .Rank(new StandingsQuery(Period.Parse("2023"), t.Code("n"), null), RankingOrder.Best, null, known: null)).Value!;
            Assert.Equal(
                acknowledged.Values.Select(v => v["poor_households"] / v["households"] * 100m).Order(),
                ranking.Rows.Select(r => r.Value));
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    /// <summary>Submits one round for a commune, retrying through the failure window exactly as a client would.</summary>
    private static async Task SubmitUntilAcknowledged(
        TreeBuilder t, string commune, int round, ConcurrentDictionary<string, Dictionary<string, decimal>> acknowledged)
    {
        var seed = commune.GetHashCode() & 0xffff;
        var values = new Dictionary<string, decimal>
        {
            ["households"] = 2000 + seed % 3000 + round,
            ["poor_households"] = 20 + seed % 50 + round * 3,
            ["income_total"] = 500m + seed % 400 + round * 7.25m,
        };
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                var result = await t.Report(commune, "2023", values);
                Assert.Equal(SubmitStatus.Accepted, result.Status);
                acknowledged[commune] = values;
                return;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"{commune} was never acknowledged");
    }
}
