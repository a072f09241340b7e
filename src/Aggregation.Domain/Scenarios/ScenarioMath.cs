using Aggregation.Domain.Rollup;

namespace Aggregation.Domain.Scenarios;

/// <summary>Evaluates a scenario on top of the live rollup with the same contribution group.</summary>
public static class ScenarioMath
{
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
}
