using Aggregation.Domain.Numbers;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Rules;

namespace Aggregation.Domain.Scenarios;

/// <summary>Evaluates a scenario on top of the live rollup with the same contribution group.</summary>
public static class ScenarioMath
{
    public static readonly Note ChangeOverflow = new(NoteCodes.ChangeOverflow, $"the change is {Checked.OutOfRange}");

    /// <summary>
    /// A unit's scenario contribution: its live <paramref name="baseline"/> minus the live
    /// contributions of the changed leaves under it plus their scenario contributions. Cost grows
    /// with the overrides, not the tree: unchanged leaves are never read. Exact, because the
    /// contribution sums are decimals of at most six places.
    /// </summary>
    public static Contribution Adjust(Contribution baseline, IEnumerable<(Contribution Before, Contribution After)> changedLeaves)
    {
        var changes = changedLeaves.ToList();
        // Most units shown by a scenario have no changed leaf under them: their scenario is their baseline.
        return changes.Count == 0
            ? baseline
            : Contribution.Sum(changes.SelectMany(c => new[] { c.Before.Negate(), c.After }).Prepend(baseline));
    }

    /// <summary>
    /// An indicator's scenario value minus its baseline, null where either is undefined, with the
    /// scenario's reason; two values of opposite sign near a decimal's limits have no difference a
    /// decimal holds, which is said too.
    /// </summary>
    public static (decimal? Delta, Note? Reason) Change(IndicatorValue baseline, IndicatorValue scenario)
    {
        if (baseline.Value is not { } before || scenario.Value is not { } after)
        {
            return (null, scenario.Reason);
        }
        return Checked.Subtract(after, before) is { } delta ? (delta, scenario.Reason) : (null, ChangeOverflow);
    }
}
