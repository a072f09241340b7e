using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Units;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Aggregation.Grains;

/// <summary>
/// The watchers of one grain's figures (<see cref="IWatchable"/>). The subscription list is made on the first
/// watch, so a grain nobody watches keeps an empty field and sends nothing.
/// </summary>
internal sealed class UnitWatchers(TimeProvider clock, ILogger logger)
{
    private ObserverManager<IUnitWatcher>? _observers;

    /// <summary>Subscribes or renews <paramref name="watcher"/>; answers <paramref name="stamp"/>, the grain's stamp of its figures.</summary>
    public Task<long> Add(IUnitWatcher watcher, long stamp)
    {
        _observers ??= new ObserverManager<IUnitWatcher>(Watching.Expiry, logger) { GetDateTime = () => clock.GetUtcNow().UtcDateTime };
        _observers.Subscribe(watcher, watcher);
        return Task.FromResult(stamp);
    }

    public Task Remove(IUnitWatcher watcher)
    {
        _observers?.Unsubscribe(watcher);
        return Task.CompletedTask;
    }

    /// <summary>Tells every watcher whose subscription has not expired that <paramref name="periods"/> of <paramref name="unit"/> changed.</summary>
    public void Tell(UnitKey unit, IReadOnlyCollection<Period> periods)
    {
        if (_observers is not { Count: > 0 } observers || periods.Count == 0)
        {
            return;
        }
        var changed = periods.ToList();
        observers.Notify(w => w.Changed(unit, changed));
    }
}
