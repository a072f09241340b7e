using Aggregation.Domain.Catalog;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Trees;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests.Trees;

public class RestatementTests
{
    private static PredecessorReport Whole(params (string Element, decimal Value)[] values) => new(1m, false, Report(values));

    /// <summary>The worked example of docs/trees.md: Xã Bình Giang (2025-07) from its five predecessors' 2023 reports.</summary>
    private static readonly PredecessorReport[] BinhGiang =
    [
        Whole(("households", 2000m), ("poor_households", 60m), ("ntm_criteria_met", 19m)), // 10966 Tân Việt
        Whole(("households", 1500m), ("poor_households", 45m), ("ntm_criteria_met", 19m)), // 10963 Long Xuyên
        Whole(("households", 1800m), ("poor_households", 90m), ("ntm_criteria_met", 17m)), // 10978 Hồng Khê
        Whole(("households", 2200m), ("poor_households", 44m), ("ntm_criteria_met", 19m)), // 10984 Cổ Bì
        new(0.5m, true, Report(("households", 3000m), ("poor_households", 150m), ("ntm_criteria_met", 18m))), // 10960 Vĩnh Hồng, half, estimated
    ];

    [Fact]
    public void BinhGiangRestatesItsPredecessorsComponentsAndRecomputesTheRate()
    {
        var restated = Restatement.Restate(DefaultCatalog, BinhGiang)!;
        Assert.Equal(9000m, restated.Values["households"]);
        Assert.Equal(314m, restated.Values["poor_households"]);
        Assert.Equal(18.444444m, restated.Values["ntm_criteria_met"]); // 83 / 4.5, kept to 6 decimal places as a report's values are
        Assert.True(restated.Estimated);
        Assert.Equal(4.5m, restated.Weight);

        var contribution = LeafContribution.Compute(DefaultCatalog, restated.Values, null);
        var rate = IndicatorValue.Evaluate(Indicator("poverty_rate"), contribution.IndicatorOrZero("poverty_rate")).Value;
        Assert.Equal(3.488889m, decimal.Round(rate!.Value, 6));
        Assert.Equal(0m, contribution.IndicatorOrZero("ntm_standard_share").Numerator);
        Assert.Equal(1m, contribution.IndicatorOrZero("ntm_standard_share").Denominator);
    }

    [Fact]
    public void ANewLeafWhosePredecessorsAllMeetTheStandardMeetsIt()
    {
        var restated = Restatement.Restate(DefaultCatalog,
        [
            new(1m / 3m, true, Report(("ntm_criteria_met", 19m))),
            new(0.25m, false, Report(("ntm_criteria_met", 19m))),
            new(1m, false, Report(("ntm_criteria_met", 19m))),
        ])!;
        Assert.Equal(19m, restated.Values["ntm_criteria_met"]);
        Assert.Equal(1m, LeafContribution.Compute(DefaultCatalog, restated.Values, null).IndicatorOrZero("ntm_standard_share").Numerator);
    }

    [Fact]
    public void AnElementIsRestatedOnlyWhenEveryPredecessorHasIt()
    {
        var restated = Restatement.Restate(DefaultCatalog,
            [Whole(("households", 100m), ("poor_households", 5m)), Whole(("households", 200m))])!;
        Assert.Equal(["households"], restated.Values.Keys);
        Assert.Equal(300m, restated.Values["households"]);
        Assert.False(LeafContribution.Compute(DefaultCatalog, restated.Values, null).Indicators.ContainsKey("poverty_rate"));
        Assert.False(restated.Estimated);
    }

    [Fact]
    public void ANewLeafWithAPredecessorThatDidNotReportHasNoReport()
    {
        Assert.Null(Restatement.Restate(DefaultCatalog, [Whole(("households", 100m)), new(0.5m, false, null)]));
        Assert.Null(Restatement.Restate(DefaultCatalog, []));
    }

    [Fact]
    public void APartOfAnOldLeafGivesThatPartOfItsCounts()
    {
        var restated = Restatement.Restate(DefaultCatalog, [new(0.3m, false, Report(("population", 1001m), ("income_total", 12.5m)))])!;
        Assert.Equal(300.3m, restated.Values["population"]);
        Assert.Equal(3.75m, restated.Values["income_total"]);
        Assert.Equal(0.3m, restated.Weight);
    }

    [Fact]
    public void RestateAllReadsEachOldLeafOnceAndLeavesOutNewLeavesWithoutAReport()
    {
        var mapping = new TreeMapping("2023", "2025-07",
            [new("A", "X", 1m, false), new("B", "X", 0.5m, true), new("B", "Y", 0.5m, true), new("C", "Z", 1m, false)], []);
        var reads = new List<string>();
        var restated = Restatement.RestateAll(DefaultCatalog, mapping, leaf =>
        {
            reads.Add(leaf);
            return leaf == "C" ? null : Report(("households", 10m));
        });
        Assert.Equal(["A", "B", "C"], reads.Order());
        Assert.Equal(["X", "Y"], restated.Keys.Order());
        Assert.Equal(15m, restated["X"].Values["households"]);
        Assert.Equal(5m, restated["Y"].Values["households"]);
    }

    [Fact]
    public void OnlyTheNewRuralCriteriaRestateAsAMean() =>
        Assert.Equal(["ntm_criteria_met"], DefaultCatalog.Elements.Where(e => e.Restate == RestateKind.Mean).Select(e => e.Code));

    [Theory]
    [InlineData("", RestateKind.Sum)]
    [InlineData(", \"restate\": \"sum\"", RestateKind.Sum)]
    [InlineData(", \"restate\": \"mean\"", RestateKind.Mean)]
    public void TheCatalogueSaysHowAnElementRestatesSumWhenItSaysNothing(string restate, RestateKind expected) =>
        Assert.Equal(expected, IndicatorCatalog.Parse(CatalogWith(restate)).Elements[0].Restate);

    [Fact]
    public void AnUnknownRestateKindIsRefused() =>
        Assert.Throws<FormatException>(() => IndicatorCatalog.Parse(CatalogWith(", \"restate\": \"median\"")));

    private static string CatalogWith(string restate) =>
        "{\"elements\": [{\"code\": \"x\", \"vi\": \"v\", \"en\": \"e\", \"unit\": \"u\", \"kind\": \"count\", \"temporal\": \"stock\"" + restate + "}], " +
        "\"indicators\": [{\"code\": \"i\", \"vi\": \"v\", \"en\": \"e\", \"unit\": \"u\", \"formula\": \"x\", \"numerator\": [\"x\"], \"direction\": \"higher\", \"kind\": \"rate\"}]}";
}
