using Aggregation.Domain.Catalog;
using Aggregation.Domain.Rollup;

namespace Aggregation.Bench;

/// <summary>A national-shaped tree (provinces → districts of 15 communes, 11 districts a province) with two years of synthetic reports.</summary>
public sealed class NationalData
{
    public const int CommunesPerDistrict = 15;
    public const int DistrictsPerProvince = 11;

    public NationalData(int communes, int seed = 2023)
    {
        var rng = new Random(seed);
        Reports = Enumerable.Range(0, communes).Select(_ => Commune(rng)).ToList();
    }

    /// <summary>Each commune's (previous year, current year) values.</summary>
    public List<(Dictionary<string, decimal> Previous, Dictionary<string, decimal> Current)> Reports { get; }

    public int Districts => (Reports.Count + CommunesPerDistrict - 1) / CommunesPerDistrict;

    /// <summary>Rolls every commune up district by district, province by province, to the nation, as the grains do.</summary>
    public Contribution RollUp(IndicatorCatalog catalog)
    {
        var leaves = Reports.Select(r => LeafContribution.Compute(catalog, r.Current, r.Previous)).ToList();
        var districts = leaves.Chunk(CommunesPerDistrict).Select(Contribution.Sum).ToList();
        var provinces = districts.Chunk(DistrictsPerProvince).Select(Contribution.Sum).ToList();
        return Contribution.Sum(provinces);
    }

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
                ["ntm_criteria_met"] = 19,
            };
        }
        return (Year(1m), Year(1.1m));
    }
}
