using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Standings;
using Aggregation.Domain.Units;
using Microsoft.Extensions.Logging;

namespace Aggregation.Grains;

/// <summary>
/// One indicator of every leaf of a tree for every period of a year: the actor the standings ask (SPEC section 11).
/// It holds each leaf's components with the leaf's version, so a retried or reordered update never goes back;
/// a unit above the leaves is valued from the sums of its leaves' components, exactly as its rollup adds them.
/// It reads the rollups of the leaves' parents before it answers its first question and is kept current by the standings feed, so a
/// restarted silo's indicator grains converge to the rollups, like the rollups to the stored reports. Rankings
/// of one period, scope and level are kept until that period changes (or the tree does): a page asking again and
/// again at idle costs a lookup.
/// </summary>
public sealed partial class IndicatorGrain(IndicatorCatalog catalog, ActiveIndicators active, ILogger<IndicatorGrain> logger) : Grain, IIndicatorGrain
{
    private const int MaxKeptRankings = 256;

    /// <summary>A leaf's components of the indicator in a period, with the leaf's version of them.</summary>
    private readonly record struct Held(long Version, Components Components);

    /// <summary>Each period's leaves, each with its components and the leaf's version of them, as the feed brought them.</summary>
    private readonly Dictionary<Period, LeafTable<Held>> _periods = [];
    private Task? _loading;
    private readonly Dictionary<(Period Period, string? Scope, string? Level), Ranked> _rankings = [];
    private StandingsTree _tree = new([]);
    private long _shapeVersion = -1;
    private readonly Dictionary<string, TargetView?> _targets = [];
    private long _plansVersion = -1;
    private IndicatorDefinition _definition = null!;
    private string _key = "";
    private string _indicator = "";
    private string _treeId = "";
    private int _year;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = this.GetPrimaryKeyString();
        (_indicator, _treeId, _year) = GrainKeys.ParseIndicator(_key);
        _definition = catalog.FindIndicator(_indicator) ?? throw new InvalidOperationException($"unknown indicator '{_indicator}'");
        active.Add(_key);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        active.Remove(_key);
        return Task.CompletedTask;
    }

    /// <summary>After a silo failure: reads the rollups again, unless nothing was read yet (the first question reads them).</summary>
    public Task Resync() => _loading is null ? Task.CompletedTask : Load();

    /// <summary>
    /// Reads the rollups once, before the first question is answered: fed while nobody asks (a burst of reports in a
    /// new year), the grain keeps nothing; asked, it holds every leaf and the feed keeps it current. A read that failed
    /// is tried again by the next question.
    /// </summary>
    private Task Loaded() => _loading is { IsFaulted: false, IsCanceled: false } ? _loading : _loading = Load();

    /// <summary>
    /// Reads what every parent of leaves holds for them, keeping the newer of held and read for each leaf and period,
    /// so what the feed brings meanwhile is never overwritten by an older read.
    /// </summary>
    private async Task Load()
    {
        await RefreshTree();
        var read = await Task.WhenAll(_tree.ParentsOfLeaves().Select(parent => GrainFactory.Rollup(new UnitKey(_treeId, parent), _year).GetLeafParts(_indicator)));
        foreach (var leaf in read.SelectMany(r => r))
        {
            Keep(leaf.Leaf, leaf.Period, new Held(leaf.Version, leaf.Components));
        }
        _rankings.Clear();
        logger.LogDebug("{Indicator} of {Tree}/{Year} read {Parents} parents of leaves", _indicator, _treeId, _year, read.Length);
    }

    public Task Feed(IReadOnlyList<LeafUpdate> leaves)
    {
        if (_loading is null)
        {
            // Nobody has asked yet: the first question reads the rollups, which hold everything the feed brings, so
            // nothing is kept until then (a national year nobody ranks costs the indicator nothing but the messages).
            return Task.CompletedTask;
        }
        foreach (var leaf in leaves)
        {
            if (Keep(leaf.Leaf, leaf.Period, new Held(leaf.Contribution.Version, leaf.Contribution.Contribution.IndicatorOrZero(_indicator)), leaves))
            {
                Forget(leaf.Period);
            }
        }
        return Task.CompletedTask;
    }

    /// <param name="batch">the feed's batch the leaf came in, if any: a period it opens is sized for the leaves the batch brings for it</param>
    private bool Keep(string leaf, Period period, Held held, IReadOnlyList<LeafUpdate>? batch = null)
    {
        if (!_periods.TryGetValue(period, out var leaves))
        {
            // Never larger than what it will hold: a period that only a few leaves report stays small.
            _periods[period] = leaves = new LeafTable<Held>(batch?.Count(l => l.Period == period) ?? 0);
        }
        return leaves.KeepNewer(leaf, held, h => h.Version);
    }

    /// <summary>Drops the rankings kept for a period that changed.</summary>
    private void Forget(Period period)
    {
        foreach (var (key, _) in _rankings)
        {
            if (key.Period == period)
            {
                _rankings.Remove(key); // removing while enumerating is allowed for the entry just read
            }
        }
    }

    /// <summary>Takes the tree's units again when they changed since the copy held.</summary>
    private async Task RefreshTree()
    {
        if (await GrainFactory.Shape(_treeId).GetIfChanged(_shapeVersion) is { } shape && shape.Version != _shapeVersion)
        {
            _tree = new StandingsTree(shape.Units);
            _shapeVersion = shape.Version;
            _rankings.Clear();
        }
    }

    private Components? PartOf(Period period, string leaf) =>
        _periods.TryGetValue(period, out var leaves) && leaves.TryGetValue(leaf, out var held) ? held.Components : null;
}
