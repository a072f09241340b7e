using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Units;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Aggregation.Grains;

/// <summary>
/// The watchers of one grain's figures (<see cref="IWatchable"/>). The subscription list is made on the first
/// watch, so a grain nobody watches keeps an empty field and sends nothing. Watchers are told at most once per
/// <see cref="Watching.NoticeEvery"/>: a change after a quiet spell goes at once, and the changes that follow within
/// it go together at its end, so a district changing many times a second in a national burst sends a handful of
/// notices rather than one per push round (an event stream sends at most one event a second anyway).
/// </summary>
internal sealed class UnitWatchers(TimeProvider clock, ILogger logger)
{
    private ObserverManager<IUnitWatcher>? _observers;
    private readonly HashSet<Period> _pending = [];
    private long _toldAt;
    private bool _telling;

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

    /// <summary>
    /// Tells every watcher whose subscription has not expired that <paramref name="periods"/> of <paramref name="unit"/>
    /// changed: at once after a quiet spell, else with the others of the spell at its end. Called in the grain's turn,
    /// the rest of a spell runs in the grain's turns too; a notice lost with a deactivation is made good by the next watch.
    /// </summary>
    public void Tell(UnitKey unit, IReadOnlyCollection<Period> periods)
    {
        if (_observers is not { Count: > 0 } || periods.Count == 0)
        {
            return;
        }
        _pending.UnionWith(periods);
        if (!_telling)
        {
            _ = TellPending(unit);
        }
    }

    private async Task TellPending(UnitKey unit)
    {
        _telling = true;
        try
        {
            var wait = Watching.NoticeEvery - clock.GetElapsedTime(_toldAt);
            if (_toldAt != 0 && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock);
            }
            if (_observers is { Count: > 0 } observers && _pending.Count > 0)
            {
                var changed = _pending.ToList();
                _pending.Clear();
                _toldAt = clock.GetTimestamp();
                _ = observers.Notify(w => w.Changed(unit, changed));
            }
        }
        finally
        {
            _telling = false;
        }
    }
}
