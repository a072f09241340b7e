using Aggregation.Domain.Periods;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Units;

namespace Aggregation.Contracts;

/// <summary>
/// A unit in a period, whichever grain answers for it: a leaf's <see cref="ICommuneGrain"/> holds its
/// contribution and approval; an aggregate's <see cref="IRollupGrain"/> its total and children, its
/// <see cref="IApprovalGrain"/> its approval. The one place that tells a leaf from an aggregate.
/// </summary>
/// <param name="Parent">The code of the unit's parent (in the unit's tree), through whose approval grain it is unapproved; null at a root.</param>
public readonly record struct UnitInPeriod(IGrainFactory Grains, UnitKey Unit, bool IsLeaf, string? Parent, Period Period)
{
    /// <summary>The unit's live contribution with its version.</summary>
    public Task<VersionedContribution> GetContribution() => IsLeaf ? Commune.GetContribution(Period) : Rollup.GetContribution(Period);

    /// <summary>The unit's total and the part each child holds in it, from one read; a leaf is its own total, with no children.</summary>
    public async Task<HeldChildren<Contribution>> GetChildren() => IsLeaf
        ? new((await Commune.GetContribution(Period)).Contribution, new Dictionary<string, Contribution>())
        : await Rollup.GetChildren(Period);

    /// <summary>The same for one indicator's components.</summary>
    public async Task<HeldChildren<Components>> GetChildren(string indicator) => IsLeaf
        ? new((await Commune.GetContribution(Period)).Contribution.IndicatorOrZero(indicator), new Dictionary<string, Components>())
        : await Rollup.GetChildren(Period, indicator);

    /// <summary>One indicator's components for each of <paramref name="periods"/>, all in <see cref="Period"/>'s year, in one call.</summary>
    public Task<IReadOnlyList<Components>> GetIndicator(IReadOnlyList<Period> periods, string indicator) =>
        IsLeaf ? Commune.GetIndicator(periods, indicator) : Rollup.GetIndicator(periods, indicator);

    /// <summary>The unit's contributions for every period of <see cref="Period"/>'s year that it has one for.</summary>
    public Task<IReadOnlyList<PeriodContribution>> GetContributions() => IsLeaf ? Commune.GetContributions(Period.Year) : Rollup.GetContributions();

    /// <summary>The approval, or null when the unit is not approved for the period.</summary>
    public Task<ApprovalView?> GetApproval() => IsLeaf ? Commune.GetApproval(Period) : Approval.Get();

    /// <summary>Approves a leaf's report, or an aggregate whose children are all approved.</summary>
    public Task<ApprovalResult> Approve(KeyPrincipal by) => IsLeaf ? Commune.Approve(Period, by) : Approval.Approve(by);

    /// <summary>
    /// Withdraws the approval: below the top through the parent's approval grain, which refuses while
    /// the parent is approved in the same turn as approving it; a root directly. A leaf's passes through the
    /// parent's grains of every period containing this one, since the leaf's values for those can derive from it.
    /// </summary>
    public Task<ApprovalResult> Unapprove(KeyPrincipal by)
    {
        if (Parent is not { } parent)
        {
            return Withdraw(by);
        }
        if (!IsLeaf)
        {
            return Grains.Approval(Unit.WithCode(parent), Period).UnapproveChild(Unit.Code, by);
        }
        var period = Period;
        var chain = Period.AllOf(period.Year).Where(p => p.Contains(period)).OrderBy(p => p.ToString(), StringComparer.Ordinal).ToList();
        return Grains.Approval(Unit.WithCode(parent), chain[0]).UnapproveLeafChild(Unit.Code, period, chain.Skip(1).ToList(), by);
    }

    /// <summary>The unit's own withdrawal, once the parent (if any) has checked the order.</summary>
    public Task<ApprovalResult> Withdraw(KeyPrincipal by) => IsLeaf ? Commune.Unapprove(Period, by) : Approval.Unapprove(by);

    private ICommuneGrain Commune => Grains.Commune(Unit);

    private IRollupGrain Rollup => Grains.Rollup(Unit, Period.Year);

    private IApprovalGrain Approval => Grains.Approval(Unit, Period);
}

/// <summary>Reaching a unit in a period from what is known of it.</summary>
public static class UnitsInPeriods
{
    /// <summary>Unit <paramref name="unit"/> as it describes itself (<paramref name="info"/>).</summary>
    public static UnitInPeriod InPeriod(this IGrainFactory grains, UnitKey unit, UnitInfo info, Period period) =>
        new(grains, unit, info.IsLeaf, info.Parent, period);

    /// <summary>A child as its parent <paramref name="parent"/> lists it.</summary>
    public static UnitInPeriod InPeriod(this IGrainFactory grains, ChildSummary child, UnitKey parent, Period period) =>
        new(grains, parent.WithCode(child.Code), child.IsLeaf, parent.Code, period);

    /// <summary>A child's contributions for every period of a year it has one for: what its parent's rollup pulls.</summary>
    public static Task<IReadOnlyList<PeriodContribution>> ContributionsOf(this IGrainFactory grains, ChildSummary child, UnitKey parent, int year) =>
        grains.InPeriod(child, parent, Period.Create(PeriodType.Yearly, year, 1)).GetContributions();
}
