using Aggregation.Domain.Reports;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests;

public class ReportValidatorTests
{
    private static ValidationOutcome Validate(Dictionary<string, decimal> values, Dictionary<string, decimal>? previous = null) =>
        ReportValidator.Validate(DefaultCatalog, values, previous);

    private static string[] ErrorKeys(params (string, decimal)[] values) => Validate(Report(values)).Errors.Keys.Order().ToArray();

    private static string[] WarningCodes(Dictionary<string, decimal> values, Dictionary<string, decimal>? previous = null)
    {
        var outcome = Validate(values, previous);
        Assert.True(outcome.IsValid);
        return outcome.Warnings.Select(w => w.Code).ToArray();
    }

    [Theory]
    [InlineData("gdp", 1, "unknown_element")]
    [InlineData("income_total", -0.5, "negative")]
    [InlineData("population", 1000.5, "not_an_integer")]
    [InlineData("income_total", 1e16, "out_of_range")]
    [InlineData("income_total", 0.0000001, "too_many_decimals")]
    [InlineData("poor_households", 11, "exceeds_households")]
    public void EachBrokenRuleNamesItsCode(string element, double value, string code)
    {
        var values = new Dictionary<string, decimal> { ["households"] = 10m, [element] = (decimal)value };

        var error = Assert.Single(Validate(values).FieldErrors);

        Assert.Equal((element, code), (error.Field, error.Code));
    }

    [Fact]
    public void UnknownElementIsAnError() => Assert.Equal(["gdp"], ErrorKeys(("gdp", 1m), ("population", 10m)));

    [Fact]
    public void NegativeValueIsAnError() => Assert.Equal(["income_total"], ErrorKeys(("income_total", -0.5m)));

    [Fact]
    public void NonIntegerCountIsAnError() => Assert.Equal(["population"], ErrorKeys(("population", 1000.5m)));

    [Fact]
    public void ValueAbove1e15IsAnError()
    {
        Assert.Equal(["income_total"], ErrorKeys(("income_total", ReportValidator.MaxValue + 0.01m)));
        Assert.Empty(ErrorKeys(("income_total", ReportValidator.MaxValue)));
    }

    [Theory]
    [InlineData("poor_households", "households")]
    [InlineData("cultural_households", "households")]
    [InlineData("children_under5_malnourished", "children_under5_weighed")]
    [InlineData("dossiers_online_l34", "dossiers_total")]
    public void PartAboveItsWholeIsAnError(string part, string whole)
    {
        Assert.Equal([part], ErrorKeys((whole, 100m), (part, 101m)));
        Assert.Empty(ErrorKeys((whole, 100m), (part, 100m)));
    }

    [Fact]
    public void NtmCriteriaAbove19IsAnError()
    {
        Assert.Equal(["ntm_criteria_met"], ErrorKeys(("ntm_criteria_met", 20m)));
        Assert.Empty(ErrorKeys(("ntm_criteria_met", 19m)));
    }

    [Fact]
    public void EmptyReportIsAnError() => Assert.Equal(["values"], ErrorKeys());

    [Fact]
    public void FractionalAmountsAreAccepted()
    {
        var outcome = Validate(Report(("income_total", 891.25m), ("budget_revenue", 0.001m)));
        Assert.True(outcome.IsValid);
        Assert.Empty(outcome.Warnings);
    }

    [Fact]
    public void RejectedReportCarriesNoWarnings()
    {
        var outcome = Validate(Report(("population", 10m), ("insured_people", 20m), ("deaths", -1m)));
        Assert.False(outcome.IsValid);
        Assert.Empty(outcome.Warnings);
    }

    [Fact]
    public void SectorIncomesOffByMoreThanHalfAPercentWarn()
    {
        Assert.Equal(["sector_sum"], WarningCodes(Report(("income_total", 100m), ("income_agriculture", 10m), ("income_industry", 40m), ("income_services", 50.6m))));
        Assert.Empty(WarningCodes(Report(("income_total", 100m), ("income_agriculture", 10m), ("income_industry", 40m), ("income_services", 50.4m))));
    }

    [Fact]
    public void InsuredAbovePopulationWarns()
    {
        Assert.Equal(["insured_above_population"], WarningCodes(Report(("population", 1000m), ("insured_people", 1001m))));
        Assert.Empty(WarningCodes(Report(("population", 1000m), ("insured_people", 1000m))));
    }

    [Fact]
    public void MoveOfMoreThanHalfFromPreviousPeriodWarns()
    {
        var previous = Report(("population", 1000m), ("deaths", 10m));
        var warning = Assert.Single(Validate(Report(("population", 1000m), ("deaths", 16m)), previous).Warnings);
        Assert.Equal(("large_change", "deaths"), (warning.Code, warning.Element));
        Assert.Empty(WarningCodes(Report(("population", 1500m), ("deaths", 5m)), previous));
    }

    [Theory]
    [InlineData(50, 30)]
    [InlineData(20, 31)]
    [InlineData(60, 0)]
    public void SexRatioOutside90To140OnMoreThan50BirthsWarns(int boys, int girls) =>
        Assert.Equal(["sex_ratio"], WarningCodes(Report(("births_boys", boys), ("births_girls", girls))));

    [Theory]
    [InlineData(40, 10)]
    [InlineData(50, 0)]
    [InlineData(70, 50)]
    [InlineData(45, 50)]
    public void SexRatioWithFewBirthsOrInsideBandDoesNotWarn(int boys, int girls) =>
        Assert.Empty(WarningCodes(Report(("births_boys", boys), ("births_girls", girls))));
}
