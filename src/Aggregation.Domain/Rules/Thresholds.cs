namespace Aggregation.Domain.Rules;

/// <summary>
/// Where an accepted value starts to look wrong, each said once: the warnings' words and their args
/// (which clients show, never restate) both come from here.
/// </summary>
public static class Thresholds
{
    /// <summary>Sector incomes may differ from income_total by this many percent of it.</summary>
    public const decimal SectorTolerancePercent = 0.5m;

    /// <summary>A value that moves by more than this many percent from the same period last year is flagged.</summary>
    public const decimal LargeChangePercent = 50m;

    /// <summary>The plausible sex ratio at birth, boys per 100 girls…</summary>
    public const decimal SexRatioLow = 90m;

    public const decimal SexRatioHigh = 140m;

    /// <summary>…judged only above this many births, below which chance swings it.</summary>
    public const decimal SexRatioMinBirths = 50m;

    /// <summary>How far, in percentage points, a plan's sector shares may miss 100 and its stated growth the implied one.</summary>
    public const decimal PlanBandPoints = 0.5m;
}
