using Aggregation.Contracts;
using Aggregation.Domain.Periods;

namespace Aggregation.Grains;

/// <summary>
/// Who is told when the leaf's figures change (a report stored, corrected, approved or restated through lineage):
/// watchers such as a gateway's event streams, told the periods whose contribution moved.
/// </summary>
public sealed partial class CommuneGrain
{
    private UnitWatchers? _watchers;

    // The contribution version grows with every change the leaf sends its parent.
    public Task<long> Watch(IUnitWatcher watcher) => (_watchers ??= new UnitWatchers(clock, logger)).Add(watcher, _contributionVersion);

    public Task Unwatch(IUnitWatcher watcher) => _watchers?.Remove(watcher) ?? Task.CompletedTask;

    private void TellWatchers(IReadOnlyCollection<Period> periods) => _watchers?.Tell(Key, periods);
}
