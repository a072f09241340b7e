using System.Text;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Reports;
using Aggregation.Domain.Temporal;
using Aggregation.Silo.Sample;
using static Aggregation.Tests.Shared.SampleUnits;

namespace Aggregation.Grains.Tests;

/// <summary>
/// The sample as it is loaded: the 2023 communes of Bình Giang and Cẩm Giàng, synthetic 2022 and
/// 2023 reports that hold together and stay near Hải Dương's published figures, the months (or
/// quarters) that add up to them, a 2023 plan per unit.
/// </summary>
public sealed class SampleDataTests
{
    private static readonly SampleData Sample = SampleData.Create();

    private static IEnumerable<string> Communes => BinhGiang.Concat(CamGiang);

    [Fact]
    public void TheUnitsAreThe2023CommunesOfBinhGiangAndCamGiangUnderHaiDuong()
    {
        var units = Sample.Units;
        Assert.Equal(["30"], units.Children("VN"));
        Assert.Equal(["295", "296"], units.Children("30").Order(StringComparer.Ordinal));
        Assert.Equal(BinhGiang, units.Children("296").Order(StringComparer.Ordinal));
        Assert.Equal(CamGiang, units.Children("295").Order(StringComparer.Ordinal));
        Assert.Equal(1 + 1 + 2 + 16 + 17, units.Units.Count);
        Assert.All(Communes, c => Assert.Equal("commune", units[c].Level));
        (string Code, string Name)[] named =
        [
            ("VN", "Việt Nam"), ("30", "Tỉnh Hải Dương"), ("295", "Huyện Cẩm Giàng"), ("296", "Huyện Bình Giang"),
            ("10888", "Thị trấn Cẩm Giang"), ("10918", "Xã Định Sơn"), ("10942", "Xã Cẩm Đoài"), ("10945", "Thị trấn Kẻ Sặt"),
            ("10951", "Xã Vĩnh Hưng"), ("10966", "Xã Tân Việt"), ("10981", "Xã Thái Học"), ("10996", "Xã Bình Xuyên"),
        ];
        Assert.Equal(named, named.Select(n => (n.Code, units[n.Code].Name)));
        Assert.All(units.Units, u => Assert.True(u.Name.IsNormalized(NormalizationForm.FormC), u.Name));
    }

    [Fact]
    public void EveryCommuneHasOneSynthetic2022And2023ReportThatHoldsTogether()
    {
        Assert.Contains("synthetic", SampleData.Submitter);
        Assert.Equal(Communes.Order(StringComparer.Ordinal).SelectMany(c => new[] { (c, "2022"), (c, "2023") }),
            Annual.Select(r => (r.Unit, r.Period)).Order());
        foreach (var report in Annual)
        {
            var v = report.Values;
            var what = $"{report.Unit}/{report.Period}";
            Assert.Equal(19, v.Count);
            Assert.True(v["income_agriculture"] + v["income_industry"] + v["income_services"] == v["income_total"], what);
            Assert.InRange(v["households"], 2000m, 6200m);
            Assert.InRange(v["population"] / v["households"], 3.1m, 3.9m);
            Assert.InRange(v["income_total"] * 1000m / v["population"], 54m, 95m); // million VND a person
            Assert.InRange(v["poor_households"] / v["households"], 0.005m, 0.031m);
            Assert.True(v["children_under5_malnourished"] <= v["children_under5_weighed"], what);
            Assert.True(v["dossiers_online_l34"] <= v["dossiers_total"], what);
            Assert.True(v["insured_people"] <= v["population"] && v["cultural_households"] <= v["households"], what);
            Assert.Equal(19m, v["ntm_criteria_met"]);
            Assert.All(v, e => Assert.True(e.Value >= 0 && e.Value == decimal.Round(e.Value, 2), $"{what} {e.Key}"));
        }
    }

    private static IEnumerable<SampleReport> Annual => Sample.Reports.Where(r => Period.Parse(r.Period).Type == PeriodType.Yearly);

    private static readonly IndicatorCatalog Catalog = IndicatorCatalog.Default;

    private static LeafTimeline Timeline(string commune, Func<SampleReport, bool> include)
    {
        var reports = Sample.Reports.Where(r => r.Unit == commune && include(r)).ToDictionary(r => Period.Parse(r.Period), r => r.Values);
        return new LeafTimeline(Catalog, p => reports.GetValueOrDefault(p));
    }

    [Fact]
    public void EveryCommuneReportsTheMonthsOf2022And2023ButThreeReportQuartersIn2023()
    {
        Assert.Equal(["10903", "10933", "10990"], SampleData.QuarterlyCommunes.Order(StringComparer.Ordinal));
        Assert.Contains(SampleData.QuarterlyCommunes, BinhGiang.Contains);
        foreach (var commune in Communes)
        {
            var periods = Sample.Reports.Where(r => r.Unit == commune).Select(r => r.Period).ToList();
            string[] months2022 = [.. Enumerable.Range(1, 12).Select(m => $"2022{m:00}")];
            string[] in2023 = SampleData.QuarterlyCommunes.Contains(commune)
                ? ["2023Q1", "2023Q2", "2023Q3", "2023Q4"]
                : [.. Enumerable.Range(1, 12).Select(m => $"2023{m:00}")];
            Assert.Equal(((string[])[.. months2022, "2022", .. in2023, "2023"]).Order(StringComparer.Ordinal), periods.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void MonthsAndQuartersAddUpToTheAnnualReportForEveryElementKind()
    {
        foreach (var commune in Communes)
        {
            var annual = Timeline(commune, r => Period.Parse(r.Period).Type == PeriodType.Yearly);
            var parts = Timeline(commune, r => Period.Parse(r.Period).Type != PeriodType.Yearly);
            foreach (var year in new[] { 2022, 2023 })
            {
                var reported = annual.ValueFor(Period.Parse($"{year}"))!;
                var derived = parts.ValueFor(Period.Parse($"{year}"))!;
                Assert.True(derived.Derived, $"{commune}/{year}");
                Assert.Equal(19, derived.Values.Count);
                // Exactly, to the last digit: flows sum, stocks end at December, the mean population is the annual one.
                Assert.All(reported.Values, e => Assert.True(e.Value == derived.Values[e.Key], $"{commune}/{year} {e.Key}: {e.Value} vs {derived.Values[e.Key]}"));
            }
            // With the annual reports as well, the year is the direct report.
            Assert.False(Timeline(commune, _ => true).ValueFor(Period.Parse("2023"))!.Derived);
        }
    }

    [Fact]
    public void MonthsAreWholeWhereTheCatalogueCountsAndMoveGentlyThroughTheYear()
    {
        foreach (var report in Sample.Reports.Where(r => Period.Parse(r.Period).Type != PeriodType.Yearly))
        {
            var what = $"{report.Unit}/{report.Period}";
            Assert.Equal(19, report.Values.Count);
            foreach (var (code, value) in report.Values)
            {
                Assert.True(value >= 0 && value == decimal.Round(value, 2), $"{what} {code} {value}");
                Assert.True(Catalog.FindElement(code)!.Kind != ElementKind.Count || value == decimal.Truncate(value), $"{what} {code} {value}");
            }
            var year = Year(report.Unit, int.Parse(report.Period[..4]));
            var share = (decimal)Period.Parse(report.Period).MonthCount / 12m;
            // A month's income is its share of the year's, give or take the season.
            Assert.InRange(report.Values["income_total"] / (year["income_total"] * share), 0.6m, 1.6m);
            Assert.InRange(report.Values["population"] / year["population"], 0.99m, 1.01m);
            Assert.InRange(report.Values["households"] / year["households"], 0.95m, 1.05m);
        }
    }

    [Fact]
    public void NoReportOfTheSampleIsRefusedAndFewAreFlagged()
    {
        var refused = new List<string>();
        var flagged = new List<string>();
        foreach (var commune in Communes)
        {
            // Submitted in the seeder's order; each warned against the same period a year before, as it stood then.
            var sent = new Dictionary<Period, IReadOnlyDictionary<string, decimal>>();
            foreach (var report in Sample.Reports.Where(r => r.Unit == commune))
            {
                var period = Period.Parse(report.Period);
                var before = new LeafTimeline(Catalog, p => sent.GetValueOrDefault(p)).ValueFor(period.SamePeriodLastYear)?.Values;
                var outcome = ReportValidator.Validate(Catalog, report.Values, before);
                refused.AddRange(outcome.FieldErrors.Select(e => $"{commune}/{report.Period} {e}"));
                flagged.AddRange(outcome.Warnings.Select(w => $"{commune}/{report.Period} {w.Message}"));
                // A month moves against last year's as its year does: flagged only where the year moved by more than 40 %.
                foreach (var warning in outcome.Warnings.Where(w => period.Type != PeriodType.Yearly))
                {
                    var (now, then) = (Year(commune, 2023)[warning.Element!], Year(commune, 2022)[warning.Element!]);
                    Assert.True(Math.Abs(now - then) > 0.4m * then, $"{commune}/{report.Period} {warning.Message}");
                }
                sent[period] = report.Values;
            }
        }
        Assert.Empty(refused);
        Assert.True(flagged.Count * 50 <= Sample.Reports.Count, string.Join("\n", flagged));
    }

    private static IReadOnlyDictionary<string, decimal> Year(string commune, int year) =>
        Sample.Reports.Single(r => r.Unit == commune && r.Period == $"{year}").Values;

    [Fact]
    public void ProvincePovertyIsNearThePublishedRateAndFalls()
    {
        // Hải Dương had 2.15 % poor households in 2022; the synthetic province stays close and improves in 2023.
        decimal Rate(string period) =>
            Sample.Reports.Where(r => r.Period == period).Sum(r => r.Values["poor_households"])
            / Sample.Reports.Where(r => r.Period == period).Sum(r => r.Values["households"]) * 100m;
        Assert.InRange(Rate("2022"), 1.5m, 2.8m);
        Assert.True(Rate("2023") < Rate("2022"));
    }

    [Fact]
    public void EveryUnitHasA2023PlanAndTheSeedCommuneCarriesTheSeedDocumentsTargets()
    {
        Assert.Equal(Sample.Units.Units.Select(u => u.Code).Order(StringComparer.Ordinal), Sample.Plans.Select(p => p.Unit));
        Assert.All(Sample.Plans, p => Assert.Equal(2023, p.Year));
        var seed = Sample.Plans.Single(p => p.Unit == SampleData.SeedPlanCommune);
        Assert.Equal("10966", seed.Unit);
        Assert.Equal((">=", 891m), (seed.Targets["social_income"].Comparator, seed.Targets["social_income"].Value));
        Assert.Equal(("<", 0.88m), (seed.Targets["poverty_rate"].Comparator, seed.Targets["poverty_rate"].Value));

        // Other units plan 11 % growth on their own 2022 income.
        var leaves = Sample.Units.LeavesUnder("296").ToHashSet();
        var income2022 = Sample.Reports.Where(r => r.Period == "2022" && leaves.Contains(r.Unit)).Sum(r => r.Values["income_total"]);
        var district = Sample.Plans.Single(p => p.Unit == "296");
        Assert.Equal(Math.Round(income2022 * 1.11m, 0), district.Targets["social_income"].Value);
    }
}
