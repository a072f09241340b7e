using Aggregation.Contracts;
using Aggregation.Domain.Periods;

namespace Aggregation.Grains;

/// <summary>
/// Who is told when the totals change: watchers (a gateway's event streams), once per push round with the periods
/// that round carries, so a busy unit tells them about as often as it tells its parent.
/// </summary>
public sealed partial class RollupGrain
{
    private UnitWatchers? _watchers;

    // Versions are ticks of the time of each change, so the stamp grows across activations too.
    public Task<long> Watch(IUnitWatcher watcher) =>
        (_watchers ??= new UnitWatchers(clock, logger)).Add(watcher, _periods.Count == 0 ? 0 : _periods.Values.Max(p => p.Version));

    public Task Unwatch(IUnitWatcher watcher) => _watchers?.Remove(watcher) ?? Task.CompletedTask;

    /// <summary>Tells the watchers which periods changed; at the top, where no push round runs, on every change.</summary>
    private void TellWatchers(IReadOnlyCollection<Period> periods) => _watchers?.Tell(_unit, periods);

    /// <summary>A unit without a parent has no push round and nothing to push: it tells its watchers at each change.</summary>
    private void TellWatchersAtTheTop()
    {
        TellWatchers(_dirty);
        _dirty.Clear();
    }
}
