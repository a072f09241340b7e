using Aggregation.Domain.Rollup;
using Aggregation.Domain.Rules;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests;

public class IndicatorValueTests
{
    [Fact]
    public void PovertyRateIsRatioOfSums()
    {
        var value = Evaluate("poverty_rate",
            Leaf(Report(("households", 1000m), ("poor_households", 10m))),
            Leaf(Report(("households", 3000m), ("poor_households", 90m))));
        Assert.Equal(2.5m, value.Value);
        Assert.Equal((100m, 4000m, 2), (value.Numerator, value.Denominator, value.Contributors));
    }

    [Fact]
    public void SectorShareIsRatioOfSums() =>
        Assert.Equal(25m, Evaluate("share_agriculture",
            Leaf(Report(("income_total", 100m), ("income_agriculture", 40m))),
            Leaf(Report(("income_total", 300m), ("income_agriculture", 60m)))).Value);

    [Fact]
    public void GrowthUsesOnlyLeavesThatReportedBothPeriods()
    {
        var both = Leaf(Report(("income_total", 110m)), Report(("income_total", 100m)));
        var currentOnly = Leaf(Report(("income_total", 500m)));
        var previousOnly = Leaf(Report(("population", 10m)), Report(("income_total", 300m)));
        var growth = Evaluate("growth_rate", both, currentOnly, previousOnly);
        Assert.Equal(10m, growth.Value);
        Assert.Equal((110m, 100m, 1), (growth.Numerator, growth.Denominator, growth.Contributors));
        Assert.Equal((610m, 2), (Evaluate("social_income", both, currentOnly, previousOnly).Value, Evaluate("social_income", both, currentOnly).Contributors));
    }

    [Fact]
    public void LeafMissingAnInputDoesNotContribute()
    {
        var value = Evaluate("cultural_family_rate",
            Leaf(Report(("households", 200m), ("cultural_households", 190m))),
            Leaf(Report(("households", 800m))));
        Assert.Equal(95m, value.Value);
        Assert.Equal(1, value.Contributors);
    }

    [Fact]
    public void DivisionByZeroIsNullWithReason()
    {
        var value = Evaluate("poverty_rate", Leaf(Report(("households", 0m), ("poor_households", 0m))));
        Assert.Null(value.Value);
        Assert.Equal(1, value.Contributors);
        Assert.Equal(new Note(NoteCodes.ZeroDenominator, Note.NoArgs, "the denominator is zero"), value.Reason);
    }

    [Fact]
    public void NoContributorsIsNullWithReason()
    {
        var value = Evaluate("growth_rate", Leaf(Report(("income_total", 100m))));
        Assert.Null(value.Value);
        Assert.Equal(0, value.Contributors);
        Assert.Equal(NoteCodes.NoContributor, value.Reason!.Code);
        Assert.Equal(["income_total", "income_total[-1]"], value.Reason.Args["inputs"].Names);
        Assert.Equal("no contributing leaf: none reported all of income_total, income_total of the same period last year", value.Reason.Message);
    }

    [Fact]
    public void NtmCriteriaAverageAndStandardShareCountContributingLeaves()
    {
        Contribution[] leaves =
        [
            Leaf(Report(("ntm_criteria_met", 19m))), Leaf(Report(("ntm_criteria_met", 15m))),
            Leaf(Report(("ntm_criteria_met", 17m))), Leaf(Report(("ntm_criteria_met", 19m))),
            Leaf(Report(("population", 5000m))),
        ];
        var average = Evaluate("ntm_criteria_avg", leaves);
        Assert.Equal((17.5m, 4), (average.Value, average.Contributors));
        var share = Evaluate("ntm_standard_share", leaves);
        Assert.Equal((50m, 2m, 4m, 4), (share.Value, share.Numerator, share.Denominator, share.Contributors));
    }

    [Fact]
    public void NaturalGrowthRateCanBeNegative() =>
        Assert.Equal(-1m, Evaluate("natural_growth_rate",
            Leaf(Report(("births_boys", 5m), ("births_girls", 5m), ("deaths", 30m), ("population", 2000m)))).Value);

    [Fact]
    public void IncomePerCapitaScalesBillionsToMillionsPerPerson() =>
        Assert.Equal(81m, Evaluate("income_per_capita",
            Leaf(Report(("income_total", 500m), ("population", 6000m))),
            Leaf(Report(("income_total", 391m), ("population", 5000m)))).Value);

    [Fact]
    public void SocialIncomeIsPlainSumWithoutDenominator()
    {
        var value = Evaluate("social_income", Leaf(Report(("income_total", 400.5m))), Leaf(Report(("income_total", 490.5m))));
        Assert.Equal((891m, (decimal?)null, 2), (value.Value, value.Denominator, value.Contributors));
    }

    [Fact]
    public void LeafCountsItselfAndItsFlag()
    {
        var sum = Contribution.Sum([Leaf(Report(("population", 1m)), flagged: true), Leaf(Report(("population", 2m)))]);
        Assert.Equal((2, 1), (sum.ReportingLeaves, sum.FlaggedLeaves));
        Assert.Equal(new ElementTotal(3m, 2), sum.Elements["population"]);
    }

    [Fact]
    public void LeafWithoutCurrentReportContributesNothing() =>
        Assert.True(LeafContribution.Compute(DefaultCatalog, null, Report(("population", 1m))).IsEmpty);
}
