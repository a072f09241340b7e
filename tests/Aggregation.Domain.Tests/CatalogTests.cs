using Aggregation.Domain.Catalog;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests;

public class CatalogTests
{
    private static readonly string[] ElementCodes =
    [
        "income_total", "income_agriculture", "income_industry", "income_services", "population",
        "births_boys", "births_girls", "deaths", "children_under5_weighed", "children_under5_malnourished",
        "insured_people", "households", "poor_households", "cultural_households", "budget_revenue",
        "budget_revenue_plan", "dossiers_total", "dossiers_online_l34", "ntm_criteria_met",
    ];

    private static readonly string[] Lower = ["natural_growth_rate", "child_malnutrition_rate", "sex_ratio_at_birth", "poverty_rate"];

    private static readonly string[] Info = ["share_agriculture", "share_industry", "share_services", "ntm_standard_share"];

    private static readonly string[] Higher =
    [
        "social_income", "growth_rate", "growth_agriculture", "growth_industry", "growth_services", "income_per_capita",
        "budget_vs_plan", "health_insurance_coverage", "cultural_family_rate", "online_services_rate", "ntm_criteria_avg",
    ];

    [Fact]
    public void EmbeddedCatalogueHasTheNineteenElementsOfTheSpec() =>
        Assert.Equal(ElementCodes.Order(), DefaultCatalog.Elements.Select(e => e.Code).Order());

    [Fact]
    public void OnlyIncomesAndBudgetsAreAmounts()
    {
        var amounts = DefaultCatalog.Elements.Where(e => e.Kind == ElementKind.Amount).Select(e => e.Code).Order();
        Assert.Equal(["budget_revenue", "budget_revenue_plan", "income_agriculture", "income_industry", "income_services", "income_total"], amounts);
    }

    [Fact]
    public void EmbeddedCatalogueHasTheNineteenIndicatorsOfTheSpec()
    {
        Assert.Equal(19, DefaultCatalog.Indicators.Count);
        Assert.Equal(Lower.Concat(Info).Concat(Higher).Order(), DefaultCatalog.Indicators.Select(i => i.Code).Order());
    }

    [Fact]
    public void DirectionsAndDefaultComparatorsFollowTheSpec()
    {
        Assert.All(Lower, c => Assert.Equal((Direction.Lower, Comparator.AtMost), (Indicator(c).Direction, Indicator(c).DefaultComparator)));
        Assert.All(Info, c => Assert.Equal((Direction.Info, Comparator.Info), (Indicator(c).Direction, Indicator(c).DefaultComparator)));
        Assert.All(Higher, c => Assert.Equal((Direction.Higher, Comparator.AtLeast), (Indicator(c).Direction, Indicator(c).DefaultComparator)));
    }

    [Fact]
    public void OnlyGrowthIndicatorsReadThePreviousPeriod() =>
        Assert.Equal(
            ["growth_agriculture", "growth_industry", "growth_rate", "growth_services"],
            DefaultCatalog.Indicators.Where(i => i.UsesPreviousPeriod).Select(i => i.Code).Order());

    [Fact]
    public void BoundsFollowTheSpec()
    {
        Assert.Equal("households", DefaultCatalog.FindElement("poor_households")!.AtMost);
        Assert.Equal("households", DefaultCatalog.FindElement("cultural_households")!.AtMost);
        Assert.Equal("children_under5_weighed", DefaultCatalog.FindElement("children_under5_malnourished")!.AtMost);
        Assert.Equal("dossiers_total", DefaultCatalog.FindElement("dossiers_online_l34")!.AtMost);
        Assert.Equal(19m, DefaultCatalog.FindElement("ntm_criteria_met")!.Max);
    }

    [Fact]
    public void ElementsAddUpOverTimeAsTheSpecSays()
    {
        string[] Of(TemporalKind kind) => [.. DefaultCatalog.Elements.Where(e => e.Temporal == kind).Select(e => e.Code).Order()];
        Assert.Equal(
            ["births_boys", "births_girls", "budget_revenue", "deaths", "dossiers_online_l34", "dossiers_total",
             "income_agriculture", "income_industry", "income_services", "income_total"],
            Of(TemporalKind.Flow));
        Assert.Equal(
            ["budget_revenue_plan", "children_under5_malnourished", "children_under5_weighed", "cultural_households",
             "households", "insured_people", "ntm_criteria_met", "poor_households"],
            Of(TemporalKind.Stock));
        Assert.Equal(["population"], Of(TemporalKind.Average));
    }

    [Fact]
    public void OnlyIncomeAndBudgetAgainstPlanAreCumulative()
    {
        Assert.Equal(["budget_vs_plan", "social_income"],
            DefaultCatalog.Indicators.Where(i => i.Kind == IndicatorKind.Cumulative).Select(i => i.Code).Order());
        Assert.Equal(17, DefaultCatalog.Indicators.Count(i => i.Kind == IndicatorKind.Rate));
    }

    [Theory]
    [InlineData(", \"temporal\": \"flow\"", "")]
    [InlineData("\"temporal\": \"flow\"", "\"temporal\": \"sum\"")]
    [InlineData(", \"kind\": \"rate\"", "")]
    [InlineData("\"kind\": \"rate\"", "\"kind\": \"ratio\"")]
    public void ParseRefusesAMissingOrUnknownTemporalOrIndicatorKind(string valid, string invalid)
    {
        var json = Json(ElementJson("x"), IndicatorJson("i", "\"x\""));
        Assert.Equal("i", IndicatorCatalog.Parse(json).Indicators[0].Code);
        Assert.Contains(valid, json);
        Assert.Throws<FormatException>(() => IndicatorCatalog.Parse(json.Replace(valid, invalid)));
    }

    [Fact]
    public void MinimalCatalogueParses()
    {
        var catalog = IndicatorCatalog.Parse(Json(ElementJson("x"), IndicatorJson("i", "\"x\"", "\"1\"")));
        Assert.Equal("x", Assert.Single(catalog.Elements).Code);
        Assert.Equal([new Term("x", 0, 1m, null)], catalog.FindIndicator("i")!.Numerator);
    }

    [Theory]
    [InlineData("x", "x")]
    [InlineData("x", "i")]
    public void ParseRejectsDuplicateCodes(string second, string indicator) =>
        Assert.Throws<FormatException>(() => IndicatorCatalog.Parse(Json($"{ElementJson("x")},{ElementJson(second)}", IndicatorJson(indicator, "\"x\""))));

    [Fact]
    public void ParseRejectsUnknownElementInFormula() =>
        Assert.Contains("unknown element 'y'", Assert.Throws<FormatException>(() => IndicatorCatalog.Parse(Json(ElementJson("x"), IndicatorJson("i", "\"x\"", "\"y[-1]\"")))).Message);

    [Fact]
    public void ParseRejectsUnknownBound() =>
        Assert.Throws<FormatException>(() => IndicatorCatalog.Parse(Json(ElementJson("x", atMost: "y"), IndicatorJson("i", "\"x\""))));

    [Fact]
    public void ParseRejectsEmptyNumerator() =>
        Assert.Throws<FormatException>(() => IndicatorCatalog.Parse(Json(ElementJson("x"), IndicatorJson("i", ""))));

    [Theory]
    [InlineData("x +")]
    [InlineData("X")]
    [InlineData("x[1]")]
    [InlineData("x[-0]")]
    [InlineData("2")]
    [InlineData("x==")]
    [InlineData("")]
    public void ParseRejectsBadTerms(string term) =>
        Assert.Throws<FormatException>(() => IndicatorCatalog.Parse(Json(ElementJson("x"), IndicatorJson("i", $"\"{term}\""))));

    [Fact]
    public void ParseRejectsUnknownDirection() =>
        Assert.Throws<FormatException>(() => IndicatorCatalog.Parse(Json(ElementJson("x"), IndicatorJson("i", "\"x\"").Replace("higher", "sideways"))));

    [Theory]
    [InlineData("x", "x", 0, 1, null)]
    [InlineData("-deaths", "deaths", 0, -1, null)]
    [InlineData("x[-1]", "x", -1, 1, null)]
    [InlineData("ntm_criteria_met==19", "ntm_criteria_met", 0, 1, 19)]
    [InlineData("1", null, 0, 1, null)]
    public void TermParsesEveryForm(string text, string? element, int offset, int sign, int? equals) =>
        Assert.Equal(new Term(element, offset, sign, equals), Term.Parse(text));

    private static string Json(string elements, string indicators) => $"{{\"elements\": [{elements}], \"indicators\": [{indicators}]}}";

    private static string ElementJson(string code, string? atMost = null) =>
        $"{{\"code\": \"{code}\", \"vi\": \"v\", \"en\": \"e\", \"unit\": \"u\", \"kind\": \"count\", \"temporal\": \"flow\"" +
        (atMost is null ? "" : $", \"atMost\": \"{atMost}\"") + "}";

    private static string IndicatorJson(string code, string numerator, string? denominator = null) =>
        $"{{\"code\": \"{code}\", \"vi\": \"v\", \"en\": \"e\", \"unit\": \"%\", \"formula\": \"f\", \"numerator\": [{numerator}]" +
        (denominator is null ? "" : $", \"denominator\": [{denominator}]") + ", \"direction\": \"higher\", \"kind\": \"rate\"}";
}
