using System.Text;
using Aggregation.Silo.Sample;
using static Aggregation.Tests.Shared.SampleUnits;

namespace Aggregation.Grains.Tests;

/// <summary>
/// The sample as it is loaded: the 2023 communes of Bình Giang and Cẩm Giàng, synthetic 2022 and
/// 2023 reports that hold together and stay near Hải Dương's published figures, a 2023 plan per unit.
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
            Sample.Reports.Select(r => (r.Unit, r.Period)).Order());
        foreach (var report in Sample.Reports)
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
