namespace Aggregation.Domain.Rules;

/// <summary>
/// Every code a <see cref="Note"/> can carry, said once: clients (the dashboard among them) translate
/// these, with the note's args, and docs/problems.md lists them with their args.
/// </summary>
public static class NoteCodes
{
    // Warnings on an accepted report (its element is the warning's element).

    /// <summary>Args: sectors, total, tolerance (%).</summary>
    public const string SectorSum = "sector_sum";

    /// <summary>Args: insured, population.</summary>
    public const string InsuredAbovePopulation = "insured_above_population";

    /// <summary>Args: ratio (absent when no girls were born), low, high.</summary>
    public const string SexRatio = "sex_ratio";

    /// <summary>Args: element, from, to, threshold (%).</summary>
    public const string LargeChange = "large_change";

    // Why an indicator's value, progress or change is null.

    /// <summary>Args: inputs, the elements a leaf must report (<c>x[-1]</c>: of the same period last year).</summary>
    public const string NoContributor = "no_contributor";

    public const string ZeroDenominator = "zero_denominator";

    public const string ValueOverflow = "value_overflow";

    public const string ProgressOverflow = "progress_overflow";

    public const string ChangeOverflow = "change_overflow";

    // A goal seek's caveat, or why it found nothing.

    public const string NotMonotone = "not_monotone";

    public const string UndefinedOverRange = "undefined_over_range";

    public const string TargetNotCrossed = "target_not_crossed";

    public const string UndefinedNearTarget = "undefined_near_target";

    public const string JumpsAcrossTarget = "jumps_across_target";

    // Plan targets that contradict each other.

    /// <summary>Args: sum, expected (100), band (percentage points).</summary>
    public const string SharesSum = "shares_sum";

    /// <summary>Args: implied, stated, band, and each sector's share and growth target by indicator code.</summary>
    public const string ImpliedGrowth = "implied_growth";

    /// <summary>Args: cause, one of the four below, and that cause's values.</summary>
    public const string ImpliedGrowthUndefined = "implied_growth_undefined";

    /// <summary>A cause. Args: growthIndicator, growth, shareIndicator, share.</summary>
    public const string SectorVanished = "sector_vanished";

    /// <summary>A cause: last year's sector sizes are beyond a decimal.</summary>
    public const string SectorsOverflow = "sectors_overflow";

    /// <summary>A cause: the shares leave last year's total at zero.</summary>
    public const string NoPreviousTotal = "no_previous_total";

    /// <summary>A cause: the implied growth is beyond a decimal.</summary>
    public const string ImpliedGrowthOverflow = "implied_growth_overflow";

    /// <summary>Every code above, in the order they are declared.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        SectorSum, InsuredAbovePopulation, SexRatio, LargeChange,
        NoContributor, ZeroDenominator, ValueOverflow, ProgressOverflow, ChangeOverflow,
        NotMonotone, UndefinedOverRange, TargetNotCrossed, UndefinedNearTarget, JumpsAcrossTarget,
        SharesSum, ImpliedGrowth, ImpliedGrowthUndefined, SectorVanished, SectorsOverflow, NoPreviousTotal, ImpliedGrowthOverflow,
    ];
}
