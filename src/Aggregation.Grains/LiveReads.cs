using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rollup;

namespace Aggregation.Grains;

/// <summary>Reading live contributions: a leaf answers for itself, an aggregate through its rollup grain.</summary>
internal static class LiveReads
{
    /// <summary>A unit's whole live contribution for a period.</summary>
    public static async Task<Contribution> Live(this IGrainFactory grains, ChildSummary unit, Period period) => (unit.IsLeaf
        ? await grains.GetGrain<ICommuneGrain>(unit.Code).GetContribution(period)
        : await grains.GetGrain<IRollupGrain>(GrainKeys.Rollup(unit.Code, period)).GetContribution()).Contribution;

    public static Task<Contribution> Live(this IGrainFactory grains, UnitInfo unit, Period period) =>
        grains.Live(new ChildSummary(unit.Code, unit.LeafCount, unit.IsLeaf, unit.Name), period);

    /// <summary>
    /// A unit's live total and each child's part of it as the unit holds it, from the unit's
    /// rollup grain alone: one read however many children there are, and the children add up
    /// to the total. A leaf is its own total, with no children.
    /// </summary>
    public static async Task<HeldChildren<Contribution>> Children(this IGrainFactory grains, UnitInfo unit, Period period) => unit.IsLeaf
        ? new(await grains.Live(unit, period), new Dictionary<string, Contribution>())
        : Shown(unit, await grains.GetGrain<IRollupGrain>(GrainKeys.Rollup(unit.Code, period)).GetChildren(), Contribution.Empty, Contribution.Sum);

    /// <summary>The same for one indicator's components.</summary>
    public static async Task<HeldChildren<Components>> Children(this IGrainFactory grains, UnitInfo unit, Period period, string indicator) => unit.IsLeaf
        ? new((await grains.Live(unit, period)).IndicatorOrZero(indicator), new Dictionary<string, Components>())
        : Shown(unit, await grains.GetGrain<IRollupGrain>(GrainKeys.Rollup(unit.Code, period)).GetChildren(indicator), Components.Zero,
            parts => parts.Aggregate(Components.Zero, (sum, part) => sum.Combine(part)));

    /// <summary>The unit's children as it lists them, each with the part its rollup holds (none yet: <paramref name="none"/>), and their total.</summary>
    private static HeldChildren<T> Shown<T>(UnitInfo unit, HeldChildren<T> held, T none, Func<IEnumerable<T>, T> sum) where T : class
    {
        var children = unit.Children.ToDictionary(c => c.Code, c => held.Children.GetValueOrDefault(c.Code) ?? none);
        // The rollup's total is the sum of what it holds; a child it still holds that has just moved away is not shown, so add up the ones shown.
        var total = held.Children.Keys.All(children.ContainsKey) ? held.Total : sum(children.Values);
        return new HeldChildren<T>(total, children);
    }

    /// <summary>A leaf's reports for a period and the one before, and the contribution they make: what verify and what-if recompute from.</summary>
    public static async Task<LeafInputs> LeafInputs(this IGrainFactory grains, IndicatorCatalog catalog, string leaf, Period period)
    {
        var reports = await grains.GetGrain<ICommuneGrain>(leaf).GetInputs(period);
        return new LeafInputs(leaf, reports, reports.ToContribution(catalog));
    }
}

/// <summary>A leaf's reports as it answered them, and the contribution they make.</summary>
internal sealed record LeafInputs(string Code, LeafReports Reports, Contribution Contribution);
