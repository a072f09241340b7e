using Aggregation.Domain.Catalog;
using Aggregation.Domain.Reports;
using Aggregation.Domain.Rollup;

namespace Aggregation.Bench;

/// <summary>One commune of the synthetic nation, where it sits and what it reports for the two years.</summary>
public sealed record CommuneData(
    string Code, string? District, string Province,
    Dictionary<string, decimal> Previous, Dictionary<string, decimal> Current);

/// <summary>
/// A national-shaped tree with two years of synthetic reports. 3,321 communes take today's
/// shape (34 provinces directly over their communes, as after the 2025 reform); any other count
/// takes the older one (districts of 15 communes, 11 districts a province: 10,599 communes give
/// 707 districts in 65 provinces, close to the 705 and 63 of 2024).
/// A commune's two years are drawn independently (<see cref="NationalYears.Independent"/>, what every benchmark
/// but the bulk one draws) or the second near the first (<see cref="NationalYears.Near"/>, the bulk benchmark's default).
/// </summary>
public sealed class NationalData
{
    public const string Nation = "VN";
    public const int CommunesPerDistrict = 15;
    public const int DistrictsPerProvince = 11;
    public const int ReformedCommunes = 3_321;
    public const int ReformedProvinces = 34;

    public NationalData(int communes, int seed = 2023, NationalYears years = NationalYears.Independent)
    {
        var rng = new Random(seed);
        var draw = years == NationalYears.Near ? (Func<Random, (Dictionary<string, decimal>, Dictionary<string, decimal>)>)NearYears : Commune;
        var list = new List<CommuneData>(communes);
        if (communes == ReformedCommunes)
        {
            for (var i = 0; i < communes; i++)
            {
                var (previous, current) = draw(rng);
                list.Add(new CommuneData($"C{i:00000}", null, $"P{i * ReformedProvinces / communes:00}", previous, current));
            }
        }
        else
        {
            for (var i = 0; i < communes; i++)
            {
                var district = i / CommunesPerDistrict;
                var (previous, current) = draw(rng);
                list.Add(new CommuneData($"C{i:00000}", $"D{district:0000}", $"P{district / DistrictsPerProvince:00}", previous, current));
            }
        }
        Communes = list;
        Years = years;
    }

    public NationalYears Years { get; }

    /// <summary>How the two years relate, and the warnings (chiefly "moved more than 50 %") a report of one year carries against the other.</summary>
    public string YearsShape(IndicatorCatalog catalog)
    {
        var warnings = Communes.Average(c => ReportValidator.Validate(catalog, c.Current, c.Previous).Warnings.Count);
        return (Years == NationalYears.Near ? "each commune's years near each other (`--years near`)" : "each commune's years drawn independently (`--years independent`)") +
            $", {warnings:0.00} warnings per report against the year before";
    }

    public IReadOnlyList<CommuneData> Communes { get; }

    public IEnumerable<string> Provinces => Communes.Select(c => c.Province).Distinct();

    public IEnumerable<(string Code, string Province)> Districts =>
        Communes.Where(c => c.District is not null).Select(c => (c.District!, c.Province)).Distinct();

    public string Shape => Communes.Any(c => c.District is not null)
        ? $"{Provinces.Count()} provinces → {Districts.Count()} districts → {Communes.Count} communes"
        : $"{Provinces.Count()} provinces → {Communes.Count} communes (no districts)";

    /// <summary>Rolls every commune up district by district, province by province, to the nation, as the grains do.</summary>
    public Contribution RollUp(IndicatorCatalog catalog)
    {
        var leaves = Communes.Select(c => (c.District, c.Province, Leaf: LeafContribution.Compute(catalog, c.Current, c.Previous)));
        var districts = leaves
            .GroupBy(l => (l.District, l.Province))
            .Select(g => (g.Key.District, g.Key.Province, Total: Contribution.Sum(g.Select(l => l.Leaf))))
            .ToList();
        // Without districts the groups above are the communes of each province already.
        var provinces = districts.GroupBy(d => d.Province).Select(g => Contribution.Sum(g.Select(d => d.Total)));
        return Contribution.Sum(provinces);
    }

    /// <summary>A plausible, valid report pair, the two years drawn independently: most reports move some value more than 50 %.</summary>
    private static (Dictionary<string, decimal>, Dictionary<string, decimal>) Commune(Random rng) =>
        (Year(rng.Next, rng.NextDouble, 1m), Year(rng.Next, rng.NextDouble, 1.1m));

    /// <summary>
    /// A plausible, valid report pair, the second year near the first, as a commune's years are: every draw of the
    /// first year moves by at most 3 % of its range (households and incomes scaled by 1.1, as before). Few values move more than 50 %.
    /// </summary>
    private static (Dictionary<string, decimal>, Dictionary<string, decimal>) NearYears(Random rng)
    {
        var draws = new List<double>();
        double First() { var d = rng.NextDouble(); draws.Add(d); return d; }
        var previous = Year((low, high) => low + (int)(First() * (high - low)), First, 1m);
        var next = 0;
        // The last draw of a year is taken only by some communes (criteria met in part), so the second year may take one the first did not.
        double Moved() => next < draws.Count ? Math.Clamp(draws[next++] + (rng.NextDouble() - 0.5) * 0.06, 0, 0.999_999) : rng.NextDouble();
        var current = Year((low, high) => low + (int)(Moved() * (high - low)), Moved, 1.1m);
        return (previous, current);
    }

    /// <summary>One year of a commune from its draws: counts are whole, parts never exceed wholes.</summary>
    /// <param name="next">a whole number from the lower bound up to (not including) the upper</param>
    /// <param name="nextDouble">a number from 0 up to (not including) 1</param>
    private static Dictionary<string, decimal> Year(Func<int, int, int> next, Func<double> nextDouble, decimal scale)
    {
        var households = Math.Round((decimal)next(2000, 6000) * scale);
        var agriculture = Math.Round((decimal)(nextDouble() * 100 + 50) * scale, 2);
        var industry = Math.Round((decimal)(nextDouble() * 300 + 200) * scale, 2);
        var services = Math.Round((decimal)(nextDouble() * 400 + 300) * scale, 2);
        var births = next(100, 300);
        var weighed = next(800, 1500);
        var dossiers = next(800, 3000);
        return new()
        {
            ["income_total"] = agriculture + industry + services,
            ["income_agriculture"] = agriculture,
            ["income_industry"] = industry,
            ["income_services"] = services,
            ["population"] = households * 3,
            ["births_boys"] = births / 2 + 5,
            ["births_girls"] = births / 2 - 5,
            ["deaths"] = next(50, 120),
            ["children_under5_weighed"] = weighed,
            ["children_under5_malnourished"] = weighed / next(10, 20),
            ["insured_people"] = households * 3 - next(0, 500),
            ["households"] = households,
            ["poor_households"] = Math.Round(households * (decimal)(nextDouble() * 0.025 + 0.005)),
            ["cultural_households"] = Math.Round(households * 0.95m),
            ["budget_revenue"] = next(4000, 20000),
            ["budget_revenue_plan"] = next(4000, 18000),
            ["dossiers_total"] = dossiers,
            ["dossiers_online_l34"] = dossiers * 9 / 10,
            ["ntm_criteria_met"] = next(0, 4) == 0 ? 19 : next(12, 19),
        };
    }
}

/// <summary>How a synthetic commune's second year relates to its first.</summary>
public enum NationalYears
{
    /// <summary>Drawn independently: most reports carry warnings that a value moved more than 50 % from the year before.</summary>
    Independent,

    /// <summary>Drawn near the first year, as real communes' years are: warnings are rare.</summary>
    Near,
}
