using Aggregation.Domain.Periods;
using Aggregation.Domain.Units;
using Orleans.Concurrency;

namespace Aggregation.Contracts;

/// <summary>
/// Someone outside the grains (a gateway serving server-sent events) told when a unit's figures or targets change.
/// Made with <c>IGrainFactory.CreateObjectReference</c> and handed to <see cref="IWatchable.Watch"/>.
/// </summary>
[Alias("agg.IUnitWatcher")]
public interface IUnitWatcher : IGrainObserver
{
    /// <summary>
    /// The figures (or targets) of <paramref name="unit"/> changed for <paramref name="periods"/> (all of one year for an
    /// aggregate or a plan; any years for a leaf). Fire and forget: a lost notice is made good by the next <see cref="IWatchable.Watch"/>.
    /// </summary>
    [OneWay, Alias("Changed")]
    Task Changed(UnitKey unit, IReadOnlyList<Period> periods);
}

/// <summary>A grain holding a unit's live figures, or its plan for a year, that tells its watchers when they change.</summary>
[Alias("agg.IWatchable")]
public interface IWatchable : IAddressable
{
    /// <summary>
    /// Subscribes <paramref name="watcher"/>, or renews its subscription, for <see cref="Watching.Expiry"/>; answers a
    /// stamp of the figures held that grows whenever they change, so a renewal can tell a change it was not told about.
    /// </summary>
    [AlwaysInterleave, Alias("Watch")]
    Task<long> Watch(IUnitWatcher watcher);

    /// <summary>Ends the subscription of <paramref name="watcher"/>.</summary>
    [AlwaysInterleave, Alias("Unwatch")]
    Task Unwatch(IUnitWatcher watcher);
}

/// <summary>The terms of a subscription to <see cref="IWatchable"/>.</summary>
public static class Watching
{
    /// <summary>How long a subscription lasts without renewal: a watcher that went away is dropped after it.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(90);

    /// <summary>
    /// How often a watcher renews: well inside <see cref="Expiry"/>, and often enough that a grain deactivated or lost
    /// with its silo (and its subscriptions with it) gets its watchers back soon.
    /// </summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often at most a grain tells its watchers: well inside the second an event stream waits between events,
    /// so pacing notices costs an event at most this much delay.
    /// </summary>
    public static readonly TimeSpan NoticeEvery = TimeSpan.FromMilliseconds(250);
}
