using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Units;

namespace Aggregation.Gateway.Events;

/// <summary>
/// The gateway's one subscriber to the grains' figures: every open event stream on a unit and year shares one
/// observer subscribed to the grains its indicators answer reads (the one holding the figures, the leaf's or the
/// rollup of the unit and year, and the unit's plan for the year). The subscriptions are renewed before they
/// expire, which also gives them back to a grain that was deactivated or lived on a silo that died; a renewal that
/// finds a grain's stamp moved meanwhile tells the streams. The last stream to close ends the subscriptions.
/// </summary>
public sealed class UnitEventsHub(IGrainFactory grains, TimeProvider clock, ILogger<UnitEventsHub> logger) : IDisposable
{
    private readonly IGrainFactory _grains = grains;
    private readonly TimeProvider _clock = clock;
    private readonly ILogger _logger = logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<(UnitKey Unit, int Year), Watch> _watches = [];

    /// <summary>How many units and years are watched now.</summary>
    public int Watched
    {
        get
        {
            lock (_lock)
            {
                return _watches.Count;
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="changed"/> whenever the figures or targets of <paramref name="unit"/> for <paramref name="period"/> may
    /// have changed, from when the answer completes until it is disposed.
    /// </summary>
    public async Task<IDisposable> Listen(UnitKey unit, bool isLeaf, Period period, Action changed)
    {
        var listener = new Listener(period, changed);
        Watch watch;
        lock (_lock)
        {
            if (!_watches.TryGetValue((unit, period.Year), out watch!))
            {
                _watches[(unit, period.Year)] = watch = new Watch(this, unit, period.Year,
                    [isLeaf ? _grains.Commune(unit) : _grains.Rollup(unit, period.Year), _grains.Plan(unit, period.Year)]);
            }
            watch.Listeners.Add(listener);
        }
        await watch.Subscribed;
        return new Leaving(this, watch, listener);
    }

    private void Leave(Watch watch, Listener listener)
    {
        lock (_lock)
        {
            if (!watch.Listeners.Remove(listener) || watch.Listeners.Count > 0)
            {
                return;
            }
            _watches.Remove((watch.Unit, watch.Year));
        }
        watch.Stop();
    }

    private void Tell(Watch watch, Func<Listener, bool> concerned)
    {
        List<Listener> told;
        lock (_lock)
        {
            told = watch.Listeners.Where(concerned).ToList();
        }
        foreach (var listener in told)
        {
            listener.Changed();
        }
    }

    public void Dispose()
    {
        List<Watch> all;
        lock (_lock)
        {
            all = [.. _watches.Values];
            _watches.Clear();
        }
        foreach (var watch in all)
        {
            watch.Stop();
        }
    }

    private sealed record Listener(Period Period, Action Changed);

    private sealed class Leaving(UnitEventsHub hub, Watch watch, Listener listener) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                hub.Leave(watch, listener);
            }
        }
    }

    /// <summary>One observer of the grains of one unit and year, shared by the streams on them.</summary>
    private sealed class Watch : IUnitWatcher
    {
        private readonly UnitEventsHub _hub;
        private readonly IWatchable[] _watched;
        private readonly long[] _stamps;
        private readonly IUnitWatcher _reference;
        private readonly ITimer _renewal;

        public Watch(UnitEventsHub hub, UnitKey unit, int year, IWatchable[] watched)
        {
            (_hub, Unit, Year, _watched, _stamps) = (hub, unit, year, watched, new long[watched.Length]);
            // The runtime holds the observer weakly: the hub's dictionary keeps it alive while watched.
            _reference = hub._grains.CreateObjectReference<IUnitWatcher>(this);
            Subscribed = Renew(first: true);
            _renewal = hub._clock.CreateTimer(_ => _ = Renew(first: false), null, Watching.RenewEvery, Watching.RenewEvery);
        }

        public UnitKey Unit { get; }

        public int Year { get; }

        public List<Listener> Listeners { get; } = [];

        /// <summary>The first subscriptions, done or failed (a renewal tries again).</summary>
        public Task Subscribed { get; }

        public Task Changed(UnitKey unit, IReadOnlyList<Period> periods)
        {
            _hub.Tell(this, l => periods.Contains(l.Period));
            return Task.CompletedTask;
        }

        private Task Renew(bool first) => Task.WhenAll(_watched.Select((_, i) => Renew(i, first)));

        private async Task Renew(int i, bool first)
        {
            try
            {
                var stamp = await _watched[i].Watch(_reference);
                if (Interlocked.Exchange(ref _stamps[i], stamp) != stamp && !first)
                {
                    // A change this watch was not told of: the grain was reactivated, or a notice was lost.
                    _hub.Tell(this, _ => true);
                }
            }
            catch (Exception e)
            {
                _hub._logger.LogWarning(e, "Watching {Grain} for {Unit}/{Year} failed; trying again in {Delay}",
                    _watched[i].GetGrainId(), Unit, Year, Watching.RenewEvery);
            }
        }

        public void Stop()
        {
            _renewal.Dispose();
            _ = Unwatch();
        }

        private async Task Unwatch()
        {
            await Task.WhenAll(_watched.Select(Unwatch));
            _hub._grains.DeleteObjectReference<IUnitWatcher>(_reference);
        }

        private async Task Unwatch(IWatchable grain)
        {
            try
            {
                await grain.Unwatch(_reference);
            }
            catch (Exception e)
            {
                // The subscription expires anyway.
                _hub._logger.LogDebug(e, "Unwatching {Grain} for {Unit}/{Year} failed", grain.GetGrainId(), Unit, Year);
            }
        }
    }
}
