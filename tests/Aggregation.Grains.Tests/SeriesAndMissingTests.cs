using Aggregation.Contracts;
using Aggregation.Domain.Periods;

namespace Aggregation.Grains.Tests;

[Collection(SqliteCluster.Name)]
public sealed class SeriesAndMissingOnSqlite(SqliteClusterFixture fixture) : SeriesAndMissingTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class SeriesAndMissingOnPostgres(PostgresClusterFixture fixture) : SeriesAndMissingTests(fixture);

/// <summary>An indicator over time, and the leaves without a value for a period (SPEC section 9).</summary>
public abstract class SeriesAndMissingTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;
    private IQueryGrain Query => _grains.GetGrain<IQueryGrain>(0);

    private static Dictionary<string, decimal> Report(decimal households, decimal poor, decimal income) => TreeBuilder.Values(households, poor, income);

    /// <summary>nation → province → districts d1 (communes a, b) and d2 (commune c).</summary>
    private Task<TreeBuilder> Tree() => TreeBuilder.NationOfThreeCommunes(_grains);

    private static IReadOnlyList<Period> Series(string from, string to) => PeriodSeries.Between(from, to).Periods;

    [Fact]
    public async Task EveryPointOfASeriesIsWhatThePeriodsIndicatorsGiveAtEveryLevel()
    {
        var t = await Tree();
        for (var m = 1; m <= 12; m++)
        {
            await t.Report("a", $"2022{m:00}", Report(1000, 20 - m % 3, 8 * m));
            await t.Report("a", $"2023{m:00}", Report(1000 + m, 10 + m % 4, 10 * m));
        }
        for (var q = 1; q <= 3; q++)
        {
            await t.Report("b", $"2023Q{q}", Report(2000, 40 + q, 100 * q));
        }
        await t.Report("c", "2023", Report(500, 5, 700));
        var plan = await _grains.Plan(t.Key("p"), 2023)
            .Set(new Dictionary<string, PlanTargetInput> { ["poverty_rate"] = new(null, 1.5m) }, TreeBuilder.Tester);
        Assert.Equal("ok", plan.Code());
        foreach (var period in Period.AllOf(2022).Concat(Period.AllOf(2023)))
        {
            await Eventually.Until(() => Query.Verify(t.Key("p"), period), v => v!.Drift.Count == 0);
        }

        foreach (var (unit, from, to) in new[] { ("p", "2022Q1", "2023Q4"), ("d1", "202201", "202312"), ("a", "2022", "2023"), ("p", "2022YTD09", "2023YTD09"), ("p", "2022YTD06", "2023YTD06") })
        {
            foreach (var indicator in new[] { "poverty_rate", "growth_rate" })
            {
                var periods = Series(from, to);
                var series = (await Query.GetSeries(t.Key(unit), indicator, periods))!;
                Assert.Equal(periods.Select(p => p.ToString()), series.Select(p => p.Period));
                foreach (var (period, point) in periods.Zip(series))
                {
                    var expected = (await Query.GetIndicators(t.Key(unit), period))!.Indicators[indicator];
                    Assert.Equal((expected.Value, expected.Contributors, expected.Target, expected.Attained),
                        (point.Value, point.Contributors, point.Target, point.Attained));
                }
            }
        }

        // Values, not only agreement: b's Q1..Q3 with a's months; the year-to-dates of six months are the halves.
        var quarters = (await Query.GetSeries(t.Key("d1"), "poverty_rate", Series("2023Q1", "2023Q4")))!;
        Assert.Equal([2, 2, 2, 1], quarters.Select(p => p.Contributors));
        Assert.Equal((10m + 3 % 4 + 41m) / (1003m + 2000m) * 100m, quarters[0].Value);
        Assert.Equal(["2022S1", "2023S1"], (await Query.GetSeries(t.Key("p"), "poverty_rate", Series("2022YTD06", "2023YTD06")))!.Select(p => p.Period));
        var targeted = (await Query.GetSeries(t.Key("p"), "poverty_rate", Series("2022", "2023")))!;
        Assert.Equal([null, 1.5m], targeted.Select(p => p.Target?.Value));
        Assert.Equal(2023 - 2022 + 1, targeted.Count);
    }

    [Fact]
    public async Task ASeriesOfAnUnknownUnitOrIndicatorIsNull()
    {
        var t = await Tree();
        Assert.Null(await Query.GetSeries(t.Key("nowhere"), "poverty_rate", Series("2023", "2023")));
        Assert.Null(await Query.GetSeries(t.Key("p"), "no_such_indicator", Series("2023", "2023")));
        Assert.Null(await Query.GetMissing(t.Key("nowhere"), Period.Parse("2023")));
    }

    [Fact]
    public async Task ALeafMissingOneMonthIsMissingForItsQuarterButNotForTheOtherMonths()
    {
        var t = await Tree();
        await t.Report("a", "202301", Report(1000, 10, 10));
        var last = await t.Report("a", "202303", Report(1000, 10, 30));
        await t.Report("b", "2023Q1", Report(2000, 40, 100));

        var quarter = (await Query.GetMissing(t.Key("p"), Period.Parse("2023Q1")))!;
        Assert.Equal((t.Code("p"), "2023Q1", 3, 1), (quarter.Unit, quarter.Period, quarter.ExpectedLeaves, quarter.ReportedLeaves));
        Assert.Equal([t.Code("a"), t.Code("c")], quarter.Missing.Select(m => m.Unit));
        var a = quarter.Missing[0];
        Assert.Equal(("a", t.Code("d1"), last.Receipt!.AcceptedAt), (a.Name, a.Parent, a.LastReported));
        Assert.Null(quarter.Missing[1].LastReported); // c never reported

        // January and March are a's; b reported the quarter only, so no month of it.
        foreach (var month in new[] { "202301", "202303" })
        {
            var view = (await Query.GetMissing(t.Key("d1"), Period.Parse(month)))!;
            Assert.Equal([t.Code("b")], view.Missing.Select(m => m.Unit));
            Assert.Equal((2, 1), (view.ExpectedLeaves, view.ReportedLeaves));
        }
        Assert.Equal([t.Code("a"), t.Code("b")], (await Query.GetMissing(t.Key("d1"), Period.Parse("202302")))!.Missing.Select(m => m.Unit));

        // The missing month arrives: the quarter, its half and the year-to-date of March are complete for a.
        var february = await t.Report("a", "202302", Report(1000, 10, 20));
        foreach (var period in new[] { "2023Q1", "2023YTD03", "202302" })
        {
            Assert.DoesNotContain(t.Code("a"), (await Query.GetMissing(t.Key("p"), Period.Parse(period)))!.Missing.Select(m => m.Unit));
        }
        var half = (await Query.GetMissing(t.Key("p"), Period.Parse("2023S1")))!;
        Assert.Equal(0, half.ReportedLeaves);
        Assert.Equal(february.Receipt!.AcceptedAt, half.Missing.Single(m => m.Unit == t.Code("a")).LastReported);

        // A leaf asked on its own is its own list.
        var leaf = (await Query.GetMissing(t.Key("c"), Period.Parse("2023")))!;
        Assert.Equal((1, 0, t.Code("d2")), (leaf.ExpectedLeaves, leaf.ReportedLeaves, leaf.Missing.Single().Parent));
    }
}
