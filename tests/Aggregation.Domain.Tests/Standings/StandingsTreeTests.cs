using Aggregation.Domain.Rollup;
using Aggregation.Domain.Standings;
using Aggregation.Domain.Units;

namespace Aggregation.Domain.Tests.Standings;

public sealed class StandingsTreeTests
{
    // A province with a district of two communes and, since a reform, a commune directly under it.
    private static readonly StandingsTree Tree = new([
        new UnitDefinition("c2", "Commune 2", "commune", "d"),
        new UnitDefinition("p", "Province", "province", null),
        new UnitDefinition("d", "District", "district", "p"),
        new UnitDefinition("c1", "Commune 1", "commune", "d"),
        new UnitDefinition("c3", "Commune 3", "commune", "p"),
        new UnitDefinition("e", "Empty district", "district", "p"),
    ]);

    private static readonly Dictionary<string, Components> Parts = new()
    {
        ["c1"] = new Components(10, 1000, 1),
        ["c2"] = new Components(30, 1000, 1),
        ["c3"] = new Components(5, 500, 1),
    };

    [Fact]
    public void LeavesAndAncestorsAreIndexedWhateverTheOrderOfTheList()
    {
        Assert.Equal(["p"], Tree.Roots);
        Assert.Equal(["c1", "c2", "c3", "e"], Tree.LeavesUnder(null).Order());
        Assert.Equal(["c1", "c2"], Tree.LeavesUnder("d").Order());
        Assert.Equal(["d", "p"], Tree.Ancestors("c1"));
        Assert.Empty(Tree.Ancestors("p"));
        Assert.Equal(["d", "p"], Tree.ParentsOfLeaves());
        Assert.True(Tree.IsLeaf("e"));
        Assert.False(Tree.IsLeaf("d"));
    }

    [Fact]
    public void ALevelAddsUpTheLeavesUnderEachOfItsUnitsAndLeavesOutLeavesNotUnderOne()
    {
        var districts = Tree.TotalsAt("p", "district", leaf => Parts.GetValueOrDefault(leaf));
        Assert.Equal(new Components(40, 2000, 2), districts["d"]);
        Assert.Equal(Components.Zero, districts["e"]); // a unit of the level with nothing under it counts, without a value
        Assert.Equal(2, districts.Count); // c3 lies under no district

        var leaves = Tree.TotalsAt("d", null, leaf => Parts.GetValueOrDefault(leaf));
        Assert.Equal(["c1", "c2"], leaves.Keys.Order());

        var communes = Tree.TotalsAt(null, "commune", leaf => Parts.GetValueOrDefault(leaf));
        Assert.Equal(3, communes.Count);
        Assert.Equal(new Components(5, 500, 1), communes["c3"]);
    }

    [Fact]
    public void TheLeafLevelIsNamedOnlyWhenTheLeavesShareOne()
    {
        Assert.Equal("commune", Tree.LeafLevel("d"));
        Assert.Null(Tree.LeafLevel("p")); // the empty district is a leaf too
        Assert.Empty(Tree.UnitsOfLevel("d", "province"));
        Assert.Equal(["p"], Tree.UnitsOfLevel(null, "province"));
    }

    [Fact]
    public void AUnitWhoseParentIsMissingCountsAsARoot()
    {
        var tree = new StandingsTree([new UnitDefinition("x", "X", "commune", "gone"), new UnitDefinition("p", "P", "province", null)]);
        Assert.Equal(["p", "x"], tree.Roots);
        Assert.Empty(tree.Ancestors("x"));
    }

    [Fact]
    public void TheLevelsUnderAScopeComeTopDownFromEveryBranch()
    {
        // c3 is met right under the province before any commune under the district, yet the district is above it.
        var tree = new StandingsTree([
            new UnitDefinition("vn", "Nation", "nation", null),
            new UnitDefinition("p1", "Province 1", "province", "vn"),
            new UnitDefinition("c3", "Commune 3", "commune", "p1"),
            new UnitDefinition("p2", "Province 2", "province", "vn"),
            new UnitDefinition("d", "District", "district", "p2"),
            new UnitDefinition("c1", "Commune 1", "commune", "d"),
        ]);
        Assert.Equal(["province", "district", "commune"], tree.LevelsUnder("vn"));
        Assert.Equal(["nation", "province", "district", "commune"], tree.LevelsUnder(null));
        Assert.Equal(["commune"], tree.LevelsUnder("p1"));
        Assert.Equal(["district", "commune"], tree.LevelsUnder("p2"));
        Assert.Equal(["commune"], tree.LevelsUnder("c1")); // a leaf: its own level
        Assert.Equal(["district", "commune"], Tree.LevelsUnder("p"));
    }
}
