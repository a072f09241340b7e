using Aggregation.Contracts;
using Aggregation.Domain.Trees;

namespace Aggregation.Grains.Tests;

[Collection(SqliteCluster.Name)]
public sealed class TreeBookOnSqlite(SqliteClusterFixture fixture) : TreeBookGrainTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class TreeBookOnPostgres(PostgresClusterFixture fixture) : TreeBookGrainTests(fixture);

/// <summary>
/// The tree book grain: trees created, renamed, refused, audited; and the unit counts a tree's root keeps.
/// The book is one grain per cluster, so each test names its own trees and gives them days no other test uses.
/// </summary>
public abstract class TreeBookGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    /// <summary>A tree id and a day of its own: a random day in the 19th century, where no other test puts trees.</summary>
    private static (string Id, DateOnly Day) Fresh() =>
        ("b" + Guid.NewGuid().ToString("N")[..10], new DateOnly(1800, 1, 1).AddDays(Random.Shared.Next(0, 36000)));

    [Fact]
    public async Task ATreeIsCreatedThenRenamedAndTheBookStaysOldestFirst()
    {
        var (id, day) = Fresh();
        var created = await _grains.TreeBook().Put(new TreeInfo(id, day, "Danh mục"), TreeBuilder.Tester);
        Assert.Equal((null, true), (created.Refusal, created.Created));
        var renamed = await _grains.TreeBook().Put(new TreeInfo(id, day, "Danh mục mới"), TreeBuilder.Tester);
        Assert.Equal((null, false), (renamed.Refusal, renamed.Created));

        var trees = await _grains.TreeBook().GetTrees();
        Assert.Equal(new TreeInfo(id, day, "Danh mục mới"), Assert.Single(trees, t => t.Id == id));
        Assert.Equal(trees.OrderBy(t => t.ValidFrom), trees);
        Assert.Equal(id, (await _grains.Trees()).TreeOn(day).Id);

        var audit = (await _grains.TreeBook().GetAudit()).Where(e => e.Target == id).ToList();
        Assert.Equal(["create", "update"], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal(TreeBuilder.Tester.Id, e.KeyId));
        // The same tree again changes nothing and is not audited.
        Assert.False((await _grains.TreeBook().Put(new TreeInfo(id, day, "Danh mục mới"), TreeBuilder.Tester)).Created);
        Assert.Equal(2, (await _grains.TreeBook().GetAudit()).Count(e => e.Target == id));
    }

    [Fact]
    public async Task ATreeThatBreaksARuleIsRefusedAndNothingIsStored()
    {
        var (id, day) = Fresh();
        Assert.Null((await _grains.TreeBook().Put(new TreeInfo(id, day, "first"), TreeBuilder.Tester)).Refusal);
        var (other, _) = Fresh();

        var sameDay = (await _grains.TreeBook().Put(new TreeInfo(other, day, "second"), TreeBuilder.Tester)).Refusal!;
        Assert.Equal((RefusalKind.Invalid, "validFrom", "same_valid_from"), (sameDay.Kind, sameDay.Field, sameDay.Code));
        var badId = (await _grains.TreeBook().Put(new TreeInfo("no such/id", day.AddDays(1), "x"), TreeBuilder.Tester)).Refusal!;
        Assert.Equal(("id", "invalid_code"), (badId.Field, badId.Code));
        var badName = (await _grains.TreeBook().Put(new TreeInfo(other, day.AddDays(1), "  "), TreeBuilder.Tester)).Refusal!;
        Assert.Equal(("name", "invalid_name"), (badName.Field, badName.Code));

        Assert.DoesNotContain(await _grains.TreeBook().GetTrees(), t => t.Id == other || t.Id == "no such/id");
    }

    [Fact]
    public async Task ATreeWithUnitsKeepsItsDayButMayBeRenamed()
    {
        var (id, day) = Fresh();
        Assert.Null((await _grains.TreeBook().Put(new TreeInfo(id, day, "before units"), TreeBuilder.Tester)).Refusal);
        await TreeBuilder.NationOfThreeCommunes(_grains, id);

        var redated = (await _grains.TreeBook().Put(new TreeInfo(id, day.AddDays(1), "before units"), TreeBuilder.Tester)).Refusal!;
        Assert.Equal((RefusalKind.Conflict, "validFrom", "tree_in_use"), (redated.Kind, redated.Field, redated.Code));
        Assert.Null((await _grains.TreeBook().Put(new TreeInfo(id, day, "with units"), TreeBuilder.Tester)).Refusal);
        Assert.Equal(new TreeInfo(id, day, "with units"), Assert.Single(await _grains.TreeBook().GetTrees(), t => t.Id == id));
    }

    [Fact]
    public async Task EveryUnitKnowsHowManyUnitsAndLeavesAreUnderIt()
    {
        var (tree, _) = Fresh();
        var t = await TreeBuilder.NationOfThreeCommunes(_grains, tree);
        var nation = (await _grains.Unit(t.Key("n")).GetInfo())!;
        Assert.Equal((7, 3), (nation.UnitCount, nation.LeafCount));
        Assert.Equal((3, 2), ((await _grains.Unit(t.Key("d1")).GetInfo())!.UnitCount, (await _grains.Unit(t.Key("d1")).GetInfo())!.LeafCount));

        // A commune moved from d1 to d2 and a new one under d2: the counts follow to the root.
        await t.Unit("b", "commune", "d2");
        await t.Unit("e", "commune", "d2");
        var d1 = (await _grains.Unit(t.Key("d1")).GetInfo())!;
        var d2 = (await _grains.Unit(t.Key("d2")).GetInfo())!;
        Assert.Equal(((2, 1), (4, 3)), ((d1.UnitCount, d1.LeafCount), (d2.UnitCount, d2.LeafCount)));
        nation = (await _grains.Unit(t.Key("n")).GetInfo())!;
        Assert.Equal((8, 4), (nation.UnitCount, nation.LeafCount));
    }

    [Fact]
    public async Task ALoadedUnitIsStoredOnceWithItsNewChildrenAndIsAudited()
    {
        var (tree, _) = Fresh();
        var at = DateTimeOffset.UtcNow;
        var child = await _grains.Unit(new(tree, "c1")).Create(new NewUnit("Xã Một", "commune", "p", "Xã", []), TreeBuilder.Tester, at);
        Assert.Equal((1, 1, "Xã"), (child!.UnitCount, child.LeafCount, child.Kind));
        var parent = await _grains.Unit(new(tree, "p")).Create(
            new NewUnit("Tỉnh", "province", null, "Tỉnh", [new ChildSummary("c1", 1, true, "Xã Một", 1)]), TreeBuilder.Tester, at);
        Assert.Equal((2, 1, "c1"), (parent!.UnitCount, parent.LeafCount, string.Join(",", parent.Children.Select(c => c.Code))));
        Assert.Contains(new Domain.Units.UnitKey(tree, "p"), await _grains.GetGrain<IUnitRootsGrain>(0).List());
        Assert.Equal(["p", "c1"], (await _grains.UnitsOf(tree)).Select(u => u.Code));
        Assert.Equal("create", Assert.Single(await _grains.Unit(new(tree, "c1")).GetAudit()).Action);

        // Created again under another parent: refused, nothing changed.
        Assert.Null(await _grains.Unit(new(tree, "c1")).Create(new NewUnit("Xã Hai", "commune", "q", null, []), TreeBuilder.Tester, at));
        Assert.Equal("Xã Một", (await _grains.Unit(new(tree, "c1")).GetInfo())!.Name);
    }
}
