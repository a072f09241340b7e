using Aggregation.Domain.Trees;

namespace Aggregation.Domain.Tests.Trees;

/// <summary>The mapping by persisting codes (SPEC section 8), on the real lists of 2023-04 and 2025-03.</summary>
public class MappingByCodeTests
{
    private static readonly Lazy<MappingPlan> From2023 = new(() => MappingFile.ByCode("2023-04", "2025-03",
        VnUnits.Leaves(VnUnits.Units2023), VnUnits.Leaves(VnUnits.Units2025March)));

    private static readonly Lazy<TreeMapping> From2025 = new(() => MappingFile.Plan(VnUnits.Records(VnUnits.Mapping2025), "2025-03", "2025-07",
        VnUnits.Leaves(VnUnits.Units2025March), VnUnits.Leaves(VnUnits.Units2025July)).Mapping!);

    [Fact]
    public void ACodeThatPersistsIsTheSameLeafTakenWhole()
    {
        var plan = MappingFile.ByCode("old", "new", new HashSet<string> { "A", "B", "C" }, new HashSet<string> { "B", "C", "D" });

        Assert.True(plan.IsValid);
        Assert.Equal((2, 2, 0, 0, 1), (plan.Summary.Links, plan.Summary.Full, plan.Summary.Partial, plan.Summary.Estimated, plan.Summary.UnmappedLeaves));
        Assert.Empty(plan.Summary.UnknownCodes);
        Assert.Equal([new TreeLink("B", "B", 1m, false), new TreeLink("C", "C", 1m, false)], plan.Mapping!.Links);
        Assert.Equal(["A"], plan.Mapping.UnmappedLeaves);
        Assert.Empty(plan.Mapping.Predecessors("D"));
    }

    [Fact]
    public void TenThousandThirtySevenLeavesOf2023PersistInto2025AndTheMergedOnesAreUnmapped()
    {
        var plan = From2023.Value;

        // 10,598 communes and five island districts without communes in 2023; 566 communes merged by March 2025.
        Assert.Equal(10_603, VnUnits.Leaves(VnUnits.Units2023).Count);
        Assert.Equal((10_037, 10_037, 0, 0, 566), (plan.Summary.Links, plan.Summary.Full, plan.Summary.Partial, plan.Summary.Estimated, plan.Summary.UnmappedLeaves));
        Assert.Equal(566, plan.Mapping!.UnmappedLeaves.Count);
        Assert.All(plan.Mapping.Links, l => Assert.Equal((l.From, 1m, false), (l.To, l.Share, l.Estimated)));
        Assert.DoesNotContain(plan.Mapping.UnmappedLeaves, VnUnits.Leaves(VnUnits.Units2025March).Contains);
    }

    [Fact]
    public void BinhGiangOf2025GetsItsFivePredecessorsOf2023ThroughTheComposedMapping()
    {
        var composed = From2023.Value.Mapping!.Then(From2025.Value);

        Assert.Equal(("2023-04", "2025-07"), (composed.FromTree, composed.ToTree));
        Assert.Equal(
        [
            new TreeLink("10960", "10966", 0.5m, true), // Vĩnh Hồng, split with Kẻ Sặt: an estimated half
            new TreeLink("10963", "10966", 1m, false), // Long Xuyên
            new TreeLink("10966", "10966", 1m, false), // Tân Việt
            new TreeLink("10978", "10966", 1m, false), // Hồng Khê
            new TreeLink("10984", "10966", 1m, false), // Cổ Bì
        ], composed.Predecessors("10966").OrderBy(l => l.From));
        // Every 2023 leaf that persisted reaches 2025-07; the merged ones stay unmapped, never guessed.
        Assert.Equal(566, composed.UnmappedLeaves.Count);
        Assert.Equal(10_037, composed.Links.Select(l => l.From).Distinct().Count());
    }
}
