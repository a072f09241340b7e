using Aggregation.Domain.Catalog;
using Aggregation.Domain.Plans;
using Aggregation.Domain.Rules;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests;

public class PlanRulesTests
{
    private static IReadOnlyDictionary<string, Target> Plan(decimal growthRate, decimal agricultureShare = 8.3m)
    {
        var input = new Dictionary<string, TargetInput>
        {
            ["share_agriculture"] = new(null, agricultureShare),
            ["share_industry"] = new(null, 35.7m),
            ["share_services"] = new(null, 56m),
            ["growth_agriculture"] = new(null, 1m),
            ["growth_industry"] = new(null, 13m),
            ["growth_services"] = new(null, 15m),
            ["growth_rate"] = new(null, growthRate),
        };
        var (targets, errors) = PlanRules.Build(DefaultCatalog, input);
        Assert.Empty(errors);
        return targets;
    }

    [Fact]
    public void SeedPlanImpliesAbout13PercentGrowthNot11()
    {
        var warning = Assert.Single(PlanRules.CheckConsistency(Plan(11m)));
        Assert.Equal("implied_growth", warning.Code);
        Assert.Contains("growth_rate", warning.Indicators);
        Assert.Contains("about 13.0 %", warning.Message);
        Assert.Contains("not the stated 11 %", warning.Message);
    }

    [Fact]
    public void AnImportedValueKeepsItsStoredComparatorAndATargetWithoutOneStays()
    {
        var stored = new Dictionary<string, TargetInput> { ["poverty_rate"] = new("<", 3m), ["social_income"] = new(">=", 900m) };

        var (merged, errors) = PlanRules.Merge(DefaultCatalog, stored, new Dictionary<string, decimal> { ["poverty_rate"] = 2.5m, ["growth_rate"] = 7m });

        Assert.Empty(errors);
        Assert.Equal(new Target(Comparator.Less, 2.5m), merged["poverty_rate"]);
        Assert.Equal(new Target(Comparator.AtLeast, 900m), merged["social_income"]);
        Assert.Equal(new Target(DefaultCatalog.FindIndicator("growth_rate")!.DefaultComparator, 7m), merged["growth_rate"]);
        // A refused value refuses the merge; the stored targets are the caller's to keep.
        var (_, refused) = PlanRules.Merge(DefaultCatalog, stored, new Dictionary<string, decimal> { ["poverty_rate"] = -1m });
        Assert.Equal(("poverty_rate", RefusalCodes.Negative), (Assert.Single(refused).Field, refused[0].Code));
    }

    [Fact]
    public void ConsistentPlanHasNoWarnings() => Assert.Empty(PlanRules.CheckConsistency(Plan(13m)));

    [Fact]
    public void SharesNotAddingTo100Warn()
    {
        var warning = Assert.Single(PlanRules.CheckConsistency(Plan(13m, agricultureShare: 10m)));
        Assert.Equal("shares_sum", warning.Code);
        Assert.Contains("101.7 %", warning.Message);
    }

    [Fact]
    public void IncompletePlanIsNotChecked()
    {
        var targets = Plan(11m).Where(t => t.Key != "growth_services").ToDictionary();
        Assert.Empty(PlanRules.CheckConsistency(targets));
    }

    [Fact]
    public void BareNumbersTakeTheDefaultComparator()
    {
        var (targets, _) = PlanRules.Build(DefaultCatalog, new Dictionary<string, TargetInput>
        {
            ["social_income"] = new(null, 891m),
            ["poverty_rate"] = new(null, 0.88m),
            ["share_services"] = new(null, 56m),
        });
        Assert.Equal(new Target(Comparator.AtLeast, 891m), targets["social_income"]);
        Assert.Equal(new Target(Comparator.AtMost, 0.88m), targets["poverty_rate"]);
        Assert.Equal(new Target(Comparator.Info, 56m), targets["share_services"]);
    }

    [Theory]
    [InlineData(">=", Comparator.AtLeast)]
    [InlineData(">", Comparator.Greater)]
    [InlineData("<=", Comparator.AtMost)]
    [InlineData("<", Comparator.Less)]
    [InlineData("=", Comparator.Equal)]
    [InlineData("info", Comparator.Info)]
    public void ExplicitComparatorsAreKept(string text, Comparator comparator) =>
        Assert.Equal(comparator, PlanRules.Build(DefaultCatalog, new Dictionary<string, TargetInput> { ["poverty_rate"] = new(text, 1m) }).Targets["poverty_rate"].Comparator);

    [Fact]
    public void BuildRejectsUnknownIndicatorsBadComparatorsAndHugeTargets()
    {
        var (targets, errors) = PlanRules.Build(DefaultCatalog, new Dictionary<string, TargetInput>
        {
            ["gdp"] = new(null, 1m),
            ["poverty_rate"] = new("=>", 1m),
            ["social_income"] = new(">=", 2e15m),
            ["growth_rate"] = new(">", 11m),
        });
        Assert.Equal(["gdp", "poverty_rate", "social_income"], errors.ByField().Keys.Order());
        Assert.Equal(["unknown_indicator", "invalid_comparator", "out_of_range"], errors.OrderBy(e => e.Field).Select(e => e.Code));
        Assert.Equal(new Target(Comparator.Greater, 11m), Assert.Single(targets).Value);
    }

    [Theory]
    [InlineData("poverty_rate", -5)]
    [InlineData("share_agriculture", -0.1)]
    [InlineData("income_per_capita", -80)]
    [InlineData("ntm_criteria_avg", -1)]
    [InlineData("social_income", -891)]
    public void TargetsBelowZeroAreRefusedWhereTheIndicatorCannotBeNegative(string indicator, double target)
    {
        var (targets, errors) = PlanRules.Build(DefaultCatalog, new Dictionary<string, TargetInput> { [indicator] = new(null, (decimal)target) });

        Assert.Empty(targets);
        Assert.Equal([$"must not be negative: {indicator} is never below 0"], errors.ByField()[indicator]);
        Assert.Equal("negative", Assert.Single(errors).Code);
    }

    [Fact]
    public void GrowthBelowMinus100PercentIsRefusedButMinus100AndNegativeNaturalGrowthAreTargets()
    {
        var (targets, errors) = PlanRules.Build(DefaultCatalog, new Dictionary<string, TargetInput>
        {
            ["growth_agriculture"] = new(null, -100.5m),
            ["growth_industry"] = new(null, -100m),
            ["natural_growth_rate"] = new(null, -0.3m),
        });

        Assert.Equal(["growth_agriculture"], errors.ByField().Keys);
        Assert.StartsWith("must be at least -100:", errors[0].Message);
        Assert.Equal("below_minimum", errors[0].Code);
        Assert.Equal(["growth_industry", "natural_growth_rate"], targets.Keys.Order());
    }
}
