using Aggregation.Domain.Catalog;
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
/// </summary>
public sealed class NationalData
{
    public const string Nation = "VN";
    public const int CommunesPerDistrict = 15;
    public const int DistrictsPerProvince = 11;
    public const int ReformedCommunes = 3_321;
    public const int ReformedProvinces = 34;

    public NationalData(int communes, int seed = 2023)
    {
        var rng = new Random(seed);
        var list = new List<CommuneData>(communes);
        if (communes == ReformedCommunes)
        {
            for (var i = 0; i < communes; i++)
            {
                var (previous, current) = Commune(rng);
                list.Add(new CommuneData($"C{i:00000}", null, $"P{i * ReformedProvinces / communes:00}", previous, current));
            }
        }
        else
        {
            for (var i = 0; i < communes; i++)
            {
                var district = i / CommunesPerDistrict;
                var (previous, current) = Commune(rng);
                list.Add(new CommuneData($"C{i:00000}", $"D{district:0000}", $"P{district / DistrictsPerProvince:00}", previous, current));
            }
        }
        Communes = list;
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

    /// <summary>A plausible, valid report pair: counts are whole, parts never exceed wholes.</summary>
    private static (Dictionary<string, decimal>, Dictionary<string, decimal>) Commune(Random rng)
    {
        Dictionary<string, decimal> Year(decimal scale)
        {
            var households = Math.Round((decimal)rng.Next(2000, 6000) * scale);
            var agriculture = Math.Round((decimal)(rng.NextDouble() * 100 + 50) * scale, 2);
            var industry = Math.Round((decimal)(rng.NextDouble() * 300 + 200) * scale, 2);
            var services = Math.Round((decimal)(rng.NextDouble() * 400 + 300) * scale, 2);
            var births = rng.Next(100, 300);
            var weighed = rng.Next(800, 1500);
            var dossiers = rng.Next(800, 3000);
            return new()
            {
                ["income_total"] = agriculture + industry + services,
                ["income_agriculture"] = agriculture,
                ["income_industry"] = industry,
                ["income_services"] = services,
                ["population"] = households * 3,
                ["births_boys"] = births / 2 + 5,
                ["births_girls"] = births / 2 - 5,
                ["deaths"] = rng.Next(50, 120),
                ["children_under5_weighed"] = weighed,
                ["children_under5_malnourished"] = weighed / rng.Next(10, 20),
                ["insured_people"] = households * 3 - rng.Next(0, 500),
                ["households"] = households,
                ["poor_households"] = Math.Round(households * (decimal)(rng.NextDouble() * 0.025 + 0.005)),
                ["cultural_households"] = Math.Round(households * 0.95m),
                ["budget_revenue"] = rng.Next(4000, 20000),
                ["budget_revenue_plan"] = rng.Next(4000, 18000),
                ["dossiers_total"] = dossiers,
                ["dossiers_online_l34"] = dossiers * 9 / 10,
                ["ntm_criteria_met"] = rng.Next(0, 4) == 0 ? 19 : rng.Next(12, 19),
            };
        }
        return (Year(1m), Year(1.1m));
    }
}
