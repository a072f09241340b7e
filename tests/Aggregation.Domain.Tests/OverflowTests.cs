using Aggregation.Domain.Catalog;
using Aggregation.Domain.Plans;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Scenarios;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests;

/// <summary>Accepted data never makes a computation throw: what a decimal cannot hold is null with a reason.</summary>
public class OverflowTests
{
    private const decimal Tiny = 0.000001m;

    [Fact]
    public void ProgressAgainstATinyTargetIsNullWithAReasonNotAnOverflow()
    {
        var value = Evaluate("budget_vs_plan", Leaf(Report(("budget_revenue", 1e15m), ("budget_revenue_plan", Tiny))));
        Assert.Equal(1e23m, value.Value);

        var attainment = Attainment.Evaluate(Indicator("budget_vs_plan"), new Target(Comparator.AtLeast, Tiny), value.Value);

        Assert.True(attainment.Attained);
        Assert.Null(attainment.Progress);
        Assert.Equal(NoteCodes.ProgressOverflow, attainment.Reason!.Code);
        Assert.StartsWith("progress is out of range", attainment.Reason.Message);
    }

    [Fact]
    public void IndicatorValueBeyondDecimalRangeIsNull()
    {
        var value = IndicatorValue.Evaluate(Indicator("income_per_capita"), new Components(decimal.MaxValue / 10, Tiny, 3));

        Assert.Null(value.Value);
        Assert.Equal((decimal.MaxValue / 10, Tiny, 3), (value.Numerator, value.Denominator, value.Contributors));
        Assert.Equal(NoteCodes.ValueOverflow, value.Reason!.Code);
        Assert.StartsWith("the value is out of range", value.Reason.Message);
    }

    [Fact]
    public void ProgressWithinRangeHasNoReason() =>
        Assert.Equal(new Attainment(true, 125m), Attainment.Evaluate(Indicator("budget_vs_plan"), new Target(Comparator.AtLeast, 80m), 100m));

    [Fact]
    public void EqualTargetFarFromAnExtremeValueIsNotAttained() =>
        Assert.False(Attainment.Evaluate(Indicator("natural_growth_rate"), new Target(Comparator.Equal, 1e15m), decimal.MinValue).Attained);

    [Fact]
    public void SectorGrowthOfMinus100PercentLeavesImpliedGrowthUndefined()
    {
        var (targets, errors) = PlanRules.Build(DefaultCatalog, new Dictionary<string, TargetInput>
        {
            ["share_agriculture"] = new(null, 8.3m), ["share_industry"] = new(null, 35.7m), ["share_services"] = new(null, 56m),
            ["growth_agriculture"] = new(null, -100m), ["growth_industry"] = new(null, 13m), ["growth_services"] = new(null, 15m),
            ["growth_rate"] = new(null, 11m),
        });
        Assert.Empty(errors);

        var warning = Assert.Single(PlanRules.CheckConsistency(targets));

        Assert.Equal("implied_growth_undefined", warning.Code);
        Assert.Equal("the total growth these targets imply cannot be checked: growth_agriculture of -100 % leaves nothing of last year's sector " +
            "to grow from, yet share_agriculture is 8.3 %", warning.Message);
    }

    [Theory]
    [InlineData(79228162514264337593543950335.0)]
    [InlineData(-79228162514264337593543950335.0)]
    public void GoalSeekForAnExtremeTargetIsUnreachableNotAnOverflow(double target)
    {
        var extreme = target > 0 ? decimal.MaxValue : decimal.MinValue;

        var r = GoalSeek.Solve(x => -5m * x + 3m, extreme, -10m, 10m, 0.0001m);

        Assert.False(r.Reachable);
        Assert.Equal(target > 0 ? -10m : 10m, r.X);
    }

    [Fact]
    public void GoalSeekOverTheWholeDecimalRangeSamplesWithoutOverflow()
    {
        var r = GoalSeek.Solve(x => x, 5m, decimal.MinValue, decimal.MaxValue, 0.0001m);

        Assert.True(r.Monotone);
        Assert.InRange(r.Value!.Value, 4m, 6m);
    }

    [Fact]
    public void ScenarioChangeBeyondDecimalRangeIsNullWithAReason()
    {
        var (delta, reason) = ScenarioMath.Change(new IndicatorValue(decimal.MinValue, 0m, 1m, 1, null), new IndicatorValue(decimal.MaxValue, 0m, 1m, 1, null));

        Assert.Null(delta);
        Assert.Equal(NoteCodes.ChangeOverflow, reason!.Code);
        Assert.StartsWith("the change is out of range", reason.Message);
    }

    [Fact]
    public void ScenarioChangeIsScenarioMinusBaselineWithTheScenariosReason()
    {
        Assert.Equal((-0.5m, null), ScenarioMath.Change(new IndicatorValue(2m, 2m, 100m, 1, null), new IndicatorValue(1.5m, 1.5m, 100m, 1, null)));
        Assert.Equal((null, IndicatorValue.ZeroDenominator),
            ScenarioMath.Change(new IndicatorValue(2m, 2m, 100m, 1, null), new IndicatorValue(null, 1m, 0m, 1, IndicatorValue.ZeroDenominator)));
    }
}
