using Aggregation.Domain.Trees;

namespace Aggregation.Domain.Tests.Trees;

public class TreeMappingTests
{
    // 2023: A and B merge into P; C splits into P (given 0.4) and Q (the rest, estimated); D is not mapped.
    private static readonly TreeMapping First = new("2023", "2025-03",
        [new("A", "P", 1m, false), new("B", "P", 1m, false), new("C", "P", 0.4m, false), new("C", "Q", 0.6m, true)], ["D"]);

    // 2025-03: P splits half and half into X and Y; Q goes whole into Y.
    private static readonly TreeMapping Second = new("2025-03", "2025-07",
        [new("P", "X", 0.5m, false), new("P", "Y", 0.5m, false), new("Q", "Y", 1m, false)], []);

    [Fact]
    public void LineageIsOneStepEachWay()
    {
        Assert.Equal(["A", "B", "C"], First.Predecessors("P").Select(l => l.From));
        Assert.Equal(["P", "Q"], First.Successors("C").Select(l => l.To));
        Assert.Empty(First.Successors("D"));
        Assert.Empty(First.Predecessors("Z"));
        Assert.Equal(["P", "Q"], First.NewLeaves.Order());
        Assert.Equal(["A", "B", "C", "D"], First.OldLeaves.Order());
    }

    [Fact]
    public void MappingsComposeByMultiplyingSharesAlongEachWay()
    {
        var composed = First.Then(Second);
        Assert.Equal(("2023", "2025-07"), (composed.FromTree, composed.ToTree));
        Assert.Equal(
        [
            new TreeLink("A", "X", 0.5m, false),
            new TreeLink("A", "Y", 0.5m, false),
            new TreeLink("B", "X", 0.5m, false),
            new TreeLink("B", "Y", 0.5m, false),
            new TreeLink("C", "X", 0.2m, false),
            new TreeLink("C", "Y", 0.8m, true), // 0.4 × 0.5 through P and 0.6 × 1 through Q, the latter estimated
        ], composed.Links.OrderBy(l => l.From).ThenBy(l => l.To));
        Assert.Equal(["D"], composed.UnmappedLeaves);
    }

    [Fact]
    public void AnOldLeafWhoseWaysAllEndUnmappedIsUnmapped()
    {
        var partial = new TreeMapping("2025-03", "2025-07", [new("Q", "Y", 1m, false)], ["P"]);
        var composed = First.Then(partial);
        Assert.Equal(["A", "B", "D"], composed.UnmappedLeaves);
        Assert.Equal(new TreeLink("C", "Y", 0.6m, true), Assert.Single(composed.Links)); // C's part in P is lost with P
    }

    [Fact]
    public void OnlyTheNextTreesMappingFollows() =>
        Assert.Throws<ArgumentException>(() => Second.Then(First));

    [Theory]
    [InlineData(0)]
    [InlineData(-0.5)]
    [InlineData(1.01)]
    public void AShareIsAboveZeroAndAtMostOne(double share) =>
        Assert.Throws<ArgumentException>(() => new TreeMapping("a", "b", [new("A", "X", (decimal)share, false)], []));

    [Fact]
    public void TwoLinksBetweenTheSameLeavesAreRefused() =>
        Assert.Throws<ArgumentException>(() => new TreeMapping("a", "b", [new("A", "X", 0.5m, false), new("A", "X", 0.5m, false)], []));

    [Fact]
    public void AnUnmappedLeafHasNoLinks() =>
        Assert.Throws<ArgumentException>(() => new TreeMapping("a", "b", [new("A", "X", 1m, false)], ["A"]));
}
