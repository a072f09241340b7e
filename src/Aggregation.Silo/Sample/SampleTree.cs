using System.Globalization;
using System.Reflection;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Trees;
using Aggregation.Domain.Units;

namespace Aggregation.Silo.Sample;

/// <summary>
/// The sample's second tree (SPEC section 8): Thành phố Hải Phòng (province 31) as it is from 1 July 2025, its 114 communes
/// and wards from <c>units-2025-07.csv</c>, linked to the sample's 2023 communes (<c>links-2025-07.csv</c>: a 2023 commune
/// whose code persists in the March 2025 list is the same commune, and the published 2025-03 → 2025-07 links take it on,
/// with equal estimated shares where a commune was split). Only new communes all of whose predecessors are in the sample
/// are linked; every other commune of the province, and the sample communes that went into them, have no link, so their
/// 2023 figures are counted as not reported and unmapped rather than half shown. The linked communes report 2025: synthetic
/// figures grown from what their predecessors reported for 2023.
/// </summary>
public sealed record SampleTree(TreeInfo OldTree, TreeInfo Tree, IReadOnlyList<(UnitDefinition Unit, string? Kind)> Units,
    IReadOnlyList<TreeLink> Links, IReadOnlyList<SampleReport> Reports)
{
    /// <summary>The sample's own tree keeps its id (its units and reports are in it) and is dated by the list it comes from.</summary>
    public static readonly TreeInfo Old = new(TreeInfo.DefaultId, new DateOnly(2023, 4, 15), "Danh mục đơn vị hành chính 15/04/2023");

    public static readonly TreeInfo New = new("2025-07", new DateOnly(2025, 7, 1), "Danh mục đơn vị hành chính 01/07/2025");

    public static SampleTree Create(IndicatorCatalog catalog, IReadOnlyList<SampleReport> sampleReports)
    {
        var units = Read("units-2025-07.csv").Select(f => (new UnitDefinition(f[0], f[1], f[2], f[3].Length == 0 ? null : f[3]), f[4].Length == 0 ? null : f[4])).ToList();
        var links = Read("links-2025-07.csv")
            .Select(f => new TreeLink(f[0], f[1], decimal.Parse(f[2], CultureInfo.InvariantCulture), f[3] == "true")).ToList();
        var reported2023 = sampleReports.Where(r => r.Period == "2023").ToDictionary(r => r.Unit, r => r.Values);
        var reports = links.GroupBy(l => l.To).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SampleReport(g.Key, "2025", Grown(catalog, g.ToList(), reported2023, int.Parse(g.Key, CultureInfo.InvariantCulture))))
            .ToList();
        return new SampleTree(Old, New, units, links, reports);
    }

    /// <summary>
    /// A new commune's 2025 report: its predecessors' 2023 figures by their shares, grown two years (incomes and budgets by
    /// 5–9 % a year, people and households by about 1 %, poverty falling), kept consistent (sectors add up, counts whole).
    /// </summary>
    private static Dictionary<string, decimal> Grown(IndicatorCatalog catalog, IReadOnlyList<TreeLink> links,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> reported, int seed)
    {
        var random = new Random(seed);
        decimal Between(double lo, double hi) => (decimal)(lo + random.NextDouble() * (hi - lo));
        var money = Between(1.10, 1.19);
        var people = Between(1.01, 1.03);
        var values = new Dictionary<string, decimal>();
        foreach (var element in catalog.Elements)
        {
            if (element.Code is "income_total" || !links.All(l => reported[l.From].ContainsKey(element.Code)))
            {
                continue;
            }
            var sum = links.Sum(l => l.Share * reported[l.From][element.Code]);
            var factor = element.Code switch
            {
                "ntm_criteria_met" => 1m / links.Sum(l => l.Share),
                "poor_households" => people * Between(0.70, 0.85),
                _ when element.Kind == ElementKind.Amount => money,
                _ => people,
            };
            var grown = sum * factor;
            values[element.Code] = element.Kind == ElementKind.Count
                ? Math.Round(grown, 0, MidpointRounding.AwayFromZero)
                : Math.Round(grown, 2, MidpointRounding.AwayFromZero);
        }
        values["income_total"] = values["income_agriculture"] + values["income_industry"] + values["income_services"];
        values["ntm_criteria_met"] = Math.Min(19m, values["ntm_criteria_met"]);
        return values;
    }

    private static IEnumerable<string[]> Read(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Aggregation.Silo.Sample.{file}")
            ?? throw new InvalidOperationException($"{file} is not embedded in Aggregation.Silo");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1)
            .Select(line => line.Split(',')).ToList();
    }
}
