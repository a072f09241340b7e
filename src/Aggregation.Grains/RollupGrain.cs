using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rollup;
using Microsoft.Extensions.Logging;
using Aggregation.Domain.Units;

namespace Aggregation.Grains;

/// <summary>
/// Rolls up one unit's children for every period of one year: every indicator's components and
/// every element sum of each month, quarter, half, year-to-date and the year travel together, so a
/// report moves one message per level of the tree however many periods it changes.
/// Keeps the latest contribution of each child for each period with that child's version of it, so
/// a retried or reordered update can never count twice. A new snapshot replaces the child's old one
/// in the period's total (total − old + new: exact, since every sum is a decimal of at most 6
/// places), so an update costs the same under a province of 300 districts as under a district of
/// 15 communes. Nothing is stored: on activation the grain pulls every child's current
/// contributions and sums them afresh, which makes a restarted silo converge to exactly the stored reports.
/// </summary>
public sealed partial class RollupGrain(TimeProvider clock, ActiveRollups active, StandingsSettings standings, ILogger<RollupGrain> logger) : Grain, IRollupGrain
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    /// <summary>One period's children and total, with the version of the total.</summary>
    private sealed class PeriodTotal
    {
        public Dictionary<string, VersionedContribution> Children { get; } = [];

        /// <summary>Changed on every child's update, made into a contribution only when pushed or read.</summary>
        public RunningTotal Running { get; } = new();

        public Contribution Total => Running.Total;
        public long Version { get; set; }
    }

    private readonly Dictionary<Period, PeriodTotal> _periods = [];
    // The unit's children when last asked, so an update from one of them needs no question to the unit grain.
    private HashSet<string> _childCodes = [];
    private UnitKey _unit;
    private int _year;
    private string? _parent;
    // References are kept: making one allocates its key and reference again.
    private IUnitGrain? _unitGrain;
    private IRollupGrain? _parentRollup;
    private readonly HashSet<Period> _dirty = [];
    private Task _pushing = Task.CompletedTask;
    private bool _deactivated;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_unit, _year) = GrainKeys.ParseRollup(this.GetPrimaryKeyString());
        active.Add(_unit, _year);
        await Pull();
    }

    public Task Resync() => Pull();

    /// <summary>
    /// Replaces what is held with each child's current contributions, which drops units that are no longer
    /// children and periods a child no longer has, then tells the parent. The grain takes no other call
    /// meanwhile, so what a child answers is at least as new as anything it sent before.
    /// </summary>
    private async Task Pull()
    {
        var info = await Unit.GetInfo();
        SetParent(info?.Parent);
        var children = info?.Children ?? [];
        _childCodes = children.Select(c => c.Code).ToHashSet();
        _leafChildren = children.Where(c => c.IsLeaf).Select(c => c.Code).ToHashSet();
        var pulled = await Task.WhenAll(children.Select(c => GrainFactory.ContributionsOf(c, _unit, _year)));
        foreach (var period in _periods.Values)
        {
            period.Children.Clear();
        }
        foreach (var (child, contributions) in children.Zip(pulled))
        {
            foreach (var (period, contribution) in contributions)
            {
                Held(period).Children[child.Code] = contribution;
                ToFeed(child.Code, period, contribution);
            }
        }
        foreach (var (period, held) in _periods)
        {
            held.Running.Reset(held.Children.Values.Select(c => c.Contribution));
            Changed(period, held);
        }
        if (_periods.Values.Any(p => !p.Total.IsEmpty) || _unfed.Count > 0)
        {
            SchedulePush();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        active.Remove(_unit, _year);
        // Hand the last change to the parent before going away; it would otherwise wait for the parent's next rebuild.
        await _pushing.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        // If the parent stayed unreachable, stop retrying: the parent rebuilds from its children anyway.
        _deactivated = true;
        StopFeeding();
    }

    public async Task Update(string child, IReadOnlyList<PeriodContribution> contributions, IReadOnlyList<LeafUpdate> leaves)
    {
        if (!_childCodes.Contains(child))
        {
            var info = await GrainFactory.Unit(_unit.WithCode(child)).GetInfo();
            if (info?.Parent != _unit.Code)
            {
                // A late update from a unit that has since moved elsewhere.
                return;
            }
            _childCodes.Add(child);
            if (info.IsLeaf)
            {
                _leafChildren.Add(child);
            }
        }
        var changed = false;
        foreach (var (period, contribution) in contributions)
        {
            if (period.Year != _year)
            {
                continue;
            }
            var held = Held(period);
            held.Children.TryGetValue(child, out var kept);
            if (kept is not null && kept.Version >= contribution.Version)
            {
                continue;
            }
            held.Running.Replace(kept?.Contribution ?? Contribution.Empty, contribution.Contribution);
            held.Children[child] = contribution;
            Changed(period, held);
            ToFeed(child, period, contribution);
            changed = true;
        }
        foreach (var leaf in leaves)
        {
            ToFeed(leaf);
        }
        if (changed || leaves.Count > 0)
        {
            SchedulePush();
        }
    }

    public Task Forget(string child)
    {
        _childCodes.Remove(child);
        _leafChildren.Remove(child);
        var changed = false;
        foreach (var (period, held) in _periods)
        {
            if (held.Children.Remove(child, out var kept))
            {
                held.Running.Subtract(kept.Contribution);
                Changed(period, held);
                changed = true;
            }
        }
        if (changed)
        {
            SchedulePush();
        }
        return Task.CompletedTask;
    }

    public async Task Republish()
    {
        SetParent((await Unit.GetInfo())?.Parent);
        _dirty.UnionWith(_periods.Keys);
        SchedulePush();
        await _pushing;
    }

    private IUnitGrain Unit => _unitGrain ??= GrainFactory.Unit(_unit);

    private void SetParent(string? parent)
    {
        if (parent != _parent)
        {
            _parent = parent;
            _parentRollup = null;
        }
    }

    private PeriodTotal Held(Period period)
    {
        if (!_periods.TryGetValue(period, out var held))
        {
            _periods[period] = held = new PeriodTotal();
        }
        return held;
    }

}
