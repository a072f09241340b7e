using Aggregation.Domain.Catalog;
using Aggregation.Domain.Plans;
using Aggregation.Domain.Rules;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests;

public class AttainmentTests
{
    private static Attainment Judge(string indicator, Comparator comparator, decimal target, decimal? value) =>
        Attainment.Evaluate(Indicator(indicator), new Target(comparator, target), value);

    [Theory]
    [InlineData(Comparator.AtLeast, 80, 80, true)]
    [InlineData(Comparator.AtLeast, 80, 79.9, false)]
    [InlineData(Comparator.Greater, 90, 90, false)]
    [InlineData(Comparator.Greater, 90, 90.1, true)]
    [InlineData(Comparator.AtMost, 0.88, 0.88, true)]
    [InlineData(Comparator.AtMost, 0.88, 0.89, false)]
    [InlineData(Comparator.Less, 0.88, 0.88, false)]
    [InlineData(Comparator.Less, 0.88, 0.87, true)]
    public void OrderComparatorsJudgeTheValue(Comparator comparator, double target, double value, bool attained) =>
        Assert.Equal(attained, Judge("health_insurance_coverage", comparator, (decimal)target, (decimal)value).Attained);

    [Theory]
    [InlineData(56.5, true)]
    [InlineData(55.5, true)]
    [InlineData(56.51, false)]
    [InlineData(55.49, false)]
    public void EqualOnPercentIsWithinHalfAPoint(double value, bool attained) =>
        Assert.Equal(attained, Judge("share_services", Comparator.Equal, 56m, (decimal)value).Attained);

    [Theory]
    [InlineData(1005, true)]
    [InlineData(995, true)]
    [InlineData(1005.1, false)]
    [InlineData(994.9, false)]
    public void EqualOnNonPercentIsWithinHalfAPercent(double value, bool attained) =>
        Assert.Equal(attained, Judge("social_income", Comparator.Equal, 1000m, (decimal)value).Attained);

    [Fact]
    public void InfoTargetIsNeverJudged() =>
        Assert.Equal(Attainment.Unknown, Judge("share_agriculture", Comparator.Info, 8.3m, 9m));

    [Theory]
    [InlineData(Comparator.AtLeast, 125)]
    [InlineData(Comparator.Greater, 125)]
    [InlineData(Comparator.AtMost, null)]
    [InlineData(Comparator.Less, null)]
    [InlineData(Comparator.Equal, null)]
    public void ProgressIsValueOverTargetOnlyForLowerBounds(Comparator comparator, int? progress) =>
        Assert.Equal((decimal?)progress, Judge("income_per_capita", comparator, 80m, 100m).Progress);

    [Fact]
    public void ProgressIsUndefinedForZeroTarget() =>
        Assert.Equal(new Attainment(true, null), Judge("growth_rate", Comparator.AtLeast, 0m, 5m));

    [Fact]
    public void MissingValueOrTargetIsUnknown()
    {
        Assert.Equal(Attainment.Unknown, Judge("poverty_rate", Comparator.AtMost, 0.88m, null));
        Assert.Equal(Attainment.Unknown, Attainment.Evaluate(Indicator("poverty_rate"), null, 0.5m));
    }

    [Fact]
    public void AJudgedIndicatorIsTheRatioOfSumsAgainstItsTargetWithTheFirstReasonForAnUndefinedPart()
    {
        var poverty = Judged.Of(Indicator("poverty_rate"), new Aggregation.Domain.Rollup.Components(11, 1000, 2), new Target(Comparator.Less, 0.88m), Aggregation.Domain.Periods.Period.Parse("2023"));
        Assert.Equal((1.1m, false, (Note?)null), (poverty.Value.Value, poverty.Attainment.Attained, poverty.Reason));

        var empty = Judged.Of(Indicator("poverty_rate"), new Aggregation.Domain.Rollup.Components(0, 0, 0), new Target(Comparator.Less, 0.88m), Aggregation.Domain.Periods.Period.Parse("2023"));
        Assert.Null(empty.Value.Value);
        Assert.Null(empty.Attainment.Attained);
        Assert.Equal(empty.Value.Reason, empty.Reason);
        Assert.Equal(NoteCodes.NoContributor, empty.Reason?.Code);
    }
}
