using System.Globalization;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Numbers;
using Aggregation.Domain.Rules;

namespace Aggregation.Domain.Plans;

/// <summary>A target as submitted: a bare number takes the indicator's default comparator.</summary>
public sealed record TargetInput(string? Comparator, decimal Value);

/// <summary>A warning that a plan's targets contradict each other, naming the indicators involved.</summary>
public sealed record PlanWarning(IReadOnlyList<string> Indicators, Note Note)
{
    public string Code => Note.Code;

    public string Message => Note.Message;

    public IReadOnlyDictionary<string, NoteArg> Args => Note.Args;
}

/// <summary>Builds plans from input and checks them for consistency.</summary>
public static class PlanRules
{
    private static readonly (string Share, string Growth)[] Sectors =
    [
        ("share_agriculture", "growth_agriculture"),
        ("share_industry", "growth_industry"),
        ("share_services", "growth_services"),
    ];

    private const decimal Band = Thresholds.PlanBandPoints;

    private static readonly Rule BadComparator = new(RefusalCodes.InvalidComparator, "comparator must be one of >=, >, <=, <, =, info");
    private static readonly Rule TargetOutOfRange = new(RefusalCodes.OutOfRange, $"target is out of range: it must not exceed {Limits.MaxValueText} in magnitude");

    /// <summary>
    /// Imported values over the stored targets, built as <see cref="Build"/> builds input: a value keeps the stored
    /// comparator of its indicator (or takes the indicator's default), and a stored target without a value stays.
    /// </summary>
    public static (IReadOnlyDictionary<string, Target> Targets, IReadOnlyList<FieldError> Errors) Merge(
        IndicatorCatalog catalog, IReadOnlyDictionary<string, TargetInput> stored, IReadOnlyDictionary<string, decimal> values)
    {
        var merged = new Dictionary<string, TargetInput>(stored);
        foreach (var (indicator, value) in values)
        {
            merged[indicator] = new TargetInput(stored.GetValueOrDefault(indicator)?.Comparator, value);
        }
        return Build(catalog, merged);
    }

    /// <summary>Turns input into targets, or returns errors keyed by indicator.</summary>
    public static (IReadOnlyDictionary<string, Target> Targets, IReadOnlyList<FieldError> Errors) Build(
        IndicatorCatalog catalog, IReadOnlyDictionary<string, TargetInput> input)
    {
        var targets = new Dictionary<string, Target>();
        var errors = new List<FieldError>();
        foreach (var (code, t) in input)
        {
            if (catalog.FindIndicator(code) is not { } indicator)
            {
                errors.Add(FieldRules.UnknownIndicator.At(code));
                continue;
            }
            var comparator = indicator.DefaultComparator;
            if (t.Comparator is not null && !ComparatorText.TryParse(t.Comparator, out comparator))
            {
                errors.Add(BadComparator.At(code));
                continue;
            }
            if (Math.Abs(t.Value) > Limits.MaxValue)
            {
                errors.Add(TargetOutOfRange.At(code));
                continue;
            }
            if (indicator.Minimum is { } minimum && t.Value < minimum)
            {
                errors.Add(minimum == 0m
                    ? new FieldError(code, FieldRules.Negative.Code, $"must not be negative: {code} is never below 0")
                    : new FieldError(code, RefusalCodes.BelowMinimum, $"must be at least {F(minimum)}: {code} is never below {F(minimum)} % (nothing shrinks by more than all of it)"));
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
        // Stored targets are within 1e15, yet the check must not throw on whatever it is given.
        if (shares.All(s => s is not null) && shares.Aggregate((decimal?)0m, (a, s) => a is { } x ? Checked.Add(x, s!.Value) : null) is { } sum)
        {
            if (Checked.Distance(sum, 100m) > Band)
            {
                warnings.Add(new(Sectors.Select(s => s.Share).ToList(), Note.Of(NoteCodes.SharesSum,
                    $"sector share targets add up to {F(sum)} %, not 100 %",
                    ("sum", sum), ("expected", 100m), ("band", Band))));
            }
            var growths = Sectors.Select(s => targets.GetValueOrDefault(s.Growth)?.Value).ToArray();
            if (growths.All(g => g is not null) && targets.GetValueOrDefault("growth_rate") is { } stated && sum > 0)
            {
                var (implied, undefined) = ImpliedGrowth(shares.Select(s => s!.Value).ToArray(), growths.Select(g => g!.Value).ToArray(), sum);
                IReadOnlyList<string> involved = ["growth_rate", .. Sectors.Select(s => s.Share), .. Sectors.Select(s => s.Growth)];
                if (implied is null)
                {
                    // The cause is a note of its own: its code becomes the arg "cause", beside its values.
                    var args = new Dictionary<string, NoteArg>(undefined!.Args) { ["cause"] = undefined.Code };
                    warnings.Add(new(involved, new Note(NoteCodes.ImpliedGrowthUndefined, args,
                        $"the total growth these targets imply cannot be checked: {undefined.Message}")));
                }
                else if (Checked.Distance(implied.Value, stated.Value) > Band)
                {
                    // The sector targets are named by their indicators, which the warning lists in this order.
                    IEnumerable<(string, NoteArg)> sectors = Sectors.Select((s, i) => (s.Share, (NoteArg)shares[i]!.Value))
                        .Concat(Sectors.Select((s, i) => (s.Growth, (NoteArg)growths[i]!.Value)));
                    warnings.Add(new(involved, Note.Of(NoteCodes.ImpliedGrowth,
                        $"sector shares {string.Join(" / ", shares.Select(s => F(s!.Value)))} % with sector growths " +
                        $"{string.Join(" / ", growths.Select(g => F(g!.Value)))} % imply total growth of about {implied.Value.ToString("0.0", CultureInfo.InvariantCulture)} %, " +
                        $"not the stated {F(stated.Value)} %",
                        [("implied", AnswerRounding.Round(implied.Value)!.Value), ("stated", stated.Value), ("band", Band), .. sectors])));
                }
            }
        }
        return warnings;
    }

    /// <summary>
    /// 1 / Σ (share_i / sum) / (1 + g_i / 100) − 1, in percent, or null with the reason it is
    /// undefined (its code is the warning's cause): a sector that shrank by 100 % or more had no
    /// size to grow from, and extreme targets can take the result beyond a decimal's range.
    /// </summary>
    private static (decimal? Implied, Note? Reason) ImpliedGrowth(decimal[] shares, decimal[] growths, decimal sum)
    {
        var previousShare = 0m;
        for (var i = 0; i < Sectors.Length; i++)
        {
            if (growths[i] <= -100m)
            {
                return (null, Note.Of(NoteCodes.SectorVanished,
                    $"{Sectors[i].Growth} of {F(growths[i])} % leaves nothing of last year's sector to grow from" +
                    (shares[i] > 0 ? $", yet {Sectors[i].Share} is {F(shares[i])} %" : ""),
                    ("growthIndicator", Sectors[i].Growth), ("growth", growths[i]), ("shareIndicator", Sectors[i].Share), ("share", shares[i])));
            }
            var part = Checked.Divide(shares[i], sum) is { } fraction ? Checked.Divide(fraction, 1m + growths[i] / 100m) : null;
            if (part is null || Checked.Add(previousShare, part.Value) is not { } next)
            {
                return (null, SectorsOverflow);
            }
            previousShare = next;
        }
        if (previousShare <= 0m)
        {
            return (null, NoPreviousTotal);
        }
        return Checked.Divide(1m, previousShare) is { } ratio && Checked.Multiply(ratio - 1m, 100m) is { } implied
            ? (implied, null)
            : (null, ImpliedGrowthOverflow);
    }

    private static readonly Note SectorsOverflow = new(NoteCodes.SectorsOverflow, $"last year's sector sizes are {Checked.OutOfRange}");

    private static readonly Note NoPreviousTotal = new(NoteCodes.NoPreviousTotal, "the sector shares leave last year's total at zero");

    private static readonly Note ImpliedGrowthOverflow = new(NoteCodes.ImpliedGrowthOverflow, $"the implied growth is {Checked.OutOfRange}");

    private static string F(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);
}
