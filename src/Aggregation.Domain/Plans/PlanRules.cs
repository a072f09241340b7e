using System.Globalization;
using Aggregation.Domain.Catalog;

namespace Aggregation.Domain.Plans;

/// <summary>A target as submitted: a bare number takes the indicator's default comparator.</summary>
public sealed record TargetInput(string? Comparator, decimal Value);

/// <summary>A warning that a plan's targets contradict each other.</summary>
public sealed record PlanWarning(string Code, IReadOnlyList<string> Indicators, string Message);

/// <summary>Builds plans from input and checks them for consistency.</summary>
public static class PlanRules
{
    private static readonly (string Share, string Growth)[] Sectors =
    [
        ("share_agriculture", "growth_agriculture"),
        ("share_industry", "growth_industry"),
        ("share_services", "growth_services"),
    ];

    private const decimal Band = 0.5m;

    /// <summary>Turns input into targets, or returns errors keyed by indicator.</summary>
    public static (IReadOnlyDictionary<string, Target> Targets, IReadOnlyDictionary<string, string[]> Errors) Build(
        IndicatorCatalog catalog, IReadOnlyDictionary<string, TargetInput> input)
    {
        var targets = new Dictionary<string, Target>();
        var errors = new Dictionary<string, string[]>();
        foreach (var (code, t) in input)
        {
            if (catalog.FindIndicator(code) is not { } indicator)
            {
                errors[code] = ["unknown indicator"];
                continue;
            }
            var comparator = indicator.DefaultComparator;
            if (t.Comparator is not null && !ComparatorText.TryParse(t.Comparator, out comparator))
            {
                errors[code] = ["comparator must be one of >=, >, <=, <, =, info"];
                continue;
            }
            if (Math.Abs(t.Value) > Reports.ReportValidator.MaxValue)
            {
                errors[code] = ["target must not exceed 1e15 in magnitude"];
                continue;
            }
            targets[code] = new Target(comparator, t.Value);
        }
        return (targets, errors);
    }

    /// <summary>
    /// Contradictions between targets. Sector shares must add to 100 %, and shares with sector
    /// growths imply a total growth: last year's sector i was share_i / (1 + g_i) of this
    /// year's total, so total growth = 1 / Σ share_i / (1 + g_i) − 1.
    /// </summary>
    public static IReadOnlyList<PlanWarning> CheckConsistency(IReadOnlyDictionary<string, Target> targets)
    {
        var warnings = new List<PlanWarning>();
        var shares = Sectors.Select(s => targets.GetValueOrDefault(s.Share)?.Value).ToArray();
        if (shares.All(s => s is not null))
        {
            var sum = shares.Sum(s => s!.Value);
            if (Math.Abs(sum - 100m) > Band)
            {
                warnings.Add(new("shares_sum", Sectors.Select(s => s.Share).ToList(),
                    $"sector share targets add up to {F(sum)} %, not 100 %"));
            }
            var growths = Sectors.Select(s => targets.GetValueOrDefault(s.Growth)?.Value).ToArray();
            if (growths.All(g => g is not null) && targets.GetValueOrDefault("growth_rate") is { } stated && sum > 0)
            {
                var previousShare = shares.Zip(growths, (s, g) => s!.Value / sum / (1m + g!.Value / 100m)).Sum();
                if (previousShare > 0)
                {
                    var implied = (1m / previousShare - 1m) * 100m;
                    if (Math.Abs(implied - stated.Value) > Band)
                    {
                        warnings.Add(new("implied_growth",
                            ["growth_rate", .. Sectors.Select(s => s.Share), .. Sectors.Select(s => s.Growth)],
                            $"sector shares {string.Join(" / ", shares.Select(s => F(s!.Value)))} % with sector growths " +
                            $"{string.Join(" / ", growths.Select(g => F(g!.Value)))} % imply total growth of about {implied.ToString("0.0", CultureInfo.InvariantCulture)} %, " +
                            $"not the stated {F(stated.Value)} %"));
                    }
                }
            }
        }
        return warnings;
    }

    private static string F(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);
}
