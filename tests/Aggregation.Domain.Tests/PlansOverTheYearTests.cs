using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Plans;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Rules;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests;

/// <summary>Plans are annual: cumulative indicators show their progress of the year before it is whole, rates are judged as for the year.</summary>
public class PlansOverTheYearTests
{
    private static Judged Judge(string indicator, decimal numerator, decimal denominator, Target? target, string period) =>
        Judged.Of(Indicator(indicator), new Components(numerator, denominator, 1), target, Period.Parse(period));

    [Fact]
    public void TheCatalogSaysWhichIndicatorsAreCumulative() =>
        Assert.Equal(["social_income", "budget_vs_plan"],
            DefaultCatalog.Indicators.Where(i => i.Kind == IndicatorKind.Cumulative).Select(i => i.Code));

    [Theory]
    [InlineData("2023S1")]
    [InlineData("2023Q3")]
    [InlineData("202305")]
    [InlineData("2023YTD09")]
    public void ACumulativeIndicatorBeforeTheYearIsWholeShowsItsProgressOfTheYearUnjudged(string period)
    {
        var judged = Judge("social_income", 3_000m, 0m, new Target(Comparator.AtLeast, 4_000m), period);

        Assert.Equal(3_000m, judged.Value.Value);
        Assert.Equal(new Attainment(null, null, null, 75m), judged.Attainment);
        Assert.Null(judged.Reason);
    }

    [Theory]
    [InlineData("2023")]
    [InlineData("2023YTD12")]
    public void TheWholeYearJudgesACumulativeIndicatorAgainstItsTarget(string period)
    {
        var judged = Judge("social_income", 3_000m, 0m, new Target(Comparator.AtLeast, 4_000m), period);

        Assert.Equal(new Attainment(false, 75m), judged.Attainment);
        Assert.Null(judged.Attainment.ProgressOfYear);
    }

    [Fact]
    public void ARatioThatIsCumulativeIsItsShareOfTheYearsTargetToo()
    {
        // 9 months collected 60 of a revenue assigned 80: 75 % of the assignment, against a year's target of 100 %.
        var judged = Judge("budget_vs_plan", 60m, 80m, new Target(Comparator.AtLeast, 100m), "2023YTD09");

        Assert.Equal(75m, judged.Value.Value);
        Assert.Equal(75m, judged.Attainment.ProgressOfYear);
        Assert.Null(judged.Attainment.Attained);
    }

    [Theory]
    [InlineData("2023Q1")]
    [InlineData("202302")]
    [InlineData("2023")]
    public void ARateIsJudgedAgainstTheAnnualTargetInEveryPeriod(string period)
    {
        // 11 poor households of 1000: 1.1 %, against a target of at most 0.88 %.
        var judged = Judge("poverty_rate", 11m, 1000m, new Target(Comparator.AtMost, 0.88m), period);

        Assert.Equal(new Attainment(false, null), judged.Attainment);
        Assert.Null(judged.Attainment.ProgressOfYear);
    }

    [Fact]
    public void ProgressOfTheYearIsShownWhateverTheTargetsComparator()
    {
        Assert.Equal(50m, Judge("social_income", 2_000m, 0m, new Target(Comparator.AtMost, 4_000m), "2023Q2").Attainment.ProgressOfYear);
        Assert.Equal(50m, Judge("social_income", 2_000m, 0m, new Target(Comparator.Info, 4_000m), "2023Q2").Attainment.ProgressOfYear);
    }

    [Fact]
    public void WithoutATargetOrAValueThereIsNoProgressOfTheYear()
    {
        Assert.Equal(Attainment.Unknown, Judge("social_income", 2_000m, 0m, null, "2023Q2").Attainment);

        var empty = Judged.Of(Indicator("budget_vs_plan"), new Components(0, 0, 0), new Target(Comparator.AtLeast, 100m), Period.Parse("2023Q2"));
        Assert.Equal(Attainment.Unknown, empty.Attainment);
        Assert.Equal(NoteCodes.NoContributor, empty.Reason?.Code);
    }

    [Fact]
    public void AZeroTargetHasNoProgressOfTheYearAndSaysWhy()
    {
        var judged = Judge("social_income", 2_000m, 0m, new Target(Comparator.AtLeast, 0m), "2023Q2");

        Assert.Null(judged.Attainment.ProgressOfYear);
        Assert.Null(judged.Attainment.Attained);
        Assert.Equal(NoteCodes.ZeroDenominator, judged.Reason?.Code);
    }

    [Fact]
    public void AProgressOfTheYearBeyondADecimalIsNullWithItsReason()
    {
        var judged = Judge("social_income", 1e24m, 0m, new Target(Comparator.AtLeast, 0.000001m), "2023Q2");

        Assert.Null(judged.Attainment.ProgressOfYear);
        Assert.Equal(NoteCodes.ProgressOverflow, judged.Reason?.Code);
    }
}
