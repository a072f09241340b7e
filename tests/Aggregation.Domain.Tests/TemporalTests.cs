using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Temporal;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests;

public class TemporalTests
{
    private static LeafTimeline Timeline(params (string Period, Dictionary<string, decimal> Values)[] reports)
    {
        var byPeriod = reports.ToDictionary(r => Period.Parse(r.Period), r => r.Values);
        return new LeafTimeline(DefaultCatalog, p => byPeriod.GetValueOrDefault(p));
    }

    private static Dictionary<string, decimal> Commune(decimal income, decimal households, decimal population) =>
        Report(("income_total", income), ("households", households), ("population", population));

    private static (decimal Income, decimal Households, decimal Population) Read(PeriodValues? v) =>
        (v!.Values["income_total"], v.Values["households"], v.Values["population"]);

    /// <summary>The example of docs/periods.md: one commune reports monthly, the other quarterly.</summary>
    [Fact]
    public void WorkedExampleOfTheDocs()
    {
        var monthly = Timeline(
            ("202301", Commune(10, 1000, 4000)), ("202302", Commune(11, 1002, 4010)), ("202303", Commune(12, 1003, 4020)),
            ("202304", Commune(12, 1005, 4030)), ("202305", Commune(13, 1006, 4040)), ("202306", Commune(14, 1008, 4050)),
            ("202307", Commune(15, 1010, 4060)), ("202308", Commune(15, 1011, 4070)), ("202309", Commune(16, 1012, 4080)));
        var quarterly = Timeline(
            ("2023Q1", Commune(30, 800, 3000)), ("2023Q2", Commune(35, 805, 3030)), ("2023Q3", Commune(40, 810, 3060)));

        Assert.Equal((33m, 1003m, 4010m), Read(monthly.ValueFor(Period.Parse("2023Q1"))));
        Assert.Equal((72m, 1008m, 4025m), Read(monthly.ValueFor(Period.Parse("2023S1"))));
        Assert.Equal((118m, 1012m, 4040m), Read(monthly.ValueFor(Period.Parse("2023YTD09"))));
        Assert.Equal((58m, 1006m, 4020m), Read(monthly.ValueFor(Period.Parse("2023YTD05"))));

        Assert.Equal((65m, 805m, 3015m), Read(quarterly.ValueFor(Period.Parse("2023S1"))));
        Assert.Equal((105m, 810m, 3030m), Read(quarterly.ValueFor(Period.Parse("2023YTD09"))));
        Assert.Null(quarterly.ValueFor(Period.Parse("2023YTD05")));
        Assert.Null(quarterly.ValueFor(Period.Parse("2023YTD08")));
        Assert.Null(quarterly.ValueFor(Period.Parse("202301")));
        Assert.Null(monthly.ValueFor(Period.Parse("2023")));
        Assert.True(quarterly.ValueFor(Period.Parse("2023YTD09"))!.Derived);
        Assert.False(quarterly.ValueFor(Period.Parse("2023Q3"))!.Derived);
    }

    [Fact]
    public void AHalfAndTheNextQuarterGiveNineMonths()
    {
        var leaf = Timeline(("2023S1", Commune(70, 900, 5000)), ("2023Q3", Commune(40, 910, 5090)));
        var nine = leaf.ValueFor(Period.Parse("2023YTD09"));
        Assert.Equal((110m, 910m, 5030m), Read(nine));
        Assert.True(nine!.Derived);
        Assert.Null(leaf.ValueFor(Period.Parse("2023YTD08")));
        Assert.Null(leaf.ValueFor(Period.Parse("2023S2")));
        Assert.Null(leaf.ValueFor(Period.Parse("2023")));
    }

    [Fact]
    public void AReportSentForSixMonthsIsTheHalf()
    {
        var leaf = Timeline(("2023YTD06", Commune(70, 900, 5000)));
        Assert.Equal((70m, 900m, 5000m), Read(leaf.ValueFor(Period.Parse("2023S1"))));
        Assert.False(leaf.ValueFor(Period.Parse("2023S1"))!.Derived);
    }

    [Fact]
    public void AnAverageWeighsEachPartByItsMonths()
    {
        var leaf = Timeline(
            ("2023Q1", Report(("population", 100m))), ("2023Q2", Report(("population", 110m))), ("2023S2", Report(("population", 120m))));
        Assert.Equal(112.5m, leaf.ValueFor(Period.Parse("2023"))!.Values["population"]);
    }

    [Fact]
    public void AnAverageOfMonthsIsDividedOnceSoThirdsAddUpExactly()
    {
        var leaf = Timeline(
            Enumerable.Range(1, 12).Select(m => ($"2023{m:00}", Report(("population", m % 3 == 0 ? 2m : 1m)))).ToArray());
        // Kept to a report's six decimals, so sums over leaves stay exact.
        Assert.Equal(1.333333m, leaf.ValueFor(Period.Parse("2023Q1"))!.Values["population"]);
        Assert.Equal(1.333333m, leaf.ValueFor(Period.Parse("2023"))!.Values["population"]);
        Assert.Equal(PeriodValues.Combine(DefaultCatalog, Period.Parse("2023"),
            [.. Period.Parse("2023").Months.Select(m => leaf.ValueFor(m)!)]).Values["population"],
            leaf.ValueFor(Period.Parse("2023"))!.Values["population"]);
    }

    [Fact]
    public void AnElementMissingFromOneMonthIsMissingFromTheQuarter()
    {
        var leaf = Timeline(
            ("202301", Report(("deaths", 1m), ("households", 10m))),
            ("202302", Report(("deaths", 2m))),
            ("202303", Report(("deaths", 3m), ("households", 12m))));
        var quarter = leaf.ValueFor(Period.Parse("2023Q1"))!;
        Assert.Equal(["deaths"], quarter.Values.Keys);
        Assert.Equal(6m, quarter.Values["deaths"]);
    }

    [Fact]
    public void AnElementTheCatalogueDoesNotKnowIsKeptAsReportedButNotDerived()
    {
        var leaf = Timeline(
            ("202301", Report(("deaths", 1m), ("retired", 5m))), ("202302", Report(("deaths", 2m))), ("202303", Report(("deaths", 3m), ("retired", 5m))));
        Assert.Equal(5m, leaf.ValueFor(Period.Parse("202301"))!.Values["retired"]);
        Assert.Equal(["deaths"], leaf.ValueFor(Period.Parse("2023Q1"))!.Values.Keys);
    }

    [Theory]
    [InlineData("2023", "2023S1 2023S2")]
    [InlineData("2023S2", "2023Q3 2023Q4")]
    [InlineData("2023Q2", "202304 202305 202306")]
    [InlineData("2023YTD09", "2023S1 2023Q3")]
    [InlineData("2023YTD11", "2023S1 2023Q3 202310 202311")]
    [InlineData("2023YTD05", "2023Q1 202304 202305")]
    [InlineData("2023YTD02", "202301 202302")]
    [InlineData("202307", "")]
    public void PartsAreTheLongestHalvesQuartersAndMonthsThatFit(string period, string parts) =>
        Assert.Equal(parts, string.Join(" ", LeafTimeline.PartsOf(Period.Parse(period))));

    [Theory]
    [InlineData("2023Q1", "202301 202302")]
    [InlineData("2023Q1", "202301 202303")]
    [InlineData("2023Q1", "202302 202301 202303")]
    [InlineData("2023Q1", "202301 2023Q1")]
    [InlineData("2023Q1", "202201 202202 202203")]
    [InlineData("2023S1", "2023Q1 202303 2023Q2")]
    [InlineData("2023Q1", "")]
    public void CombineRefusesPartsThatDoNotCoverThePeriodExactly(string period, string parts)
    {
        var values = parts.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => PeriodValues.Reported(Period.Parse(p), Report(("deaths", 1m)))).ToList();
        Assert.Throws<ArgumentException>(() => PeriodValues.Combine(DefaultCatalog, Period.Parse(period), values));
    }

    [Fact]
    public void ElementsFollowTheirTemporalKindOverAQuarter()
    {
        var leaf = Timeline(
            ("202304", Report(("births_boys", 3m), ("poor_households", 40m), ("population", 1000m))),
            ("202305", Report(("births_boys", 4m), ("poor_households", 38m), ("population", 1003m))),
            ("202306", Report(("births_boys", 5m), ("poor_households", 37m), ("population", 1006m))));
        var quarter = leaf.ValueFor(Period.Parse("2023Q2"))!.Values;
        Assert.Equal((12m, 37m, 1003m), (quarter["births_boys"], quarter["poor_households"], quarter["population"]));
        Assert.Equal(TemporalKind.Flow, DefaultCatalog.FindElement("births_boys")!.Temporal);
    }
}
