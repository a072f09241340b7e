namespace Aggregation.Bench;

/// <summary>What months cost against years: two bursts with nothing alongside, and a reported and a derived period read at idle.</summary>
public sealed record TimeAxisResult(BurstResult Annual, BurstResult Monthly, LatencySummary ReportedQuery, LatencySummary DerivedQuery)
{
    /// <summary>CPU per monthly report ÷ CPU per annual report (product processes, plus PostgreSQL where it runs).</summary>
    public double CpuRatio => PerReport(Monthly) / PerReport(Annual);

    private static double PerReport(BurstResult burst) => (burst.ProcessCpuSeconds + (burst.DatabaseCpuSeconds ?? 0)) / burst.Reports;
}

public sealed partial class ProductRun
{
    /// <summary>The year every commune reports once, annually, for the comparison.</summary>
    public const string AnnualYear = "2026";

    /// <summary>The year every commune reports monthly: January and February first, then the timed March, which completes the first quarter.</summary>
    public const int MonthlyYear = 2027;

    /// <summary>
    /// Each commune reports the year <see cref="AnnualYear"/>, then January, February and (timed) March of
    /// <see cref="MonthlyYear"/>; nothing else runs meanwhile, so the two bursts' CPU per report compare. A March
    /// report moves its month and, the first quarter being complete, the quarter; at idle afterwards the nation's
    /// indicators are read for a reported period (<see cref="AnnualYear"/>) and a derived one (the first quarter).
    /// </summary>
    private async Task<TimeAxisResult> TimeAxis()
    {
        var annual = await Burst(AnnualYear, data.Communes, c => c.Current);
        await WaitFresh(AnnualYear, Totals(c => c.Current));
        foreach (var month in new[] { "01", "02" })
        {
            await Burst($"{MonthlyYear}{month}", data.Communes, c => c.Current);
            await WaitFresh($"{MonthlyYear}{month}", Totals(c => c.Current));
        }
        var monthly = await Burst($"{MonthlyYear}03", data.Communes, c => c.Current);
        await WaitFresh($"{MonthlyYear}03", Totals(c => c.Current));
        log($"  annual burst {annual.ReportsPerSecond:0} reports/s, monthly burst {monthly.ReportsPerSecond:0} reports/s");

        await product.Settle(TimeSpan.FromSeconds(30));
        var reported = new Latencies();
        var derived = new Latencies();
        for (var i = 0; i < 200; i++)
        {
            await Http.Get(product.Next(), $"/api/units/{NationalData.Nation}/indicators/{AnnualYear}", reported, parse: false);
            await Http.Get(product.Next(), $"/api/units/{NationalData.Nation}/indicators/{MonthlyYear}Q1", derived, parse: false);
        }
        return new TimeAxisResult(annual, monthly, reported.Summary(), derived.Summary());
    }
}
