using Aggregation.Domain.Trees;

namespace Aggregation.Domain.Tests.Trees;

public class MappingFileTests
{
    private static readonly HashSet<string> OldLeaves = ["A", "B", "C", "D"];
    private static readonly HashSet<string> NewLeaves = ["X", "Y", "Z"];

    private static MappingPlan Plan(string csv) => MappingFile.Plan(VnUnits.Csv(csv), "old", "new", OldLeaves, NewLeaves);

    private static TreeMapping Mapping(string csv)
    {
        var plan = Plan(csv);
        Assert.Empty(plan.Conflicts);
        Assert.Empty(plan.Errors);
        return plan.Mapping!;
    }

    private static void AssertSummary(MappingSummary expected, MappingSummary actual)
    {
        Assert.Equal(
            (expected.Links, expected.Full, expected.Partial, expected.Estimated, expected.UnmappedLeaves),
            (actual.Links, actual.Full, actual.Partial, actual.Estimated, actual.UnmappedLeaves));
        Assert.Equal(expected.UnknownCodes, actual.UnknownCodes);
    }

    private static TreeLink Link(TreeMapping mapping, string from, string to) => mapping.Successors(from).Single(l => l.To == to);

    [Fact]
    public void TheReformOf2025MapsEveryNewCommuneAndReportsTheUnknownCodes()
    {
        var oldLeaves = VnUnits.Leaves(VnUnits.Units2025March);
        var newLeaves = VnUnits.Leaves(VnUnits.Units2025July);
        Assert.Equal((10_040, 3_321), (oldLeaves.Count, newLeaves.Count)); // 10,035 communes and five island districts without communes

        var plan = MappingFile.Plan(VnUnits.Records(VnUnits.Mapping2025), "2025-03", "2025-07", oldLeaves, newLeaves);

        Assert.True(plan.IsValid);
        Assert.Equal(10_603, plan.Rows);
        AssertSummary(new MappingSummary(10_591, 9_581, 1_010, 1_010,
            ["07693", "07732", "07744", "16387", "16411", "18448", "20176", "20674", "25102", "25174", "25177", "25186"], 0),
            plan.Summary with { UnknownCodes = [.. plan.Summary.UnknownCodes] });
        var mapping = plan.Mapping!;
        Assert.Equal(newLeaves.Order(), mapping.NewLeaves.Order());
        Assert.Empty(mapping.UnmappedLeaves);
        Assert.All(oldLeaves, leaf => Assert.Equal(1m, decimal.Round(mapping.Successors(leaf).Sum(l => l.Share), 20)));
        foreach (var island in new[] { "318", "471", "498", "536", "755" })
        {
            var link = Assert.Single(mapping.Successors(island));
            Assert.Equal((1m, false), (link.Share, link.Estimated));
        }
    }

    [Fact]
    public void BinhGiangIsFourCommunesAndAnEstimatedHalfOfVinhHong()
    {
        var plan = MappingFile.Plan(VnUnits.Records(VnUnits.Mapping2025), "2025-03", "2025-07",
            VnUnits.Leaves(VnUnits.Units2025March), VnUnits.Leaves(VnUnits.Units2025July));
        var predecessors = plan.Mapping!.Predecessors("10966").OrderBy(l => l.From).ToList();
        Assert.Equal(
        [
            new TreeLink("10960", "10966", 0.5m, true), // Vĩnh Hồng, split with Kẻ Sặt
            new TreeLink("10963", "10966", 1m, false), // Long Xuyên
            new TreeLink("10966", "10966", 1m, false), // Tân Việt
            new TreeLink("10978", "10966", 1m, false), // Hồng Khê
            new TreeLink("10984", "10966", 1m, false), // Cổ Bì
        ], predecessors);
        Assert.Equal(["10945", "10966"], plan.Mapping.Successors("10960").Select(l => l.To).Order());
    }

    [Fact]
    public void GivenSharesAreKeptAndAreNotEstimated()
    {
        var plan = Plan("from,to,share\nA,X,0.6\nA,Y,0.40\nB,Y,1\nC,Z,1\nD,Z,1.0\n");
        AssertSummary(new MappingSummary(5, 3, 2, 0, [], 0), plan.Summary);
        Assert.Equal(0.4m, Link(plan.Mapping!, "A", "Y").Share);
        Assert.Equal("0.4", Link(plan.Mapping!, "A", "Y").Share.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void LinksWithoutAShareShareTheRestOfTheirOldLeafEquallyAndAreEstimated()
    {
        var mapping = Mapping("from,to,share\nA,X,0.5\nA,Y,\nA,Z,\nB,X,\nB,Y,\nB,Z,\n");
        Assert.Equal(new TreeLink("A", "X", 0.5m, false), Link(mapping, "A", "X"));
        Assert.Equal(new TreeLink("A", "Y", 0.25m, true), Link(mapping, "A", "Y"));
        Assert.Equal(new TreeLink("A", "Z", 0.25m, true), Link(mapping, "A", "Z"));
        Assert.All(mapping.Successors("B"), l => Assert.Equal((1m / 3m, true), (l.Share, l.Estimated)));
    }

    [Fact]
    public void ALeafWithOneLinkAndNoShareWentWhole()
    {
        var plan = Plan("from,to,share\nA,X,\nB,Y,0.5\n");
        Assert.Equal(new TreeLink("A", "X", 1m, false), Link(plan.Mapping!, "A", "X"));
        AssertSummary(new MappingSummary(2, 1, 1, 0, [], 2), plan.Summary);
        Assert.Equal(["C", "D"], plan.Mapping!.UnmappedLeaves);
    }

    [Fact]
    public void FullIsAShareOfOneAndALonePartialLinkIsAnEstimatedWhole()
    {
        var mapping = Mapping("from,to,link\nA,X,full\nB,Y,Partial\nC,Y,partial\nC,Z,partial\nD,Z,FULL\n");
        Assert.Equal(new TreeLink("A", "X", 1m, false), Link(mapping, "A", "X"));
        Assert.Equal(new TreeLink("B", "Y", 1m, true), Link(mapping, "B", "Y"));
        Assert.Equal(new TreeLink("C", "Z", 0.5m, true), Link(mapping, "C", "Z"));
        AssertSummary(new MappingSummary(5, 2, 3, 3, [], 0), Plan("from,to,link\nA,X,full\nB,Y,Partial\nC,Y,partial\nC,Z,partial\nD,Z,FULL\n").Summary);
    }

    [Theory]
    [InlineData("from,to,share\nA,X,0.7\nA,Y,0.4\n", "1.1")]
    [InlineData("from,to,link\nA,X,full\nA,Y,full\n", "2")]
    [InlineData("from,to,share\nA,X,0.5\nA,Y,0.5000000011\n", "1.0000000011")]
    public void SharesOfOneOldLeafSummingAboveOneAreRefusedNamingTheLeaf(string csv, string sum)
    {
        var plan = Plan(csv + "B,Y,1\n");
        var error = Assert.Single(plan.Errors);
        Assert.Equal(("A", "shares_above_one"), (error.Field, error.Code));
        Assert.Equal("A", error.Args!["leaf"].Name);
        Assert.Equal(decimal.Parse(sum, System.Globalization.CultureInfo.InvariantCulture), error.Args["sum"].Number);
        Assert.Contains("'A'", error.Message);
        Assert.False(plan.IsValid);
        Assert.Null(plan.Mapping);
    }

    [Fact]
    public void SharesMayMissOneByRoundingWithinTheTolerance()
    {
        Assert.True(Plan("from,to,share\nA,X,0.3333333334\nA,Y,0.3333333334\nA,Z,0.3333333334\n").IsValid);
        Assert.True(Plan("from,to,share\nA,X,0.333333333\nA,Y,0.333333333\nA,Z,0.333333333\n").IsValid);
    }

    [Theory]
    [InlineData("from,to,share\nA,X,1\nA,Y,\n")]
    [InlineData("from,to,share\nA,X,0.9999999995\nA,Y,\n")]
    [InlineData("from,to,link\nA,X,full\nA,Y,partial\n")]
    public void GivenSharesThatLeaveNothingForTheOtherLinksAreRefused(string csv)
    {
        var error = Assert.Single(Plan(csv).Errors);
        Assert.Equal(("A", "shares_above_one"), (error.Field, error.Code));
    }

    [Theory]
    [InlineData("from,to,share\nA,X,0\n", "share", "invalid_share")]
    [InlineData("from,to,share\nA,X,1.5\n", "share", "invalid_share")]
    [InlineData("from,to,share\nA,X,-0.5\n", "share", "invalid_share")]
    [InlineData("from,to,share\nA,X,một nửa\n", "share", "invalid_share")]
    [InlineData("from,to,share\nA,X,0.5.5\n", "share", "invalid_share")]
    [InlineData("from,to,link\nA,X,half\n", "link", "invalid_link")]
    [InlineData("from,to,link\nA/1,X,full\n", "from", "invalid_code")]
    [InlineData("from,to,link\nA,,full\n", "to", "invalid_code")]
    [InlineData("from,to,link\nA,X,full\nB,Y,full\nA,X,partial\n", "to", "repeated_link")]
    [InlineData("from,to\nA,X\n", "share", "missing_column")]
    [InlineData("from,share\nA,1\n", "to", "missing_column")]
    [InlineData("from,to,share,weight\nA,X,1,2\n", "weight", "unknown_column")]
    public void AnUnreadableRowIsAConflictAndNothingIsStored(string csv, string column, string code)
    {
        var plan = Plan(csv);
        var conflict = Assert.Single(plan.Conflicts);
        Assert.Equal((column, code), (conflict.Column, conflict.Code));
        Assert.Null(plan.Mapping);
    }

    [Fact]
    public void CodesThatAreNotLeavesOfTheirTreeAreListedAndTheirLinksDropped()
    {
        var plan = Plan("from,to,share\nA,X,0.5\nA,W,0.5\nB,Y,\nQ,Y,\nC,Z,\nC,V,\n");
        Assert.True(plan.IsValid);
        AssertSummary(new MappingSummary(3, 1, 2, 1, ["Q", "V", "W"], 1), plan.Summary);
        Assert.Equal(new TreeLink("A", "X", 0.5m, false), Link(plan.Mapping!, "A", "X"));
        Assert.Equal(new TreeLink("C", "Z", 0.5m, true), Link(plan.Mapping!, "C", "Z")); // C's other half went to a code the tree does not have
        Assert.Equal(["D"], plan.Mapping!.UnmappedLeaves);
    }

    [Fact]
    public void BothColumnsMayBeGivenAndAShareWinsOverALink()
    {
        var mapping = Mapping("from,to,link,share\nA,X,partial,0.3\nA,Y,partial,\nB,Y,full,\n");
        Assert.Equal(new TreeLink("A", "X", 0.3m, false), Link(mapping, "A", "X"));
        Assert.Equal(new TreeLink("A", "Y", 0.7m, true), Link(mapping, "A", "Y"));
        Assert.Equal(new TreeLink("B", "Y", 1m, false), Link(mapping, "B", "Y"));
    }
}
