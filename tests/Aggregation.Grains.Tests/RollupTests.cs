using Aggregation.Domain.Periods;
using Aggregation.Contracts;

namespace Aggregation.Grains.Tests;

[Collection(SqliteCluster.Name)]
public sealed class RollupOnSqlite(SqliteClusterFixture fixture) : RollupTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class RollupOnPostgres(PostgresClusterFixture fixture) : RollupTests(fixture);

public abstract class RollupTests(ClusterFixture fixture) : RollupTreeTests(fixture)
{
    [Fact]
    public async Task PovertyRateIsRatioOfSumsAtEveryLevel()
    {
        var t = await Tree();
        await t.Report("a", "2023", Report(1000, 10, 100));
        await t.Report("b", "2023", Report(3000, 90, 300));
        await t.Report("c", "2023", Report(1000, 50, 50));

        var d1 = await Indicators(t, "d1", "2023");
        Assert.Equal(2.5m, d1.Indicators["poverty_rate"].Value); // 100 / 4000, not the mean of 1 % and 3 %
        Assert.Equal(2, d1.Indicators["poverty_rate"].Contributors);
        Assert.Equal(2, d1.ExpectedLeaves);

        var nation = await Settled(t, "n", "2023", v => v.ReportedLeaves == 3);
        Assert.Equal(150m / 5000m * 100m, nation.Indicators["poverty_rate"].Value);
        Assert.Equal(5000m, nation.Elements["households"]);
        Assert.Equal(3, nation.ExpectedLeaves);
        Assert.Equal(3, nation.Indicators["poverty_rate"].Contributors);
        Assert.Empty((await Grains.GetGrain<IQueryGrain>(0).Verify(t.Key("n"), Period.Parse("2023")))!.Drift);
    }

    [Fact]
    public async Task CorrectionsReplaceTheOldVersionEverywhereAbove()
    {
        var t = await Tree();
        await t.Report("a", "2023", Report(1000, 10, 100));
        await t.Report("c", "2023", Report(1000, 30, 100));
        await Settled(t, "n", "2023", v => v.ReportedLeaves == 2);

        var corrected = await t.Report("a", "2023", Report(1000, 20, 100));
        Assert.Equal(SubmitStatus.Accepted, corrected.Status);
        Assert.Equal(2, corrected.Receipt!.Version);

        var nation = await Settled(t, "n", "2023", v => v.Elements["poor_households"] == 50m);
        Assert.Equal(50m, nation.Elements["poor_households"]);
        Assert.Equal(2.5m, nation.Indicators["poverty_rate"].Value);
        Assert.Equal(2, nation.ReportedLeaves);
    }

    [Fact]
    public async Task GrowthUsesOnlyLeavesWithBothYearsAndFollowsCorrectionsOfThePreviousYear()
    {
        var t = await Tree();
        await t.Report("a", "2022", Report(1000, 10, 100));
        await t.Report("a", "2023", Report(1000, 10, 110));
        await t.Report("b", "2023", Report(1000, 10, 500)); // no 2022: must not count in growth
        var d1 = await Indicators(t, "d1", "2023");
        Assert.Equal(10m, d1.Indicators["growth_rate"].Value);
        Assert.Equal(1, d1.Indicators["growth_rate"].Contributors);

        await t.Report("a", "2022", Report(1000, 10, 88)); // correcting 2022 moves 2023's growth
        var nation = await Settled(t, "n", "2023", v => v.Indicators["growth_rate"].Value == 25m);
        Assert.Equal(25m, nation.Indicators["growth_rate"].Value);
        Assert.Equal(610m, nation.Elements["income_total"]);
    }

    [Fact]
    public async Task StaleOrRepeatedUpdatesNeverCountTwice()
    {
        var t = await Tree();
        await t.Report("a", "2023", Report(1000, 10, 100));
        var year = Period.Parse("2023");
        var rollup = Grains.Rollup(t.Key("d1"), 2023);
        var current = await Grains.Commune(t.Key("a")).GetContribution(year);

        await rollup.Update(t.Code("a"), [new(year, current)], []); // a retry of the same version
        await rollup.Update(t.Code("a"), [new(year, current with { Version = current.Version - 1 })], []); // a reordered older one
        var total = await rollup.GetContribution(year);
        Assert.Equal(10m, total.Contribution.Indicators["poverty_rate"].Numerator);
        Assert.Equal(1, total.Contribution.Indicators["poverty_rate"].Contributors);

        await rollup.Update(t.Code("stranger"), [new(year, current)], []); // not a child: ignored
        Assert.Equal(1, (await rollup.GetContribution(year)).Contribution.Indicators["poverty_rate"].Contributors);

        await rollup.Update(t.Code("a"), [new(Period.Parse("2024"), current with { Version = current.Version + 1 })], []); // another year's period: not this grain's
        Assert.DoesNotContain(await rollup.GetContributions(), c => c.Period.Year != 2023);
    }

    [Fact]
    public async Task MovingACommuneMovesItsDataToTheNewAncestors()
    {
        var t = await Tree();
        await t.Report("a", "2023", Report(1000, 10, 100));
        await t.Report("b", "2023", Report(2000, 40, 100));
        await t.Report("c", "2023", Report(1000, 30, 100));

        await t.Unit("b", "commune", "d2");

        var d1 = await Indicators(t, "d1", "2023");
        var d2 = await Indicators(t, "d2", "2023");
        Assert.Equal(1000m, d1.Elements["households"]);
        Assert.Equal(1, d1.ExpectedLeaves);
        Assert.Equal(3000m, d2.Elements["households"]);
        Assert.Equal(70m / 3000m * 100m, d2.Indicators["poverty_rate"].Value);
        var nation = await Settled(t, "n", "2023", v => v.Elements["households"] == 4000m);
        Assert.Equal(4000m, nation.Elements["households"]);
        Assert.Empty((await Grains.GetGrain<IQueryGrain>(0).Verify(t.Key("n"), Period.Parse("2023")))!.Drift);
        Assert.Empty((await Grains.GetGrain<IQueryGrain>(0).Verify(t.Key("d1"), Period.Parse("2023")))!.Drift);
    }

    [Fact]
    public async Task MovingADistrictMovesItsWholeSubtree()
    {
        var t = await Tree();
        await t.Unit("p2", "province", "n");
        await t.Report("a", "2023", Report(1000, 10, 100));
        await t.Report("c", "2023", Report(1000, 30, 100));
        await Settled(t, "n", "2023", v => v.ReportedLeaves == 2);

        await t.Unit("d1", "district", "p2");

        var p = await Settled(t, "p", "2023", v => v.ReportedLeaves == 1);
        var p2 = await Settled(t, "p2", "2023", v => v.ReportedLeaves == 1);
        Assert.Equal(3m, p.Indicators["poverty_rate"].Value);
        Assert.Equal(1m, p2.Indicators["poverty_rate"].Value);
        Assert.Equal(2, (await Indicators(t, "n", "2023")).ReportedLeaves);
        Assert.Equal(1, (await Grains.Unit(t.Key("p")).GetInfo())!.LeafCount);
        Assert.Equal(2, (await Grains.Unit(t.Key("p2")).GetInfo())!.LeafCount);
        Assert.Equal(3, (await Grains.Unit(t.Key("n")).GetInfo())!.LeafCount);
        Assert.Empty((await Grains.GetGrain<IQueryGrain>(0).Verify(t.Key("n"), Period.Parse("2023")))!.Drift);
    }

    [Fact]
    public async Task NothingIsStoredWhenAReportIsRefused()
    {
        var t = await Tree();
        await t.Report("a", "2023", Report(1000, 10, 100));

        var invalid = await t.Report("a", "2023", Report(1000, 2000, 100));
        Assert.Equal(("poor_households", "exceeds_households"), (invalid.Refusals[0].Field, invalid.Code()));
        var conflict = await t.Report("a", "2023", Report(1000, 20, 100), expectedVersion: 0);
        Assert.Equal("version_conflict", conflict.Code());
        Assert.Equal("not_a_leaf", (await t.Report("d1", "2023", Report(1, 0, 1))).Code());
        Assert.Equal("unit_not_found", (await t.Report("nowhere", "2023", Report(1, 0, 1))).Code());

        var history = await Grains.Commune(t.Key("a")).GetHistory(Period.Parse("2023"));
        Assert.Single(history);
        Assert.Equal(10m, history[0].Values["poor_households"]);
        Assert.Equal(1, (await Indicators(t, "d1", "2023")).ReportedLeaves);
    }

    [Fact]
    public async Task UnitChangesThatWouldBreakTheHierarchyAreRefused()
    {
        var t = await Tree();
        await t.Report("a", "2023", Report(1000, 10, 100));
        var units = Grains.Unit(t.Key("p"));
        Task<UnitChange> Upsert(string name, UnitInput input) => Grains.UpsertUnit(t.Key(name), input, TreeBuilder.Tester);

        Assert.Equal("cycle", (await Upsert("p", new UnitInput("p", "province", t.Code("d1")))).Code()); // d1 is under p: a cycle
        Assert.Equal("parent_not_found", (await Upsert("p", new UnitInput("p", "province", t.Code("missing")))).Code());
        Assert.Equal("has_reports", (await Upsert("x", new UnitInput("x", "village", t.Code("a")))).Code()); // a has reports
        Assert.Equal("invalid_name", (await Upsert("p", new UnitInput("", "province", t.Code("n")))).Code());
        Assert.Equal(t.Code("n"), (await units.GetInfo())!.Parent);
        Assert.Null(await Grains.Unit(t.Key("x")).GetInfo()); // the refused unit was not created
    }
}
