using Aggregation.Domain.Reports;
using Aggregation.Domain.Scenarios;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests;

public class ScenarioLeafTests
{
    private static readonly Dictionary<string, decimal> Current = Report(("households", 1000m), ("poor_households", 30m), ("income_total", 500m));
    private static readonly Dictionary<string, decimal> Previous = Report(("households", 990m), ("income_total", 400m));

    private static ScenarioLeafResult Apply(params ElementOverride[] overrides) =>
        ScenarioLeaf.Apply(DefaultCatalog, Current, Previous, overrides);

    private static ElementOverride O(string element, OverrideKind kind, decimal amount) => new(element, kind, amount);

    [Theory]
    [InlineData(OverrideKind.Set, 650, 650)]
    [InlineData(OverrideKind.Scale, 1.1, 550)]
    [InlineData(OverrideKind.Delta, -20, 480)]
    [InlineData(OverrideKind.Growth, 15, 460)]
    public void EachKindChangesOnlyItsElement(OverrideKind kind, double amount, double expected)
    {
        var result = Apply(O("income_total", kind, (decimal)amount));

        Assert.True(result.IsValid);
        Assert.Equal((decimal)expected, result.Values["income_total"]);
        Assert.Equal(30m, result.Values["poor_households"]);
        Assert.Equal(1000m, result.Values["households"]);
    }

    [Theory]
    [InlineData(OverrideKind.Set, "0.0000001")]
    [InlineData(OverrideKind.Delta, "0.0000004")]
    [InlineData(OverrideKind.Set, "650.1234567")]
    public void SetOrDeltaWithMoreDecimalsThanAReportKeepsIsRefusedNotRounded(OverrideKind kind, string amount)
    {
        var result = Apply(O("income_total", kind, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(["must have at most 6 decimal places, as report values do"], result.Errors["income_total"]);
    }

    [Fact]
    public void OverridesApplyInOrder()
    {
        Assert.Equal(1100m, Apply(O("income_total", OverrideKind.Scale, 2m), O("income_total", OverrideKind.Delta, 100m)).Values["income_total"]);
        Assert.Equal(1200m, Apply(O("income_total", OverrideKind.Delta, 100m), O("income_total", OverrideKind.Scale, 2m)).Values["income_total"]);
    }

    [Fact]
    public void LiveReportsAreNeverWritten()
    {
        var before = new Dictionary<string, decimal>(Current);
        Apply(O("income_total", OverrideKind.Set, 1m), O("households", OverrideKind.Scale, 2m));
        Assert.Equal(before, Current);
    }

    [Fact]
    public void GrowthProjectsAPeriodWithNoReportYet()
    {
        var result = ScenarioLeaf.Apply(DefaultCatalog, null, Previous, [O("income_total", OverrideKind.Growth, 11m)]);

        Assert.True(result.IsValid);
        Assert.Equal(Report(("income_total", 444m)), result.Values);
        Assert.Equal(1, result.ToContribution(DefaultCatalog, Previous).ReportingLeaves);
    }

    [Fact]
    public void AnUnreportedLeafWithoutOverridesStaysUnreported()
    {
        var result = ScenarioLeaf.Apply(DefaultCatalog, null, Previous, []);
        Assert.True(result.IsValid);
        Assert.True(result.ToContribution(DefaultCatalog, Previous).IsEmpty);
    }

    [Fact]
    public void UnknownElementIsAnError() =>
        Assert.Equal(["unknown element"], Apply(O("gdp", OverrideKind.Set, 1m)).Errors["gdp"]);

    [Theory]
    [InlineData(OverrideKind.Scale)]
    [InlineData(OverrideKind.Delta)]
    public void ChangingAnUnreportedElementIsAnError(OverrideKind kind)
    {
        var errors = Apply(O("population", kind, 2m)).Errors;
        Assert.Equal(["population"], errors.Keys);
        Assert.Contains("not reported for this period", errors["population"].Single());
    }

    [Fact]
    public void SetThenScaleOfANewElementIsAllowed() =>
        Assert.Equal(30m, Apply(O("population", OverrideKind.Set, 20m), O("population", OverrideKind.Scale, 1.5m)).Values["population"]);

    [Fact]
    public void GrowthWithoutAPreviousValueIsAnError() =>
        Assert.Contains("same period last year", Apply(O("poor_households", OverrideKind.Growth, 5m)).Errors["poor_households"].Single());

    [Fact]
    public void PoorAboveHouseholdsAfterOverrideIsAnError() =>
        Assert.Equal(["poor_households"], Apply(O("households", OverrideKind.Scale, 0.02m)).Errors.Keys);

    [Fact]
    public void NegativeAfterDeltaIsAnError() =>
        Assert.Equal(["must not be negative"], Apply(O("poor_households", OverrideKind.Delta, -31m)).Errors["poor_households"]);

    [Fact]
    public void AResultOutOfDecimalRangeIsAnError() =>
        Assert.Single(Apply(O("income_total", OverrideKind.Scale, decimal.MaxValue)).Errors["income_total"]);

    [Fact]
    public void ARejectedLeafHasNoScenarioContribution() =>
        Assert.Throws<InvalidOperationException>(() => Apply(O("gdp", OverrideKind.Set, 1m)).ToContribution(DefaultCatalog, Previous));

    [Fact]
    public void FractionalCountsAreAllowed()
    {
        var result = Apply(O("poor_households", OverrideKind.Scale, 0.9m));
        Assert.True(result.IsValid);
        Assert.Equal(27m, result.Values["poor_households"]);
        Assert.Equal(24.3m, Apply(O("poor_households", OverrideKind.Scale, 0.81m)).Values["poor_households"]);
    }

    [Fact]
    public void ResultsAreRoundedToSixDecimalsHalfToEven()
    {
        Assert.Equal(333.333333m, Apply(O("income_total", OverrideKind.Scale, 2m / 3m)).Values["income_total"]);
        Assert.Equal(0.000002m, Apply(O("income_total", OverrideKind.Scale, 0.000000005m)).Values["income_total"]);
        Assert.Equal(0.000004m, Apply(O("income_total", OverrideKind.Scale, 0.000000007m)).Values["income_total"]);
    }

    [Fact]
    public void ScenarioValidationAllowsFractionalCountsButKeepsEveryOtherRule()
    {
        ValidationOutcome Scenario(params (string, decimal)[] values) =>
            ReportValidator.Validate(DefaultCatalog, Report(values), allowFractionalCounts: true);

        Assert.True(Scenario(("population", 1000.5m)).IsValid);
        Assert.False(ReportValidator.Validate(DefaultCatalog, Report(("population", 1000.5m))).IsValid);
        Assert.Equal(["population"], Scenario(("population", 0.0000001m)).Errors.Keys);
        Assert.Equal(["ntm_criteria_met"], Scenario(("ntm_criteria_met", 19.5m)).Errors.Keys);
        Assert.Equal(["poor_households"], Scenario(("households", 10.5m), ("poor_households", 10.6m)).Errors.Keys);
        Assert.Equal(["deaths"], Scenario(("deaths", -0.5m)).Errors.Keys);
    }
}
