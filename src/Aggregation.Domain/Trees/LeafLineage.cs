using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Temporal;

namespace Aggregation.Domain.Trees;

/// <summary>
/// One predecessor of a leaf: the link from it and what it states for each period (its own report, or a
/// value it restates from its own predecessors), as <see cref="LeafLineage.Stated"/> answers for it.
/// </summary>
public sealed record Predecessor(TreeLink Link, Func<Period, RestatedReport?> Stated);

/// <summary>
/// A leaf's values over time across trees (SPEC section 10). For a period of the leaf's own tree it
/// states its own report; for a period of an older tree it states what its predecessors (the leaves of
/// the tree right before, through the mapping) have for that very period, restated: each predecessor's
/// value is its report or derived from its sub-periods on its own timeline, and the leaf has a value
/// only when every predecessor has one. A period of a newer tree is not the leaf's. Its
/// <see cref="Timeline"/> then derives any period from these, so a derived period whose months lie on
/// two trees (2025: January–June restated, July–December reported) combines the restated months with
/// the reported ones, and growth compares with the previous year restated onto the same tree.
/// A leaf of a tree the book does not know (the default tree of an installation without trees) states
/// its reports for every period.
/// </summary>
public sealed class LeafLineage
{
    private readonly IndicatorCatalog _catalog;
    private readonly TreeBook _book;
    private readonly string _tree;
    private readonly Func<Period, IReadOnlyDictionary<string, decimal>?> _own;
    private readonly IReadOnlyList<(TreeLink Link, Func<Period, RestatedReport?> Stated, LeafTimeline Timeline)> _predecessors;
    private readonly Dictionary<Period, RestatedReport?> _stated = [];

    public LeafLineage(IndicatorCatalog catalog, TreeBook book, string tree,
        Func<Period, IReadOnlyDictionary<string, decimal>?> own, IReadOnlyList<Predecessor> predecessors)
    {
        _catalog = catalog;
        _book = book;
        _tree = tree;
        _own = own;
        _predecessors = predecessors.Count == 0 ? [] : predecessors.Select(p => (p.Link, p.Stated, new LeafTimeline(catalog, q => p.Stated(q)?.Values))).ToList();
        Timeline = new LeafTimeline(catalog, p => Stated(p)?.Values);
    }

    /// <summary>The leaf's values for any period, derived from what it <see cref="Stated">states</see>.</summary>
    public LeafTimeline Timeline { get; }

    /// <summary>Whether a period's value is the leaf's own (its tree's), restated from an older tree, or not the leaf's.</summary>
    public PeriodOrigin OriginOf(Period period)
    {
        if (_book.Find(_tree) is null)
        {
            return PeriodOrigin.Own;
        }
        var tree = _book.TreeOf(period).Id;
        return tree == _tree ? PeriodOrigin.Own : _book.IsNewer(_tree, tree) ? PeriodOrigin.Restated : PeriodOrigin.Newer;
    }

    /// <summary>What the leaf states for a period: its report (weight 1, not estimated), its restated value, or null.</summary>
    public RestatedReport? Stated(Period period)
    {
        if (_stated.TryGetValue(period, out var known))
        {
            return known;
        }
        var stated = OriginOf(period) switch
        {
            PeriodOrigin.Own => _own(period) is { } values ? new RestatedReport(values, false, 1m) : null,
            PeriodOrigin.Restated => Restate(period),
            _ => null,
        };
        _stated[period] = stated;
        return stated;
    }

    /// <summary>Whether the leaf's value for a period (stated or derived) rests on an estimated share.</summary>
    public bool IsEstimated(Period period) =>
        Timeline.ValueFor(period) is { } value && value.Sources.Any(s => Stated(s)?.Estimated == true);

    private RestatedReport? Restate(Period period) =>
        Restatement.Restate(_catalog, _predecessors.Select(p => Value(p.Link, p.Stated, p.Timeline, period)).ToList());

    /// <summary>A predecessor's value for the period on its own timeline, with what its sources say of shares and weight.</summary>
    private static PredecessorReport Value(TreeLink link, Func<Period, RestatedReport?> stated, LeafTimeline timeline, Period period)
    {
        if (timeline.ValueFor(period) is not { } value)
        {
            return new PredecessorReport(link.Share, link.Estimated, null);
        }
        var sources = value.Sources.Select(stated).OfType<RestatedReport>().ToList();
        return new PredecessorReport(link.Share, link.Estimated || sources.Any(s => s.Estimated), value.Values,
            sources.Count == 0 ? 1m : sources[0].Weight);
    }
}

/// <summary>Where a leaf's value for a period comes from (<see cref="LeafLineage.OriginOf"/>).</summary>
public enum PeriodOrigin
{
    /// <summary>The period is on the leaf's tree: its own reports.</summary>
    Own,

    /// <summary>The period is on an older tree: restated from the leaf's predecessors.</summary>
    Restated,

    /// <summary>The period is on a newer tree: not the leaf's (its reports go to the newer tree's leaf).</summary>
    Newer,
}
