using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Temporal;
using CsCheck;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests;

/// <summary>One leaf's reports for some periods of 2023.</summary>
internal sealed record ReportsOverTime(Dictionary<Period, Dictionary<string, decimal>> Reports)
{
    public LeafTimeline Timeline => new(DefaultCatalog, p => Reports.GetValueOrDefault(p));

    public override string ToString() =>
        string.Join("; ", Reports.OrderBy(r => r.Key.FirstMonth).ThenBy(r => r.Key.LastMonth)
            .Select(r => $"{r.Key}[{string.Join(",", r.Value.Select(kv => $"{kv.Key}={kv.Value}"))}]"));
}

public class TemporalProperties
{
    private const int Year = 2023;

    private static readonly string[] Codes = [.. DefaultCatalog.Elements.Select(e => e.Code)];

    private static readonly IReadOnlyList<Period> Months = Period.Parse("2023").Months;

    private static readonly Gen<decimal> Value = Gen.Frequency(
        (1, Gen.Const(0m)), (3, Gen.Long[0, 1000].Select(v => (decimal)v)), (3, Gen.Long[0, 1_000_000_000_000].Select(v => v / 100m)));

    /// <summary>
    /// The elements a leaf reports (most of them), each report now and then leaving one out, so that
    /// an element missing from one sub-period comes up without every combination being empty.
    /// </summary>
    private static readonly Gen<bool[]> Reported = Gen.Frequency((4, Gen.Const(true)), (1, Gen.Const(false))).Array[Codes.Length];

    private static Gen<Dictionary<string, decimal>> ReportOf(bool[] reported) =>
        Gen.Select(Value.Array[Codes.Length], Gen.Int[0, 30].Array[Codes.Length], (values, skip) =>
            Enumerable.Range(0, Codes.Length).Where(i => reported[i] && skip[i] != 0).ToDictionary(i => Codes[i], i => values[i]));

    private static readonly Gen<Dictionary<string, decimal>[]> TwelveMonths = Reported.SelectMany(r => ReportOf(r).Array[12]);

    /// <summary>Reports for a random choice of 2023's periods, from sparse to dense.</summary>
    private static readonly Gen<ReportsOverTime> AnyReports =
        Gen.Select(Reported, Gen.Int[1, 9]).SelectMany((reported, density) =>
            Gen.Select(Gen.Int[0, 9].Array[27], ReportOf(reported).Array[27], (draw, reports) =>
                new ReportsOverTime(Enumerable.Range(0, 27).Where(i => draw[i] < density)
                    .ToDictionary(i => Period.AllOf(Year)[i], i => reports[i]))));

    private static ReportsOverTime MonthsOnly(Dictionary<string, decimal>[] months) =>
        new(Enumerable.Range(0, 12).ToDictionary(i => Months[i], i => months[i]));

    private static PeriodValues Direct(Period period, Dictionary<string, decimal> values) => PeriodValues.Reported(period, values);

    private static PeriodValues Combine(string period, params PeriodValues[] parts) => PeriodValues.Combine(DefaultCatalog, Period.Parse(period), parts);

    private static SortedDictionary<string, decimal> Sorted(PeriodValues? v) => new(v?.Values.ToDictionary() ?? [], StringComparer.Ordinal);

    private static TemporalKind TemporalOf(string code) => DefaultCatalog.FindElement(code)!.Temporal;

    [Fact]
    public void TheCatalogueHasEveryTemporalKind() =>
        Assert.Equal(Enum.GetValues<TemporalKind>(), DefaultCatalog.Elements.Select(e => e.Temporal).Distinct().Order());

    [Fact]
    public void TheYearFromMonthsEqualsTheYearFromQuartersAndFromHalvesOfThoseMonths() =>
        TwelveMonths.Sample(reports =>
        {
            var months = Enumerable.Range(0, 12).Select(i => Direct(Months[i], reports[i])).ToArray();
            var quarters = Enumerable.Range(0, 4).Select(q => Combine($"{Year}Q{q + 1}", months[(3 * q)..(3 * q + 3)])).ToArray();
            var halves = Enumerable.Range(0, 2).Select(h => Combine($"{Year}S{h + 1}", quarters[(2 * h)..(2 * h + 2)])).ToArray();

            var fromMonths = Combine($"{Year}", months);
            Assert.Equal(Sorted(fromMonths), Sorted(Combine($"{Year}", quarters)));
            Assert.Equal(Sorted(fromMonths), Sorted(Combine($"{Year}", halves)));
            Assert.Equal(Sorted(fromMonths), Sorted(MonthsOnly(reports).Timeline.ValueFor(Period.Parse($"{Year}"))));

            var everyMonth = Codes.Where(c => reports.All(r => r.ContainsKey(c)));
            var expected = everyMonth.ToDictionary(c => c, c => TemporalOf(c) switch
            {
                TemporalKind.Flow => reports.Sum(r => r[c]),
                TemporalKind.Stock => reports[11][c],
                _ => decimal.Round(reports.Sum(r => r[c]) / 12m, 6),
            });
            Assert.Equal(new SortedDictionary<string, decimal>(expected, StringComparer.Ordinal), Sorted(fromMonths));
        });

    [Fact]
    public void MonthlyReportsGiveEveryPeriodOfTheYear() =>
        TwelveMonths.Sample(reports =>
        {
            var timeline = MonthsOnly(reports).Timeline;
            Assert.All(Period.AllOf(Year), p =>
            {
                var value = timeline.ValueFor(p);
                Assert.NotNull(value);
                Assert.Equal(p.Type != PeriodType.Monthly, value.Derived);
            });
        });

    [Fact]
    public void AMissingMonthLeavesEveryPeriodContainingItWithoutAValue() =>
        Gen.Select(TwelveMonths, Gen.Int[0, 11]).Sample((reports, missing) =>
        {
            var leaf = MonthsOnly(reports);
            leaf.Reports.Remove(Months[missing]);
            var timeline = leaf.Timeline;
            Assert.All(Period.AllOf(Year), p => Assert.Equal(p.Contains(Months[missing]), timeline.ValueFor(p) is null));
        });

    [Fact]
    public void ADirectReportWinsOverTheOneDerivedFromItsMonths() =>
        Gen.Select(TwelveMonths, Reported.SelectMany(ReportOf), Gen.Int[1, 4]).Sample((reports, direct, q) =>
        {
            var leaf = MonthsOnly(reports);
            var quarter = Period.Create(PeriodType.Quarterly, Year, q);
            leaf.Reports[quarter] = direct;
            var timeline = leaf.Timeline;

            var quarterValue = timeline.ValueFor(quarter)!;
            Assert.False(quarterValue.Derived);
            Assert.Equal(new SortedDictionary<string, decimal>(direct, StringComparer.Ordinal), Sorted(quarterValue));

            var months = Enumerable.Range(0, 12).Select(i => Direct(Months[i], reports[i])).ToArray();
            var quarters = Enumerable.Range(0, 4)
                .Select(i => i + 1 == q ? Direct(quarter, direct) : Combine($"{Year}Q{i + 1}", months[(3 * i)..(3 * i + 3)])).ToArray();
            var year = timeline.ValueFor(Period.Parse($"{Year}"))!;
            Assert.True(year.Derived);
            Assert.Equal(Sorted(Combine($"{Year}", quarters)), Sorted(year));
        });

    /// <summary>
    /// The rule stated without the parts: a period has a value exactly when it was reported or the
    /// leaf's month, quarter and half reports within it tile it; the value then comes from the
    /// longest of those reports (the ones no other report within the period contains).
    /// </summary>
    [Fact]
    public void AValueExistsExactlyWhenReportsTileThePeriodAndComesFromTheLongestOnes() =>
        AnyReports.Sample(leaf =>
        {
            var timeline = leaf.Timeline;
            foreach (var period in Period.AllOf(Year))
            {
                var actual = timeline.ValueFor(period);
                if (leaf.Reports.TryGetValue(period, out var own))
                {
                    Assert.False(actual!.Derived);
                    Assert.Equal(new SortedDictionary<string, decimal>(own, StringComparer.Ordinal), Sorted(actual));
                    continue;
                }
                var within = leaf.Reports.Keys
                    .Where(p => p.Type is PeriodType.Monthly or PeriodType.Quarterly or PeriodType.SixMonthly && period.Contains(p)).ToList();
                var longest = within.Where(p => !within.Any(o => o != p && o.Contains(p))).OrderBy(p => p.FirstMonth).ToList();
                if (longest.Sum(p => p.MonthCount) != period.MonthCount)
                {
                    Assert.Null(actual);
                    continue;
                }
                Assert.True(actual!.Derived);
                var expected = Codes.Where(c => longest.All(p => leaf.Reports[p].ContainsKey(c))).ToDictionary(c => c, c => TemporalOf(c) switch
                {
                    TemporalKind.Flow => longest.Sum(p => leaf.Reports[p][c]),
                    TemporalKind.Stock => leaf.Reports[longest[^1]][c],
                    _ => decimal.Round(longest.Sum(p => leaf.Reports[p][c] * p.MonthCount) / period.MonthCount, 6),
                });
                Assert.Equal(new SortedDictionary<string, decimal>(expected, StringComparer.Ordinal), Sorted(actual));
            }
        });

    [Fact]
    public void PartsCoverThePeriodWithTheLongestAlignedPeriods() =>
        PeriodProperties.AnyPeriod.Sample(period =>
        {
            var parts = LeafTimeline.PartsOf(period);
            if (period.Type == PeriodType.Monthly)
            {
                Assert.Empty(parts);
                return;
            }
            Assert.Equal(period.Months, parts.SelectMany(p => p.Months));
            Assert.All(parts, p => Assert.True(p.Type is PeriodType.SixMonthly or PeriodType.Quarterly or PeriodType.Monthly && p != period));
            Assert.All(Enumerable.Range(0, parts.Count - 1), i => Assert.True(parts[i].MonthCount >= parts[i + 1].MonthCount));
        });
}
