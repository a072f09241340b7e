using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Microsoft.Extensions.Logging;

namespace Aggregation.Grains;

/// <summary>How a rollup tells its parent: the totals of the periods that changed and the leaves that changed under it, one message at a time.</summary>
public sealed partial class RollupGrain
{
    private PeriodContribution Snapshot(Period period) => new(period, new VersionedContribution(_periods[period].Version, _periods[period].Total));

    private void Changed(Period period, PeriodTotal held)
    {
        held.Version = Math.Max(held.Version + 1, clock.GetUtcNow().UtcTicks);
        _dirty.Add(period);
    }

    /// <summary>
    /// At most one push to the parent is in flight; changes arriving meanwhile are folded into
    /// the next one, so a busy district sends its province one update per round trip, not one per commune.
    /// </summary>
    private void SchedulePush()
    {
        if (_parent is null)
        {
            // A root has no parent to push to: it tells its watchers, and the leaves' changes it gathered go to the standings.
            TellWatchersAtTheTop();
            ScheduleFeed();
        }
        else if (_pushing.IsCompleted)
        {
            _pushing = PushLoop();
        }
    }

    private async Task PushLoop()
    {
        // Lets the updates already waiting for this grain in first, so they travel up in this push rather than the next.
        await Task.Yield();
        while ((_dirty.Count > 0 || _unfed.Count > 0) && !_deactivated && _parent is { } parent)
        {
            var periods = _dirty.ToList();
            _dirty.Clear();
            var leaves = TakeUnfed();
            TellWatchers(periods);
            try
            {
                await (_parentRollup ??= GrainFactory.Rollup(_unit.WithCode(parent), _year)).Update(_unit.Code, periods.Select(Snapshot).ToList(), leaves);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Pushing {Unit}/{Year} to {Parent} failed; retrying", _unit, _year, parent);
                _dirty.UnionWith(periods);
                Untake(leaves);
                await Task.Delay(RetryDelay);
            }
        }
    }
}
