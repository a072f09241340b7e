using System.Globalization;
using System.Reflection;
using Aggregation.Contracts;
using Aggregation.Domain.Units;

namespace Aggregation.Silo.Sample;

public sealed record SampleReport(string Unit, string Period, IReadOnlyDictionary<string, decimal> Values);

public sealed record SamplePlan(string Unit, int Year, IReadOnlyDictionary<string, PlanTargetInput> Targets);

/// <summary>
/// The sample province: real unit names and GSO codes (Hải Dương, districts Bình Giang and
/// Cẩm Giàng with their communes of the GSO list of April 2023, <c>units.csv</c>); every report
/// figure is synthetic, drawn from a fixed seed within ranges typical of Red River Delta
/// communes. Each commune reports 2022 and 2023 as years and as months that add up to them
/// (three communes report 2023 by quarter instead), so derived periods have values and the
/// direct annual reports win over the sums of their months. The one real plan is commune 10966's
/// 2023 plan.
/// </summary>
public sealed record SampleData(UnitTree Units, IReadOnlyList<SampleReport> Reports, IReadOnlyList<SamplePlan> Plans)
{
    public const string Submitter = "sample (synthetic data)";
    public const string SeedPlanCommune = "10966";

    /// <summary>Communes that reported quarters rather than months in 2023 (one of Bình Giang, two of Cẩm Giàng).</summary>
    public static readonly IReadOnlySet<string> QuarterlyCommunes = new HashSet<string> { "10990", "10903", "10933" };

    public static SampleData Create()
    {
        var units = new UnitTree(ReadUnits());
        var reports = new List<SampleReport>();
        foreach (var leaf in units.Units.Where(u => units.IsLeaf(u.Code)).OrderBy(u => u.Code, StringComparer.Ordinal))
        {
            var code = int.Parse(leaf.Code, CultureInfo.InvariantCulture);
            var (y2022, y2023) = SyntheticCommune(new Random(code));
            // The months come from a seed of their own, so the annual reports stay what they were without them.
            Random Seasons() => new(unchecked(code * 31 + 1));
            var years = new Random(unchecked(code * 31 + 2));
            var growth = SampleMonths.PopulationGrowth(y2022["population"], y2023["population"]);
            var start2022 = y2022.ToDictionary(e => e.Key, e => e.Value + (e.Value - y2023[e.Key]));
            var months2022 = SampleMonths.Months(Seasons(), years, y2022, start2022, growth);
            var months2023 = SampleMonths.Months(Seasons(), years, y2023, y2022, growth);
            reports.AddRange(months2022.Select((m, i) => new SampleReport(leaf.Code, SampleMonths.MonthId(2022, i + 1), m)));
            reports.Add(new SampleReport(leaf.Code, "2022", y2022));
            reports.AddRange(QuarterlyCommunes.Contains(leaf.Code)
                ? SampleMonths.Quarters(months2023, y2023, growth).Select((q, i) => new SampleReport(leaf.Code, $"2023Q{i + 1}", q))
                : months2023.Select((m, i) => new SampleReport(leaf.Code, SampleMonths.MonthId(2023, i + 1), m)));
            reports.Add(new SampleReport(leaf.Code, "2023", y2023));
        }
        var plans = units.Units.OrderBy(u => u.Code, StringComparer.Ordinal)
            .Select(u => u.Code == SeedPlanCommune ? SeedPlan() : GenericPlan(u.Code, units, reports))
            .ToList();
        return new SampleData(units, reports, plans);
    }

    private static IEnumerable<UnitDefinition> ReadUnits()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Aggregation.Silo.Sample.units.csv")
            ?? throw new InvalidOperationException("units.csv is not embedded in Aggregation.Silo");
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Skip(1).Select(line => line.Split(',')).Select(f =>
            new UnitDefinition(f[0], f[1], f[2], string.IsNullOrEmpty(f[3]) ? null : f[3])).ToList();
    }

    /// <summary>Two consistent years of one commune: sectors add up to the total, counts are whole.</summary>
    private static (Dictionary<string, decimal>, Dictionary<string, decimal>) SyntheticCommune(Random r)
    {
        decimal Between(double lo, double hi) => (decimal)(lo + r.NextDouble() * (hi - lo));
        decimal Whole(decimal v) => Math.Round(v, 0, MidpointRounding.AwayFromZero);
        decimal Money(decimal v) => Math.Round(v, 2, MidpointRounding.AwayFromZero);

        var households = Whole(Between(2000, 6000));
        var population = Whole(households * Between(3.2, 3.8));
        var perCapita = Between(55, 80);
        var agriculture = Money(population * perCapita / 1000 * Between(0.07, 0.15));
        var industry = Money(population * perCapita / 1000 * Between(0.30, 0.42));
        var services = Money(population * perCapita / 1000 - agriculture - industry);
        var poverty = Between(0.012, 0.030);
        var budgetPlan = Whole(Between(4000, 18000));

        var birthRate = Between(0.013, 0.017);
        var malnutrition = Between(0.05, 0.10);
        var dossierBase = Between(800, 3000);

        // Each year drifts a little from the commune's own base rates, as real series do.
        Dictionary<string, decimal> Year(decimal hh, decimal pop, decimal agri, decimal ind, decimal svc, decimal povertyRate, decimal onlineShare, decimal budgetRatio)
        {
            var births = Whole(pop * birthRate * Between(0.9, 1.1));
            var boys = Whole(births * Between(0.51, 0.54));
            var weighed = Whole(pop * Between(0.07, 0.075));
            var dossiers = Whole(dossierBase * Between(0.9, 1.2));
            return new Dictionary<string, decimal>
            {
                ["income_total"] = agri + ind + svc,
                ["income_agriculture"] = agri,
                ["income_industry"] = ind,
                ["income_services"] = svc,
                ["population"] = pop,
                ["births_boys"] = boys,
                ["births_girls"] = births - boys,
                ["deaths"] = Whole(pop * Between(0.005, 0.0075)),
                ["children_under5_weighed"] = weighed,
                ["children_under5_malnourished"] = Whole(weighed * malnutrition * Between(0.85, 1.1)),
                ["insured_people"] = Whole(pop * Between(0.88, 0.995)),
                ["households"] = hh,
                ["poor_households"] = Whole(hh * povertyRate),
                ["cultural_households"] = Whole(hh * Between(0.93, 0.99)),
                ["budget_revenue"] = Whole(budgetPlan * budgetRatio),
                ["budget_revenue_plan"] = budgetPlan,
                ["dossiers_total"] = dossiers,
                ["dossiers_online_l34"] = Whole(dossiers * onlineShare),
                ["ntm_criteria_met"] = 19m,
            };
        }

        var first = Year(households, population, agriculture, industry, services, poverty, Between(0.70, 0.90), Between(0.95, 1.25));
        var households2 = Whole(households * Between(1.005, 1.02));
        var second = Year(households2, Whole(population * Between(1.004, 1.012)),
            Money(agriculture * Between(0.99, 1.04)), Money(industry * Between(1.04, 1.17)), Money(services * Between(1.06, 1.18)),
            poverty * Between(0.6, 0.9), Between(0.82, 0.98), Between(1.0, 1.3));
        return (first, second);
    }

    /// <summary>Commune 10966's own 2023 plan (Tân Việt, Bình Giang): the targets of the seed document.</summary>
    private static SamplePlan SeedPlan() => new(SeedPlanCommune, 2023, new Dictionary<string, PlanTargetInput>
    {
        ["social_income"] = new(">=", 891m),
        ["growth_rate"] = new(">=", 11m),
        ["share_agriculture"] = new("info", 8.3m),
        ["share_industry"] = new("info", 35.7m),
        ["share_services"] = new("info", 56m),
        ["growth_agriculture"] = new(">=", 1m),
        ["growth_industry"] = new(">=", 13m),
        ["growth_services"] = new(">=", 15m),
        ["income_per_capita"] = new(">=", 80m),
        ["budget_vs_plan"] = new(">=", 110m),
        ["natural_growth_rate"] = new("<", 1m),
        ["child_malnutrition_rate"] = new("<=", 8.5m),
        ["sex_ratio_at_birth"] = new("<=", 125m),
        ["health_insurance_coverage"] = new(">=", 100m),
        ["poverty_rate"] = new("<", 0.88m),
        ["cultural_family_rate"] = new(">=", 97.6m),
        ["online_services_rate"] = new(">", 90m),
        ["ntm_criteria_avg"] = new(">=", 19m),
    });

    /// <summary>Synthetic 2023 plans for every other unit: 11 % growth on its own 2022 income, the seed's other targets.</summary>
    private static SamplePlan GenericPlan(string unit, UnitTree units, List<SampleReport> reports)
    {
        var leaves = units.LeavesUnder(unit).ToHashSet();
        var income2022 = reports.Where(r => r.Period == "2022" && leaves.Contains(r.Unit)).Sum(r => r.Values["income_total"]);
        return new SamplePlan(unit, 2023, new Dictionary<string, PlanTargetInput>
        {
            ["social_income"] = new(">=", Math.Round(income2022 * 1.11m, 0)),
            ["growth_rate"] = new(">=", 11m),
            // Shares and sector growths chosen to agree with the 11 %: 1 / Σ share / (1 + growth) − 1 ≈ 11.1 %.
            ["share_agriculture"] = new("info", 10m),
            ["share_industry"] = new("info", 36m),
            ["share_services"] = new("info", 54m),
            ["growth_agriculture"] = new(">=", 2m),
            ["growth_industry"] = new(">=", 11m),
            ["growth_services"] = new(">=", 13m),
            ["income_per_capita"] = new(">=", 70m),
            ["budget_vs_plan"] = new(">=", 110m),
            ["natural_growth_rate"] = new("<", 1m),
            ["child_malnutrition_rate"] = new("<=", 8.5m),
            ["sex_ratio_at_birth"] = new("<=", 115m),
            ["health_insurance_coverage"] = new(">=", 95m),
            ["poverty_rate"] = new("<", 1.5m),
            ["cultural_family_rate"] = new(">=", 95m),
            ["online_services_rate"] = new(">", 90m),
            ["ntm_criteria_avg"] = new(">=", 19m),
            ["ntm_standard_share"] = new("info", 100m),
        });
    }
}
