using Aggregation.Domain.Periods;
using Aggregation.Domain.Trees;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests.Trees;

/// <summary>A leaf's values across trees: its own periods, restated older ones, and derived periods that straddle a tree change.</summary>
public class LeafLineageTests
{
    private static readonly TreeBook Book = new(
    [
        new TreeInfo("t2023", new DateOnly(2023, 4, 1), "2023"),
        new TreeInfo("t2025", new DateOnly(2025, 7, 1), "2025"),
    ]);

    private static IReadOnlyDictionary<string, decimal> Income(decimal value) => Report(("income_total", value));

    /// <summary>A predecessor's own reports as it states them (weight 1, not estimated).</summary>
    private static Func<Period, RestatedReport?> Reports(Dictionary<string, IReadOnlyDictionary<string, decimal>> reports) =>
        p => reports.TryGetValue(p.ToString(), out var values) ? new RestatedReport(values, false, 1m) : null;

    private static Dictionary<string, IReadOnlyDictionary<string, decimal>> Months(int year, int from, int to, decimal each) =>
        Enumerable.Range(from, to - from + 1).ToDictionary(m => $"{year}{m:00}", _ => Income(each));

    private static LeafLineage NewLeaf(Dictionary<string, IReadOnlyDictionary<string, decimal>> own, params Predecessor[] predecessors) =>
        new(DefaultCatalog, Book, "t2025", p => own.GetValueOrDefault(p.ToString()), predecessors);

    [Fact]
    public void APeriodOfTheLeafsTreeIsItsOwnAnOlderOneRestatedANewerOneNotItsToHave()
    {
        var old = new LeafLineage(DefaultCatalog, Book, "t2023", p => Income(1m), []);
        Assert.Equal(PeriodOrigin.Own, old.OriginOf(Period.Parse("2025S1")));
        Assert.Equal(PeriodOrigin.Newer, old.OriginOf(Period.Parse("2025")));
        Assert.Null(old.Stated(Period.Parse("2025")));

        var leaf = NewLeaf([]);
        Assert.Equal(PeriodOrigin.Restated, leaf.OriginOf(Period.Parse("2023")));
        Assert.Equal(PeriodOrigin.Restated, leaf.OriginOf(Period.Parse("202506")));
        Assert.Equal(PeriodOrigin.Own, leaf.OriginOf(Period.Parse("2025Q3")));
        Assert.Equal(PeriodOrigin.Own, leaf.OriginOf(Period.Parse("2025YTD09")));

        var unknown = new LeafLineage(DefaultCatalog, Book, "default", p => Income(1m), []);
        Assert.Equal(PeriodOrigin.Own, unknown.OriginOf(Period.Parse("2023")));
        Assert.Equal(PeriodOrigin.Own, new LeafLineage(DefaultCatalog, TreeBook.Empty, "default", p => null, []).OriginOf(Period.Parse("2025")));
    }

    [Fact]
    public void OlderPeriodsAreRestatedFromWhatEachPredecessorHasForThatPeriodEvenWhenTheyReportedDifferently()
    {
        // a reported 2023 by months, b reported the year at once: their 2023 is restated from a's derived year and b's report.
        var a = Reports(Months(2023, 1, 12, 10m));
        var b = Reports(new() { ["2023"] = Income(500m) });
        var leaf = NewLeaf([],
            new(new TreeLink("a", "n", 1m, false), a),
            new(new TreeLink("b", "n", 0.5m, true), b));

        Assert.Equal(120m + 250m, leaf.Stated(Period.Parse("2023"))!.Values["income_total"]);
        Assert.True(leaf.IsEstimated(Period.Parse("2023")));
        Assert.Equal(1.5m, leaf.Stated(Period.Parse("2023"))!.Weight);
        // A month only a has: b has no value for it, and a merged commune is never half reported.
        Assert.Null(leaf.Stated(Period.Parse("202301")));
        Assert.Null(leaf.Timeline.ValueFor(Period.Parse("2023Q1")));
    }

    [Fact]
    public void AYearThatStraddlesTheTreeChangeAddsRestatedMonthsToTheLeafsOwn()
    {
        var a = Reports(Months(2025, 1, 6, 10m));
        var b = Reports(Months(2025, 1, 6, 4m));
        var own = Months(2025, 7, 12, 30m);
        var leaf = NewLeaf(own,
            new(new TreeLink("a", "n", 1m, false), a),
            new(new TreeLink("b", "n", 1m, false), b));

        Assert.Equal(6 * 14m, leaf.Timeline.ValueFor(Period.Parse("2025S1"))!.Values["income_total"]);
        Assert.Equal(6 * 14m + 6 * 30m, leaf.Timeline.ValueFor(Period.Parse("2025"))!.Values["income_total"]);
        Assert.Equal(6 * 14m + 3 * 30m, leaf.Timeline.ValueFor(Period.Parse("2025YTD09"))!.Values["income_total"]);
        Assert.False(leaf.IsEstimated(Period.Parse("2025")));

        // Without b's June, the first half and the year have no value on the new tree; the third quarter still has.
        var withoutJune = Reports(Months(2025, 1, 5, 4m));
        var partial = NewLeaf(own, new(new TreeLink("a", "n", 1m, false), a), new(new TreeLink("b", "n", 1m, false), withoutJune));
        Assert.Null(partial.Timeline.ValueFor(Period.Parse("2025")));
        Assert.Equal(90m, partial.Timeline.ValueFor(Period.Parse("2025Q3"))!.Values["income_total"]);
    }

    [Fact]
    public void GrowthComparesWithThePreviousYearRestatedOntoTheSameTree()
    {
        var a = Reports(new() { ["2024"] = Income(100m) });
        var b = Reports(new() { ["2024"] = Income(60m) });
        var leaf = NewLeaf(new() { ["2025"] = Income(200m) },
            new(new TreeLink("a", "n", 1m, false), a),
            new(new TreeLink("b", "n", 0.5m, false), b));
        var year = Period.Parse("2025");
        Assert.Equal(200m, leaf.Timeline.ValueFor(year)!.Values["income_total"]);
        Assert.Equal(130m, leaf.Timeline.ValueFor(year.SamePeriodLastYear)!.Values["income_total"]);
    }

    [Fact]
    public void ALeafTwoTreesOnRestatesStepByStepAsTheComposedMappingDoes()
    {
        var book = new TreeBook(
        [
            new TreeInfo("t1", new DateOnly(2023, 1, 1), "1"),
            new TreeInfo("t2", new DateOnly(2025, 3, 1), "2"),
            new TreeInfo("t3", new DateOnly(2025, 7, 1), "3"),
        ]);
        var first = new TreeMapping("t1", "t2", [new("x", "m", 1m, false), new("y", "m", 0.5m, true), new("y", "k", 0.5m, true)], []);
        var second = new TreeMapping("t2", "t3", [new("m", "z", 1m, false), new("k", "z", 0.25m, false)], []);
        var reports = new Dictionary<string, IReadOnlyDictionary<string, decimal>>
        {
            ["x"] = Report(("households", 100m), ("ntm_criteria_met", 19m)),
            ["y"] = Report(("households", 80m), ("ntm_criteria_met", 15m)),
        };
        var year = Period.Parse("2023");
        LeafLineage Leaf(string tree, string code, TreeMapping? into, Func<string, LeafLineage> predecessor) =>
            new(DefaultCatalog, book, tree, p => p == year && reports.TryGetValue(code, out var r) ? r : null,
                into is null ? [] : into.Predecessors(code).Select(l => new Predecessor(l, predecessor(l.From).Stated)).ToList());
        LeafLineage OnT1(string code) => Leaf("t1", code, null, _ => throw new InvalidOperationException());
        LeafLineage OnT2(string code) => Leaf("t2", code, first, OnT1);
        var z = Leaf("t3", "z", second, OnT2);

        var composed = Restatement.RestateAll(DefaultCatalog, first.Then(second), leaf => reports.GetValueOrDefault(leaf))["z"];
        var stepwise = z.Stated(year)!;
        Assert.Equal(composed.Values["households"], stepwise.Values["households"]);
        // Each step keeps 6 decimal places, so a mean restated twice may differ in the last one.
        Assert.True(Math.Abs(composed.Values["ntm_criteria_met"] - stepwise.Values["ntm_criteria_met"]) <= 0.000001m);
        Assert.Equal(composed.Weight, stepwise.Weight);
        Assert.True(stepwise.Estimated);
        Assert.Equal(100m + 40m + 10m, stepwise.Values["households"]);
    }
}
