using Aggregation.Domain.Scenarios;

namespace Aggregation.Domain.Tests;

/// <summary>Which leaves an override aimed at a whole unit works on, and where goal seek searches a lever.</summary>
public class OverrideApplicabilityTests
{
    private static readonly Dictionary<string, decimal> Reported = new() { ["households"] = 1000, ["poor_households"] = 20 };
    private static readonly Dictionary<string, decimal> LastYear = new() { ["income_total"] = 800 };

    [Theory]
    [InlineData(OverrideKind.Set, "income_total", true)]
    [InlineData(OverrideKind.Scale, "poor_households", true)]
    [InlineData(OverrideKind.Scale, "income_total", false)]
    [InlineData(OverrideKind.Delta, "households", true)]
    [InlineData(OverrideKind.Delta, "deaths", false)]
    [InlineData(OverrideKind.Growth, "income_total", true)]
    [InlineData(OverrideKind.Growth, "households", false)]
    public void AnOverrideAppliesWhereItHasAValueToWorkOn(OverrideKind kind, string element, bool applies) =>
        Assert.Equal(applies, new ElementOverride(element, kind, 1m).AppliesTo(Reported, LastYear));

    [Fact]
    public void ALeafThatHasNotReportedTakesOnlyASet()
    {
        Assert.True(new ElementOverride("households", OverrideKind.Set, 5m).AppliesTo(null, null));
        Assert.False(new ElementOverride("households", OverrideKind.Scale, 1.1m).AppliesTo(null, null));
        Assert.False(new ElementOverride("households", OverrideKind.Growth, 3m).AppliesTo(Reported, null));
    }

    [Fact]
    public void GoalSeekSearchesGrowthFromMinus100To300PercentAndScaleFrom0To10Times()
    {
        Assert.Equal((-100m, 300m), GoalSeek.Bounds(OverrideKind.Growth));
        Assert.Equal((0m, 10m), GoalSeek.Bounds(OverrideKind.Scale));
    }
}
