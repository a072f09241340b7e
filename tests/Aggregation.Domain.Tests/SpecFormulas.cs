namespace Aggregation.Domain.Tests;

/// <summary>
/// The indicator table of SPEC section 3, written out by hand so the catalogue's formulas are
/// checked against it rather than against themselves. Each leaf either has every input or is skipped.
/// </summary>
internal sealed record SpecFormula(
    string[] Current, string[] Previous,
    Func<IReadOnlyDictionary<string, decimal>, IReadOnlyDictionary<string, decimal>, decimal> Numerator,
    Func<IReadOnlyDictionary<string, decimal>, IReadOnlyDictionary<string, decimal>, decimal>? Denominator,
    decimal Scale, decimal Offset)
{
    public static readonly IReadOnlyDictionary<string, SpecFormula> All = new Dictionary<string, SpecFormula>
    {
        ["social_income"] = new(["income_total"], [], (c, _) => c["income_total"], null, 1m, 0m),
        ["growth_rate"] = Growth("income_total"),
        ["share_agriculture"] = Ratio("income_agriculture", "income_total", 100m),
        ["share_industry"] = Ratio("income_industry", "income_total", 100m),
        ["share_services"] = Ratio("income_services", "income_total", 100m),
        ["growth_agriculture"] = Growth("income_agriculture"),
        ["growth_industry"] = Growth("income_industry"),
        ["growth_services"] = Growth("income_services"),
        ["income_per_capita"] = Ratio("income_total", "population", 1000m),
        ["budget_vs_plan"] = Ratio("budget_revenue", "budget_revenue_plan", 100m),
        ["natural_growth_rate"] = new(["births_boys", "births_girls", "deaths", "population"], [],
            (c, _) => c["births_boys"] + c["births_girls"] - c["deaths"], (c, _) => c["population"], 100m, 0m),
        ["child_malnutrition_rate"] = Ratio("children_under5_malnourished", "children_under5_weighed", 100m),
        ["sex_ratio_at_birth"] = Ratio("births_boys", "births_girls", 100m),
        ["health_insurance_coverage"] = Ratio("insured_people", "population", 100m),
        ["poverty_rate"] = Ratio("poor_households", "households", 100m),
        ["cultural_family_rate"] = Ratio("cultural_households", "households", 100m),
        ["online_services_rate"] = Ratio("dossiers_online_l34", "dossiers_total", 100m),
        ["ntm_criteria_avg"] = new(["ntm_criteria_met"], [], (c, _) => c["ntm_criteria_met"], (_, _) => 1m, 1m, 0m),
        ["ntm_standard_share"] = new(["ntm_criteria_met"], [], (c, _) => c["ntm_criteria_met"] == 19m ? 1m : 0m, (_, _) => 1m, 100m, 0m),
    };

    /// <summary>Σ numerator / Σ denominator × scale + offset over the leaves that have every input; null when undefined.</summary>
    public (decimal? Value, int Contributors) Evaluate(IEnumerable<LeafReport> leaves)
    {
        var contributing = leaves.Where(l =>
            Current.All(l.Current.ContainsKey) && (Previous.Length == 0 || Previous.All(e => l.Previous?.ContainsKey(e) == true))).ToList();
        var empty = new Dictionary<string, decimal>();
        var numerator = contributing.Sum(l => Numerator(l.Current, l.Previous ?? empty));
        var denominator = contributing.Sum(l => Denominator?.Invoke(l.Current, l.Previous ?? empty) ?? 0m);
        if (contributing.Count == 0 || (Denominator is not null && denominator == 0m))
        {
            return (null, contributing.Count);
        }
        return ((Denominator is null ? numerator : numerator / denominator) * Scale + Offset, contributing.Count);
    }

    private static SpecFormula Ratio(string numerator, string denominator, decimal scale) =>
        new([numerator, denominator], [], (c, _) => c[numerator], (c, _) => c[denominator], scale, 0m);

    private static SpecFormula Growth(string element) =>
        new([element], [element], (c, _) => c[element], (_, p) => p[element], 100m, -100m);
}
