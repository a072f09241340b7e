using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Units;

namespace Aggregation.Grains;

/// <summary>Reading live contributions of a unit in a period (<see cref="UnitInPeriod"/> knows which grain answers).</summary>
internal static class LiveReads
{
    /// <summary>A unit's whole live contribution for a period.</summary>
    public static async Task<Contribution> Live(this IGrainFactory grains, UnitKey unit, UnitInfo info, Period period) =>
        (await grains.InPeriod(unit, info, period).GetContribution()).Contribution;

    /// <summary>
    /// A unit's live total and each child's part of it as the unit holds it, from one read however
    /// many children there are, and the children add up to the total. A leaf is its own total, with no children.
    /// </summary>
    public static async Task<HeldChildren<Contribution>> Children(this IGrainFactory grains, UnitKey unit, UnitInfo info, Period period) =>
        Shown(info, await grains.InPeriod(unit, info, period).GetChildren(), Contribution.Empty, Contribution.Sum);

    /// <summary>The same for one indicator's components.</summary>
    public static async Task<HeldChildren<Components>> Children(this IGrainFactory grains, UnitKey unit, UnitInfo info, Period period, string indicator) =>
        Shown(info, await grains.InPeriod(unit, info, period).GetChildren(indicator), Components.Zero,
            parts => parts.Aggregate(Components.Zero, (sum, part) => sum.Combine(part)));

    /// <summary>The unit's children as it lists them, each with the part its rollup holds (none yet: <paramref name="none"/>), and their total.</summary>
    private static HeldChildren<T> Shown<T>(UnitInfo unit, HeldChildren<T> held, T none, Func<IEnumerable<T>, T> sum)
    {
        var children = unit.Children.ToDictionary(c => c.Code, c => held.Children.TryGetValue(c.Code, out var part) ? part : none);
        // The rollup's total is the sum of what it holds; a child it still holds that has just moved away is not shown, so add up the ones shown.
        var total = held.Children.Keys.All(children.ContainsKey) ? held.Total : sum(children.Values);
        return new HeldChildren<T>(total, children);
    }

    /// <summary>A leaf's reports for a period and the one before, and the contribution they make: what verify and what-if recompute from.</summary>
    public static async Task<LeafInputs> LeafInputs(this IGrainFactory grains, IndicatorCatalog catalog, UnitKey leaf, Period period)
    {
        var reports = await grains.Commune(leaf).GetInputs(period);
        return new LeafInputs(leaf.Code, reports, reports.ToContribution(catalog));
    }
}

/// <summary>A leaf's reports as it answered them, and the contribution they make.</summary>
internal sealed record LeafInputs(string Code, LeafReports Reports, Contribution Contribution);
