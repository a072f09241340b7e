using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rollup;
using Microsoft.Extensions.Logging;

namespace Aggregation.Grains;

/// <summary>
/// Rolls up one unit's children for one period: every indicator's components and every
/// element sum travel together, so a report moves one message per level of the tree.
/// Keeps the latest contribution of each child with that child's version, so a retried or
/// reordered update can never count twice. A new snapshot replaces the child's old one in the
/// total (total − old + new: exact, since every sum is a decimal of at most 6 places), so an
/// update costs the same under a province of 300 districts as under a district of 15 communes.
/// Nothing is stored: on activation the grain pulls every child's current contribution and
/// sums them afresh, which makes a restarted silo converge to exactly the stored reports.
/// </summary>
public sealed class RollupGrain(TimeProvider clock, ActiveRollups active, ILogger<RollupGrain> logger) : Grain, IRollupGrain
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    private readonly Dictionary<string, VersionedContribution> _children = [];
    // The unit's children when last asked, so an update from one of them needs no question to the unit grain.
    private HashSet<string> _childCodes = [];
    private string _unit = "";
    private Period _period;
    private string? _parent;
    // References are kept: making one resolves the interface by reflection each time.
    private IUnitGrain? _unitGrain;
    private IRollupGrain? _parentRollup;
    private Contribution _total = Contribution.Empty;
    private long _version;
    private bool _dirty;
    private Task _pushing = Task.CompletedTask;
    private bool _deactivated;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_unit, _period) = GrainKeys.ParseRollup(this.GetPrimaryKeyString());
        active.Add(this.GetPrimaryKeyString());
        await Pull();
    }

    public Task Resync() => Pull();

    /// <summary>Takes each child's current contribution where it is newer than the one held, drops units that are no longer children, then tells the parent.</summary>
    private async Task Pull()
    {
        var info = await Unit.GetInfo();
        SetParent(info?.Parent);
        var children = info?.Children ?? [];
        _childCodes = children.Select(c => c.Code).ToHashSet();
        var pulled = await Task.WhenAll(children.Select(c => ChildContribution(c)));
        foreach (var gone in _children.Keys.Except(children.Select(c => c.Code)).ToList())
        {
            _children.Remove(gone);
        }
        foreach (var (child, contribution) in children.Zip(pulled))
        {
            if (!_children.TryGetValue(child.Code, out var held) || held.Version < contribution.Version)
            {
                _children[child.Code] = contribution;
            }
        }
        _total = Contribution.Sum(_children.Values.Select(c => c.Contribution));
        Changed();
        if (!_total.IsEmpty)
        {
            SchedulePush();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        active.Remove(this.GetPrimaryKeyString());
        // Hand the last change to the parent before going away; it would otherwise wait for the parent's next rebuild.
        await _pushing.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        // If the parent stayed unreachable, stop retrying: the parent rebuilds from its children anyway.
        _deactivated = true;
    }

    public async Task Update(string child, VersionedContribution contribution)
    {
        if (_children.TryGetValue(child, out var held))
        {
            if (held.Version >= contribution.Version)
            {
                return;
            }
        }
        else if (!_childCodes.Contains(child))
        {
            if ((await GrainFactory.GetGrain<IUnitGrain>(child).GetInfo())?.Parent != _unit)
            {
                // A late update from a unit that has since moved elsewhere.
                return;
            }
            _childCodes.Add(child);
        }
        _total = _total.Replace(held?.Contribution ?? Contribution.Empty, contribution.Contribution);
        _children[child] = contribution;
        Changed();
        SchedulePush();
    }

    public Task Forget(string child)
    {
        _childCodes.Remove(child);
        if (_children.Remove(child, out var held))
        {
            _total = _total.Subtract(held.Contribution);
            Changed();
            SchedulePush();
        }
        return Task.CompletedTask;
    }

    public Task<VersionedContribution> GetContribution() => Task.FromResult(new VersionedContribution(_version, _total));

    public Task<HeldChildren<Contribution>> GetChildren() =>
        Task.FromResult(new HeldChildren<Contribution>(_total, _children.ToDictionary(c => c.Key, c => c.Value.Contribution)));

    public Task<HeldChildren<Components>> GetChildren(string indicator) =>
        Task.FromResult(new HeldChildren<Components>(_total.IndicatorOrZero(indicator),
            _children.ToDictionary(c => c.Key, c => c.Value.Contribution.IndicatorOrZero(indicator))));

    public async Task Republish()
    {
        SetParent((await Unit.GetInfo())?.Parent);
        SchedulePush();
        await _pushing;
    }

    private IUnitGrain Unit => _unitGrain ??= GrainFactory.GetGrain<IUnitGrain>(_unit);

    private void SetParent(string? parent)
    {
        if (parent != _parent)
        {
            _parent = parent;
            _parentRollup = null;
        }
    }

    private Task<VersionedContribution> ChildContribution(ChildSummary child) => GrainFactory.InPeriod(child, _unit, _period).GetContribution();

    private void Changed()
    {
        _version = Math.Max(_version + 1, clock.GetUtcNow().UtcTicks);
    }

    /// <summary>
    /// At most one push to the parent is in flight; changes arriving meanwhile are folded into
    /// the next one, so a busy district sends its province one update per round trip, not one per commune.
    /// </summary>
    private void SchedulePush()
    {
        _dirty = true;
        if (_pushing.IsCompleted)
        {
            _pushing = PushLoop();
        }
    }

    private async Task PushLoop()
    {
        while (_dirty && !_deactivated && _parent is { } parent)
        {
            _dirty = false;
            var snapshot = new VersionedContribution(_version, _total);
            try
            {
                await (_parentRollup ??= GrainFactory.GetGrain<IRollupGrain>(GrainKeys.Rollup(parent, _period))).Update(_unit, snapshot);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Pushing {Unit}/{Period} to {Parent} failed; retrying", _unit, _period, parent);
                _dirty = true;
                await Task.Delay(RetryDelay);
            }
        }
    }
}
