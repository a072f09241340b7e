using Aggregation.Contracts;
using Aggregation.Domain.Periods;

namespace Aggregation.Grains.Tests;

[Collection(SqliteCluster.Name)]
public sealed class TemporalRollupOnSqlite(SqliteClusterFixture fixture) : TemporalRollupTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class TemporalRollupOnPostgres(PostgresClusterFixture fixture) : TemporalRollupTests(fixture);

/// <summary>Months, quarters, halves, year-to-dates and the year, live at every level (SPEC section 9).</summary>
public abstract class TemporalRollupTests(ClusterFixture fixture) : RollupTreeTests(fixture)
{
    /// <summary>Commune a reports every month of a year: households 1000 then +10 a month, 10 poor, income 10 × the month.</summary>
    private static async Task Monthly(TreeBuilder t, string commune, int year, decimal incomeFactor = 10m)
    {
        for (var m = 1; m <= 12; m++)
        {
            await t.Report(commune, $"{year}{m:00}", Report(1000 + 10 * m, 10, incomeFactor * m));
        }
    }

    [Fact]
    public async Task CommunesReportingMonthsQuartersAndTheYearAddUpInEveryPeriodAtEveryLevel()
    {
        var t = await Tree();
        await Monthly(t, "a", 2023);
        for (var q = 1; q <= 4; q++)
        {
            await t.Report("b", $"2023Q{q}", Report(2000, 40, 100 * q));
        }
        await t.Report("c", "2023", Report(500, 5, 700));

        // Q1 at the district: a's three months (10 + 20 + 30) and b's own quarter; households are a stock, the last month's.
        var q1 = await Indicators(t, "d1", "2023Q1");
        Assert.Equal(60m + 100m, q1.Elements["income_total"]);
        Assert.Equal(1030m + 2000m, q1.Elements["households"]);
        Assert.Equal(2, q1.ReportedLeaves);
        Assert.True(q1.Indicators["poverty_rate"].Derived);

        // Nine months: a's 1..9 (450), b's Q1..Q3 (600); c reported only the year.
        var ytd9 = await Settled(t, "n", "2023YTD09", v => v.ReportedLeaves == 2);
        Assert.Equal(450m + 600m, ytd9.Elements["income_total"]);
        Assert.Equal(1090m + 2000m, ytd9.Elements["households"]);

        // The year: a's months (780), b's quarters (1000) and c's own annual report (700).
        var year = await Settled(t, "n", "2023", v => v.ReportedLeaves == 3);
        Assert.Equal(780m + 1000m + 700m, year.Elements["income_total"]);
        Assert.Equal(1120m + 2000m + 500m, year.Elements["households"]);
        Assert.Equal(3, year.Indicators["poverty_rate"].Contributors);

        // A month is only a's.
        var may = await Settled(t, "n", "202305", v => v.ReportedLeaves == 1);
        Assert.Equal(50m, may.Elements["income_total"]);

        // c's own annual report is not derived; the district holding only c says so.
        Assert.False((await Indicators(t, "d2", "2023")).Indicators["poverty_rate"].Derived);
    }

    [Fact]
    public async Task APeriodWithAMissingSubPeriodHasNoValueForThatLeaf()
    {
        var t = await Tree();
        await t.Report("a", "202301", Report(1000, 10, 10));
        await t.Report("a", "202302", Report(1000, 10, 20));
        await t.Report("b", "2023Q1", Report(2000, 40, 100));

        var q1 = await Indicators(t, "d1", "2023Q1");
        Assert.Equal(1, q1.ReportedLeaves);
        Assert.Equal(100m, q1.Elements["income_total"]);
        Assert.False(q1.Indicators["poverty_rate"].Derived);

        await t.Report("a", "202303", Report(1000, 10, 30));
        var complete = await Indicators(t, "d1", "2023Q1");
        Assert.Equal(2, complete.ReportedLeaves);
        Assert.Equal(160m, complete.Elements["income_total"]);
    }

    [Fact]
    public async Task ADirectReportWinsOverWhatItsSubPeriodsAddUpTo()
    {
        var t = await Tree();
        await Monthly(t, "a", 2023);
        Assert.Equal(780m, (await Indicators(t, "d1", "2023")).Elements["income_total"]);

        await t.Report("a", "2023", Report(1200, 12, 800)); // the revised annual figure
        var year = await Indicators(t, "d1", "2023");
        Assert.Equal(800m, year.Elements["income_total"]);
        Assert.Equal(1200m, year.Elements["households"]);
        Assert.False(year.Indicators["poverty_rate"].Derived);
        var half = await Indicators(t, "d1", "2023S1"); // halves are still derived from the months
        Assert.Equal(1060m, half.Elements["households"]);
        Assert.True(half.Indicators["poverty_rate"].Derived);
    }

    [Fact]
    public async Task ACorrectedMonthMovesItsQuarterHalfYearToDatesYearAndNextYearsGrowthEverywhere()
    {
        var t = await Tree();
        await Monthly(t, "a", 2023);
        await Monthly(t, "a", 2024, incomeFactor: 12m); // 20 % more every month

        var growth = await Settled(t, "n", "2024Q1", v => v.Indicators["growth_rate"].Value is not null);
        Assert.Equal(20m, growth.Indicators["growth_rate"].Value); // 2024Q1 against 2023Q1, not against 2023Q4

        await t.Report("a", "202302", Report(1020, 10, 14)); // February 2023 was 20, is 14: Q1 2023 is 54
        foreach (var (period, income) in new[] { ("2023Q1", 54m), ("2023S1", 204m), ("2023YTD04", 94m), ("2023YTD11", 654m), ("2023", 774m) })
        {
            var view = await Settled(t, "n", period, v => v.Elements["income_total"] == income);
            Assert.Equal(income, view.Elements["income_total"]);
        }
        var moved = await Settled(t, "n", "2024Q1", v => v.Indicators["growth_rate"].Value != 20m);
        Assert.Equal(Math.Round((72m - 54m) / 54m * 100m, 6), Math.Round(moved.Indicators["growth_rate"].Value!.Value, 6));
        Assert.Equal(20m, (await Indicators(t, "n", "2024Q2")).Indicators["growth_rate"].Value); // the second quarter did not move
    }

    [Fact]
    public async Task TheRollupOfAYearRebuildsEveryPeriodFromTheLeavesAfterAMove()
    {
        var t = await Tree();
        await Monthly(t, "a", 2023);
        await t.Report("c", "2023Q1", Report(500, 5, 70));
        Assert.Equal(60m + 70m, (await Settled(t, "p", "2023Q1", v => v.ReportedLeaves == 2)).Elements["income_total"]);

        await t.Unit("a", "commune", "d2");
        var d2 = await Settled(t, "d2", "2023Q1", v => v.ReportedLeaves == 2);
        Assert.Equal(130m, d2.Elements["income_total"]);
        Assert.Equal(0, (await Settled(t, "d1", "2023Q1", v => v.ReportedLeaves == 0)).ReportedLeaves);
        Assert.Equal(780m, (await Settled(t, "d2", "2023", v => v.ReportedLeaves == 1)).Elements["income_total"]);
    }
}
