using Aggregation.Domain.Rollup;
using CsCheck;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests;

public class ContributionGroupTests
{
    [Fact]
    public void SubtractingItselfLeavesEmpty() =>
        Generators.Contribution.Sample(c => Assert.Equal(Contribution.Empty, c.Subtract(c)));

    [Fact]
    public void SubtractUndoesCombine() =>
        Gen.Select(Generators.Contribution, Generators.Contribution)
            .Sample((a, b) => Assert.Equal(a, a.Combine(b).Subtract(b)));

    [Fact]
    public void CombineUndoesSubtract() =>
        Gen.Select(Generators.Contribution, Generators.Contribution)
            .Sample((a, b) => Assert.Equal(a, a.Subtract(b).Combine(b)));

    [Fact]
    public void NegatingTwiceIsIdentity() =>
        Generators.Contribution.Sample(c => Assert.Equal(c, c.Negate().Negate()));

    [Fact]
    public void ADeltaWithNoNetContributorsStillMovesTheSums()
    {
        var before = Leaf(Report(("households", 100m), ("poor_households", 4m)));
        var after = Leaf(Report(("households", 100m), ("poor_households", 1m)));
        var baseline = Contribution.Sum([before, Leaf(Report(("households", 300m), ("poor_households", 3m)))]);

        var delta = after.Subtract(before);

        Assert.Equal(-3m, delta.IndicatorOrZero("poverty_rate").Numerator);
        Assert.Equal(0, delta.IndicatorOrZero("poverty_rate").Contributors);
        Assert.Equal(1m, IndicatorValue.Evaluate(Indicator("poverty_rate"), baseline.Combine(delta).IndicatorOrZero("poverty_rate")).Value);
    }
}

public class ApprovedLeavesTests
{
    [Fact]
    public void ApprovalChangesOnlyTheApprovedCount()
    {
        var report = Report(("households", 100m), ("poor_households", 4m));
        var open = LeafContribution.Compute(DefaultCatalog, report, null);
        var approved = LeafContribution.Compute(DefaultCatalog, report, null, approved: true);
        Assert.Equal((0, 1), (open.ApprovedLeaves, approved.ApprovedLeaves));
        Assert.NotEqual(open, approved);
        var total = Contribution.Sum([open, approved]);
        Assert.Equal((2, 1), (total.ReportingLeaves, total.ApprovedLeaves));
        Assert.Equal(2, total.Replace(open, approved).ApprovedLeaves);
        Assert.Equal(0, total.Subtract(approved).ApprovedLeaves);
        Assert.Equal(open.Elements, approved.Elements);
        Assert.True(LeafContribution.Compute(DefaultCatalog, null, null, approved: true).IsEmpty);
    }
}
