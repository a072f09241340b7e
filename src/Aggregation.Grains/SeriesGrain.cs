using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rollup;
using Microsoft.Extensions.Logging;

namespace Aggregation.Grains;

/// <summary>
/// Keeps the latest contribution of each child with that child's version, so a retried or
/// reordered update can never count twice. A new snapshot replaces the child's old one in the
/// total (total − old + new: exact, since every sum is a decimal of at most 6 places), so an
/// update costs the same under a province of 300 districts as under a district of 15 communes.
/// Nothing is stored: on activation the grain pulls every child's current contribution and
/// sums them afresh, which makes a restarted silo converge to exactly the stored reports.
/// </summary>
public sealed class SeriesGrain(TimeProvider clock, ActiveSeries active, ILogger<SeriesGrain> logger) : Grain, ISeriesGrain
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    private readonly Dictionary<string, VersionedContribution> _children = [];
    private string _unit = "";
    private string _series = "";
    private Period _period;
    private string? _parent;
    private Contribution _total = Contribution.Empty;
    private long _version;
    private bool _dirty;
    private Task _pushing = Task.CompletedTask;
    private bool _deactivated;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_unit, _series, _period) = GrainKeys.ParseSeries(this.GetPrimaryKeyString());
        active.Add(this.GetPrimaryKeyString());
        await Pull();
    }

    public Task Resync() => Pull();

    /// <summary>Takes each child's current contribution where it is newer than the one held, drops units that are no longer children, then tells the parent.</summary>
    private async Task Pull()
    {
        var info = await GrainFactory.GetGrain<IUnitGrain>(_unit).GetInfo();
        _parent = info?.Parent;
        var children = info?.Children ?? [];
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
        else if ((await GrainFactory.GetGrain<IUnitGrain>(child).GetInfo())?.Parent != _unit)
        {
            // A late update from a unit that has since moved elsewhere.
            return;
        }
        _total = _total.Subtract(held?.Contribution ?? Contribution.Empty).Combine(contribution.Contribution);
        _children[child] = contribution;
        Changed();
        SchedulePush();
    }

    public Task Forget(string child)
    {
        if (_children.Remove(child, out var held))
        {
            _total = _total.Subtract(held.Contribution);
            Changed();
            SchedulePush();
        }
        return Task.CompletedTask;
    }

    public Task<VersionedContribution> GetContribution() => Task.FromResult(new VersionedContribution(_version, _total));

    public Task<IReadOnlyDictionary<string, Contribution>> GetChildren() =>
        Task.FromResult<IReadOnlyDictionary<string, Contribution>>(_children.ToDictionary(c => c.Key, c => c.Value.Contribution));

    public async Task Republish()
    {
        _parent = (await GrainFactory.GetGrain<IUnitGrain>(_unit).GetInfo())?.Parent;
        SchedulePush();
        await _pushing;
    }

    private Task<VersionedContribution> ChildContribution(ChildSummary child) => child.IsLeaf
        ? GrainFactory.GetGrain<ICommuneGrain>(child.Code).GetContribution(_period.ToString(), _series)
        : GrainFactory.GetGrain<ISeriesGrain>(GrainKeys.Series(child.Code, _series, _period)).GetContribution();

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
                await GrainFactory.GetGrain<ISeriesGrain>(GrainKeys.Series(parent, _series, _period)).Update(_unit, snapshot);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Pushing {Unit}/{Series}/{Period} to {Parent} failed; retrying", _unit, _series, _period, parent);
                _dirty = true;
                await Task.Delay(RetryDelay);
            }
        }
    }
}
