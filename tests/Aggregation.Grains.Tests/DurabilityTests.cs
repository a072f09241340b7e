using Aggregation.Domain.Periods;
using Aggregation.Contracts;

namespace Aggregation.Grains.Tests;

/// <summary>Aggregates are never stored: a new cluster on the same store must rebuild exactly the same totals.</summary>
public sealed class DurabilityTests
{
    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ARestartedClusterRebuildsTheSameTotalsFromStoredReports(string provider)
    {
        var store = provider == "sqlite" ? Store.NewSqlite() : Store.NewPostgres();
        var first = await ClusterFixture.Start(store);
        var t = new TreeBuilder(first.GrainFactory);
        await t.Unit("n", "nation", null);
        await t.Unit("d", "district", "n");
        await t.Unit("a", "commune", "d");
        await t.Unit("b", "commune", "d");
        await t.Report("a", "2022", new Dictionary<string, decimal> { ["income_total"] = 100, ["households"] = 1000, ["poor_households"] = 12 });
        await t.Report("a", "2023", new Dictionary<string, decimal> { ["income_total"] = 120, ["households"] = 1000, ["poor_households"] = 10 });
        await t.Report("b", "2023", new Dictionary<string, decimal> { ["income_total"] = 80, ["households"] = 3000, ["poor_households"] = 90 });
        await t.Report("b", "2023", new Dictionary<string, decimal> { ["income_total"] = 80, ["households"] = 3000, ["poor_households"] = 60 });
        await first.GrainFactory.Plan(t.Key("a"), 2023)
            .Set(new Dictionary<string, PlanTargetInput> { ["poverty_rate"] = new("<=", 1.5m) }, TreeBuilder.Tester);
        var before = await Eventually.Until(
            () => first.GrainFactory.GetGrain<IQueryGrain>(0).GetIndicators(t.Key("n"), Period.Parse("2023"))!,
            v => v!.Elements["poor_households"] == 70m);
        await first.StopAllSilosAsync();
        await first.DisposeAsync();

        var second = await ClusterFixture.Start(store);
        try
        {
            var after = (await second.GrainFactory.GetGrain<IQueryGrain>(0).GetIndicators(t.Key("n"), Period.Parse("2023")))!;
            Assert.Equal(before!.Elements, after.Elements);
            Assert.Equal(1.75m, after.Indicators["poverty_rate"].Value);
            Assert.Equal(20m, after.Indicators["growth_rate"].Value);
            Assert.Equal(2, after.ExpectedLeaves);
            Assert.Equal(2, (await second.GrainFactory.Commune(t.Key("b")).GetHistory(Period.Parse("2023"))).Count);
            Assert.Empty((await second.GrainFactory.GetGrain<IQueryGrain>(0).Verify(t.Key("n"), Period.Parse("2023")))!.Drift);
            // Plans are read again from the plan grains, which load them from the store.
            var compared = (await second.GrainFactory.GetGrain<IQueryGrain>(0).Compare(t.Key("d"), Period.Parse("2023"), "poverty_rate"))!;
            Assert.Equal(1.5m, compared.Children.Single(r => r.Unit == t.Code("a")).Target!.Value);
            Assert.True(compared.Children.Single(r => r.Unit == t.Code("a")).Attained);
            Assert.Null(compared.Children.Single(r => r.Unit == t.Code("b")).Target);
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
            store.Delete();
        }
    }
}
