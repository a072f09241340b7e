using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Scenarios;

namespace Aggregation.Grains.Tests;

[Collection(SqliteCluster.Name)]
public sealed class TreeKeysOnSqlite(SqliteClusterFixture fixture) : TreeKeyTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class TreeKeysOnPostgres(PostgresClusterFixture fixture) : TreeKeyTests(fixture);

/// <summary>A unit is a tree and a code: the same codes in two trees are two hierarchies that never meet.</summary>
public abstract class TreeKeyTests(ClusterFixture fixture) : RollupTreeTests(fixture)
{
    private static readonly Period Y2023 = Period.Parse("2023");
    private static readonly Period Y2025 = Period.Parse("2025");

    /// <summary>
    /// The default tree is nation n → province p → d1 (a, b), d2 (c); tree 2025-07 reuses the codes:
    /// n → p → d (a, which took b in), and c straight under p.
    /// </summary>
    private async Task<(TreeBuilder Old, TreeBuilder New)> TwoTrees()
    {
        var old = await Tree();
        var merged = old.InTree("2025-07");
        await merged.Unit("n", "nation", null);
        await merged.Unit("p", "province", "n");
        await merged.Unit("d", "district", "p");
        await merged.Unit("a", "commune", "d");
        await merged.Unit("c", "commune", "p");
        await old.Report("a", "2023", Report(100, 10, 1000));
        await old.Report("b", "2023", Report(50, 5, 500));
        await old.Report("c", "2023", Report(10, 1, 100));
        await merged.Report("a", "2025", Report(150, 12, 2000));
        await merged.Report("c", "2025", Report(20, 2, 300));
        return (old, merged);
    }

    [Fact]
    public async Task TheSameCodesInAnotherTreeAreOtherUnitsWithRollupsOfTheirOwn()
    {
        var (old, merged) = await TwoTrees();

        var oldNation = await Settled(old, "n", "2023", v => v.Elements["households"] == 160);
        var newNation = await Settled(merged, "n", "2025", v => v.Elements["households"] == 170);
        Assert.Equal((3, 3), (oldNation.ExpectedLeaves, oldNation.ReportedLeaves));
        Assert.Equal((2, 2), (newNation.ExpectedLeaves, newNation.ReportedLeaves));
        Assert.Equal(150, (await Settled(merged, "d", "2025", v => v.ReportedLeaves == 1)).Elements["households"]);
        Assert.Equal(0, (await Indicators(old, "n", "2025")).ReportedLeaves);
        Assert.Equal(0, (await Indicators(merged, "n", "2023")).ReportedLeaves);

        Assert.Equal(old.Code("d1"), (await Grains.Unit(old.Key("a")).GetInfo())!.Parent);
        Assert.Equal(merged.Code("d"), (await Grains.Unit(merged.Key("a")).GetInfo())!.Parent);
        Assert.Null(await Grains.Unit(merged.Key("b")).GetInfo());
        Assert.Null(await Grains.Commune(merged.Key("a")).GetReport(Y2023));
        Assert.Equal(100, (await Grains.Commune(old.Key("a")).GetReport(Y2023))!.Values["households"]);
        var missing = (await Grains.GetGrain<IQueryGrain>(0).GetMissing(merged.Key("n"), Y2025))!;
        Assert.Equal((2, 2, 0), (missing.ExpectedLeaves, missing.ReportedLeaves, missing.Missing.Count));
    }

    [Fact]
    public async Task ApprovalsPlansMovesAndScenariosStayInTheirTree()
    {
        var (old, merged) = await TwoTrees();
        await Settled(merged, "n", "2025", v => v.ReportedLeaves == 2);

        // c moves under d in the new tree only: the old tree's c stays under d2.
        var moved = await Grains.UpsertUnit(merged.Key("c"), new UnitInput("c", "commune", merged.Code("d")), TreeBuilder.Tester);
        Assert.Empty(moved.Refusals);
        Assert.Equal(170, (await Settled(merged, "d", "2025", v => v.ReportedLeaves == 2)).Elements["households"]);
        Assert.Equal(old.Code("d2"), (await Grains.Unit(old.Key("c")).GetInfo())!.Parent);
        Assert.Equal(10, (await Settled(old, "d2", "2023", v => v.ReportedLeaves == 1)).Elements["households"]);

        Assert.Equal("ok", (await Grains.Commune(merged.Key("a")).Approve(Y2025, TreeBuilder.Tester)).Code());
        Assert.Equal("ok", (await Grains.Commune(merged.Key("c")).Approve(Y2025, TreeBuilder.Tester)).Code());
        Assert.Equal("ok", (await Grains.Approval(merged.Key("d"), Y2025).Approve(TreeBuilder.Tester)).Code());
        Assert.Null(await Grains.Approval(old.Key("d1"), Y2025).Get());
        Assert.Equal("children_not_approved", (await Grains.Approval(old.Key("d1"), Y2023).Approve(TreeBuilder.Tester)).Code());
        var a = Grains.InPeriod(merged.Key("a"), (await Grains.Unit(merged.Key("a")).GetInfo())!, Y2025);
        Assert.Equal("parent_approved", (await a.Unapprove(TreeBuilder.Tester)).Code());

        var planned = await Grains.Plan(merged.Key("p"), 2025).Set(
            new Dictionary<string, PlanTargetInput> { ["poverty_rate"] = new("<=", 8m) }, TreeBuilder.Tester);
        Assert.Empty(planned.Refusals);
        Assert.Null(await Grains.Plan(old.Key("p"), 2025).Get());
        var compared = (await Grains.GetGrain<IQueryGrain>(0).Compare(merged.Key("p"), Y2025, "poverty_rate"))!;
        Assert.Equal([merged.Code("d")], compared.Children.Select(c => c.Unit));
        Assert.Equal(8m, compared.Aggregate.Target!.Value);

        var scenario = (await Grains.GetGrain<IWhatIfGrain>(0).Evaluate(merged.Key("p"), Y2025,
            [new OverrideSpec(merged.Code("a"), "households", OverrideKind.Set, 300m)])).Result!;
        Assert.Equal([merged.Code("a")], scenario.ChangedLeaves);
        Assert.Equal("unit_not_under", (await Grains.GetGrain<IWhatIfGrain>(0).Evaluate(merged.Key("p"), Y2025,
            [new OverrideSpec(old.Code("b"), "households", OverrideKind.Set, 1m)])).Refusals.Single().Code);
    }
}
