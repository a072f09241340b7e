using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Trees;

namespace Aggregation.Grains.Tests;

[Collection(SqliteCluster.Name)]
public sealed class RestatedTreesOnSqlite(SqliteClusterFixture fixture) : RestatedTreeTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class RestatedTreesOnPostgres(PostgresClusterFixture fixture) : RestatedTreeTests(fixture);

/// <summary>
/// Older periods shown on a newer tree (SPEC section 10): the new tree's leaves restate from the old leaves through the
/// mapping, and the new tree's rollups add them up like any report. The installation's trees are shared by every test of
/// a cluster, so these tests use one pair of trees, each its own codes, and add their links to the one mapping between them.
/// </summary>
public abstract class RestatedTreeTests(ClusterFixture fixture) : RollupTreeTests(fixture)
{
    private const string OldTree = "rs-old";
    private const string NewTree = "rs-new";

    private async Task Trees()
    {
        foreach (var tree in new[] { new TreeInfo(OldTree, new DateOnly(2000, 1, 1), "old"), new TreeInfo(NewTree, new DateOnly(2025, 7, 1), "new") })
        {
            Assert.Null((await Grains.TreeBook().Put(tree, TreeBuilder.Tester)).Refusal);
        }
    }

    /// <summary>
    /// The old tree n → p → d1 (a, b), d2 (c, e); the new tree n → p → x, y with x = a + half of b and y = the other
    /// half of b + c + e, the halves estimated.
    /// </summary>
    private async Task<(TreeBuilder Old, TreeBuilder New)> TwoTrees()
    {
        await Trees();
        var old = await TreeBuilder.NationOfThreeCommunes(Grains, OldTree);
        await old.Unit("e", "commune", "d2");
        var @new = old.InTree(NewTree);
        await @new.Unit("n", "nation", null);
        await @new.Unit("p", "province", "n");
        await @new.Unit("x", "commune", "p");
        await @new.Unit("y", "commune", "p");
        await Link(old,
            [new("a", "x", 1m, false), new("b", "x", 0.5m, true), new("b", "y", 0.5m, true), new("c", "y", 1m, false), new("e", "y", 1m, false)]);
        return (old, @new);
    }

    /// <summary>Adds this test's links and unmapped old leaves (by unit name) to the mapping between the two trees.</summary>
    private async Task Link(TreeBuilder old, TreeLink[] links, params string[] unmapped)
    {
        var mapping = Grains.Mapping(OldTree, NewTree);
        var held = await mapping.Get();
        var mine = links.Select(l => l with { From = old.Code(l.From), To = old.Code(l.To) }).ToList();
        await mapping.Replace(new TreeMapping(OldTree, NewTree, [.. held?.Links ?? [], .. mine],
            [.. held?.UnmappedLeaves ?? [], .. unmapped.Select(old.Code)]), TreeBuilder.Tester);
    }

    [Fact]
    public async Task TheNewTreeShowsAnOldYearAsTheSharesOfItsOldLeavesAndFollowsCorrections()
    {
        var (old, @new) = await TwoTrees();
        await old.Report("a", "2023", Report(100, 10, 1000));
        await old.Report("b", "2023", Report(50, 5, 500));
        await old.Report("c", "2023", Report(10, 1, 100));

        // y waits for e: a merged commune is never half reported.
        var nation = await Settled(@new, "n", "2023", v => v.ReportedLeaves == 1);
        Assert.Equal((2, 1, 1), (nation.ExpectedLeaves, nation.ReportedLeaves, nation.EstimatedLeaves));
        Assert.Equal(125m, nation.Elements["households"]);
        Assert.Equal(12.5m, nation.Elements["poor_households"]);
        Assert.Equal(10m, nation.Indicators["poverty_rate"].Value);

        await old.Report("e", "2023", Report(40, 4, 400));
        nation = await Settled(@new, "n", "2023", v => v.ReportedLeaves == 2);
        Assert.Equal(2, nation.EstimatedLeaves);
        Assert.Equal(100m + 25m + 25m + 10m + 40m, nation.Elements["households"]);
        Assert.Equal(75m, (await Indicators(@new, "y", "2023")).Elements["households"]);

        // A correction of an old report moves the restated figures too.
        await old.Report("a", "2023", Report(200, 10, 1000));
        nation = await Settled(@new, "n", "2023", v => v.Elements["households"] == 300m);
        Assert.Equal(10m + 2.5m + 2.5m + 1m + 4m, nation.Elements["poor_households"]);
        await Settled(old, "n", "2023", v => v.Elements["households"] == 300m);
    }

    [Fact]
    public async Task AYearAcrossTheTreeChangeAddsTheRestatedFirstHalfToTheNewLeavesSecondHalf()
    {
        var (old, @new) = await TwoTrees();
        foreach (var month in Enumerable.Range(1, 6))
        {
            foreach (var leaf in new[] { "a", "b", "c", "e" })
            {
                Assert.Equal("ok", (await old.Report(leaf, $"2025{month:00}", Report(10, 1, 10))).Code());
            }
        }
        foreach (var month in Enumerable.Range(7, 6))
        {
            foreach (var leaf in new[] { "x", "y" })
            {
                Assert.Equal("ok", (await @new.Report(leaf, $"2025{month:00}", Report(20, 1, 30))).Code());
            }
        }

        var year = await Settled(@new, "n", "2025", v => v.ReportedLeaves == 2);
        Assert.Equal(6 * 4 * 10m + 6 * 2 * 30m, year.Elements["income_total"]);
        Assert.Equal(40m, year.Elements["households"]); // a stock: December's
        Assert.Equal(6 * 4 * 10m, (await Settled(@new, "n", "2025S1", v => v.ReportedLeaves == 2)).Elements["income_total"]);
        Assert.Equal(6 * 4 * 10m + 3 * 2 * 30m, (await Settled(@new, "n", "2025YTD09", v => v.ReportedLeaves == 2)).Elements["income_total"]);

        // Each tree takes the reports of its own periods only.
        Assert.Equal("invalid_period", (await old.Report("a", "202507", Report(10, 1, 10))).Code());
        Assert.Equal("invalid_period", (await @new.Report("x", "2025Q2", Report(10, 1, 10))).Code());
        Assert.Equal("invalid_period", (await Grains.Commune(@new.Key("x")).Approve(Period.Parse("202501"), TreeBuilder.Tester)).Code());
    }

    [Fact]
    public async Task AnAnswerOnATreeSaysWhichTreesItsFiguresComeFromAndHowManyOldLeavesNoMappingTakesThere()
    {
        var (old, _) = await TwoTrees();
        var book = await Grains.Trees();
        Assert.Equal([OldTree], (await Grains.View(book, NewTree, Period.Parse("2023"), atRoot: false)).DataTrees);
        Assert.Equal([OldTree, NewTree], (await Grains.View(book, NewTree, Period.Parse("2025"), atRoot: false)).DataTrees);
        var own = await Grains.View(book, NewTree, Period.Parse("2025Q3"), atRoot: true);
        Assert.False(own.Restated);
        Assert.Null(own.UnmappedLeaves);

        var before = (await Grains.View(book, NewTree, Period.Parse("2023"), atRoot: true)).UnmappedLeaves;
        await old.Unit("f", "commune", "d2");
        await Link(old, [], "f");
        var after = await Grains.View(book, NewTree, Period.Parse("2023"), atRoot: true);
        Assert.True(after.Restated);
        Assert.Equal(before + 1, after.UnmappedLeaves);
        Assert.Equal((await Grains.Mapping(OldTree, NewTree).Get())!.UnmappedLeaves.Count, after.UnmappedLeaves);
    }
}
