using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Units;

namespace Aggregation.Grains;

/// <summary>
/// Who is told when the plan changes (set, imported or restored): watchers such as a gateway's event streams, since
/// the unit's indicators answer judges every period of the year against these targets. Only the unit's own answer
/// reads them: a parent's or a child's is judged against its own plan.
/// </summary>
public sealed partial class PlanGrain
{
    private UnitWatchers? _watchers;

    // The stored version grows with every stored change, so the stamp grows across activations too.
    public Task<long> Watch(IUnitWatcher watcher) => (_watchers ??= new UnitWatchers(clock, logger)).Add(watcher, state.State.Version);

    public Task Unwatch(IUnitWatcher watcher) => _watchers?.Remove(watcher) ?? Task.CompletedTask;

    private void TellWatchers(UnitKey unit, int year) => _watchers?.Tell(unit, Period.AllOf(year));
}
