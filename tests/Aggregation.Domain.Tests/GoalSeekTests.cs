using Aggregation.Domain.Rollup;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Scenarios;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests;

public class GoalSeekTests
{
    private const decimal Tolerance = 0.000001m;

    [Fact]
    public void LinearFunctionLandsWithinTolerance()
    {
        var r = GoalSeek.Solve(x => 2 * x + 1, 10m, 0m, 10m, Tolerance);

        Assert.True(r.Reachable);
        Assert.True(r.Monotone);
        Assert.InRange(r.Value!.Value, 10m - Tolerance, 10m + Tolerance);
        Assert.InRange(r.X!.Value, 4.499999m, 4.500001m);
        Assert.InRange(r.Iterations, 1, 100);
    }

    [Theory]
    [InlineData(30, 1, 10)]
    [InlineData(11, 1, 10)]
    public void DecreasingNonlinearFunctionLandsWithinTolerance(int target, int low, int high)
    {
        var r = GoalSeek.Solve(x => 100m / x, target, low, high, Tolerance);

        Assert.True(r.Reachable);
        Assert.True(r.Monotone);
        Assert.InRange(r.Value!.Value, target - Tolerance, target + Tolerance);
        Assert.InRange(r.X!.Value, 100m / target - 0.00001m, 100m / target + 0.00001m);
    }

    [Fact]
    public void IncreasingNonlinearFunctionLandsWithinTolerance()
    {
        var r = GoalSeek.Solve(x => x * x * x, 20m, 0m, 5m, Tolerance);
        Assert.True(r.Reachable);
        Assert.InRange(r.Value!.Value, 20m - Tolerance, 20m + Tolerance);
    }

    [Fact]
    public void UnreachableTargetReportsTheBestValue()
    {
        var r = GoalSeek.Solve(x => x, 5m, 0m, 1m, Tolerance);

        Assert.False(r.Reachable);
        Assert.Equal(1m, r.X);
        Assert.Equal(1m, r.Value);
        Assert.Equal(NoteCodes.TargetNotCrossed, r.Reason?.Code);
    }

    [Fact]
    public void NonMonotoneFunctionSaysSoAndFindsTheLowestCrossing()
    {
        var r = GoalSeek.Solve(x => (x - 5) * (x - 5), 4.5m, 0m, 10m, Tolerance);

        Assert.False(r.Monotone);
        Assert.True(r.Reachable);
        Assert.InRange(r.Value!.Value, 4.5m - Tolerance, 4.5m + Tolerance);
        Assert.InRange(r.X!.Value, 2.8786m, 2.8788m);
        Assert.Equal(NoteCodes.NotMonotone, r.Reason?.Code);
    }

    [Fact]
    public void UndefinedValuesNeverReachTheTarget()
    {
        var partly = GoalSeek.Solve(x => x < 3 ? null : x, 7m, 0m, 10m, Tolerance);
        Assert.True(partly.Reachable);
        Assert.InRange(partly.X!.Value, 7m - Tolerance, 7m + Tolerance);

        var never = GoalSeek.Solve(_ => null, 7m, 0m, 10m, Tolerance);
        Assert.False(never.Reachable);
        Assert.Null(never.X);
        Assert.Null(never.Value);
        Assert.Equal(NoteCodes.UndefinedOverRange, never.Reason?.Code);
    }

    [Fact]
    public void AJumpAcrossTheTargetIsUnreachable()
    {
        var r = GoalSeek.Solve(x => x < 2.5m ? 0m : 10m, 5m, 0m, 10m, 0.1m);

        Assert.False(r.Reachable);
        Assert.True(r.Monotone);
        Assert.InRange(r.X!.Value, 2.49m, 2.51m);
        Assert.Equal(GoalSeek.JumpsAcrossTarget, r.Reason);
        Assert.Equal(NoteCodes.JumpsAcrossTarget, r.Reason!.Code);
    }

    [Fact]
    public void AnEmptyRangeIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GoalSeek.Solve(x => x, 1m, 2m, 1m, Tolerance));

    [Fact]
    public void UniformScaleOnPoorHouseholdsBringsDistrictPovertyTo088Percent()
    {
        var communes = new[] { (2000m, 40m), (1500m, 30m), (3000m, 24m), (1200m, 36m), (2300m, 18m) }
            .Select(c => Report(("households", c.Item1), ("poor_households", c.Item2))).ToArray();
        var live = communes.Select(c => LeafContribution.Compute(DefaultCatalog, c, null)).ToArray();
        var baseline = Contribution.Sum(live);
        Assert.Equal(1.48m, Evaluate("poverty_rate", live).Value);

        decimal? PovertyRateAt(decimal factor)
        {
            var changes = communes.Select((c, i) => (live[i], ScenarioLeaf
                .Apply(DefaultCatalog, c, null, [new ElementOverride("poor_households", OverrideKind.Scale, factor)])
                .ToContribution(DefaultCatalog, null)));
            return IndicatorValue.Evaluate(Indicator("poverty_rate"), ScenarioMath.Adjust(baseline, changes).IndicatorOrZero("poverty_rate")).Value;
        }

        var r = GoalSeek.Solve(PovertyRateAt, 0.88m, 0m, 2m, 0.001m);

        Assert.True(r.Reachable);
        Assert.True(r.Monotone);
        Assert.InRange(r.Value!.Value, 0.879m, 0.881m);
        Assert.InRange(r.X!.Value, 0.88m / 1.48m - 0.001m, 0.88m / 1.48m + 0.001m);
    }
}
