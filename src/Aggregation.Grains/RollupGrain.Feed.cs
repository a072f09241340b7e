using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Microsoft.Extensions.Logging;

namespace Aggregation.Grains;

/// <summary>
/// How the rollups feed the standings. A parent of leaves notes each leaf child's new contribution; the changed leaves
/// travel up with the rollup's own push to its parent (no message of their own), gathering at the root, which passes
/// them to the standings feed of its tree and year: at most one message in flight and one every 250 ms, what arrives
/// meanwhile folded into the next one (the newest version of each leaf and period). A rollup that activates notes all
/// its leaf children, so a restarted rollup repairs anything lost with it. A root going away does not wait for the feed.
/// </summary>
public sealed partial class RollupGrain
{
    private static readonly TimeSpan FeedEvery = TimeSpan.FromMilliseconds(250);

    private HashSet<string> _leafChildren = [];
    private readonly Dictionary<(string Leaf, Period Period), LeafUpdate> _unfed = [];
    private Task _feeding = Task.CompletedTask;
    private IStandingsFeedGrain? _feed;
    private long _fedAt;

    public Task<IReadOnlyList<LeafComponents>> GetLeafParts(string indicator) =>
        Task.FromResult<IReadOnlyList<LeafComponents>>([.. _periods.SelectMany(p => p.Value.Children
            .Where(c => _leafChildren.Contains(c.Key))
            .Select(c => new LeafComponents(c.Key, p.Key, c.Value.Version, c.Value.Contribution.IndicatorOrZero(indicator))))]);

    /// <summary>Notes a child's new contribution for the standings when the child is a leaf.</summary>
    private void ToFeed(string child, Period period, VersionedContribution contribution)
    {
        if (standings.Enabled && _leafChildren.Contains(child))
        {
            ToFeed(new LeafUpdate(child, period, contribution));
        }
    }

    /// <summary>Notes a leaf's change for the standings unless a newer one is noted.</summary>
    private void ToFeed(LeafUpdate leaf) => _unfed.KeepNewer((leaf.Leaf, leaf.Period), leaf, l => l.Contribution.Version);

    private List<LeafUpdate> TakeUnfed()
    {
        var taken = _unfed.Values.ToList();
        _unfed.Clear();
        return taken;
    }

    /// <summary>Notes again what a failed message carried, unless something newer arrived meanwhile.</summary>
    private void Untake(List<LeafUpdate> leaves)
    {
        foreach (var leaf in leaves)
        {
            ToFeed(leaf);
        }
    }

    /// <summary>
    /// On deactivation, hands what is noted to the feed without waiting: a silo that stops may no longer place the feed's
    /// grain, and an indicator grain that misses it reads the rollups again when it activates or a silo fails.
    /// </summary>
    private void StopFeeding()
    {
        if (_unfed.Count > 0)
        {
            (_feed ??= GrainFactory.StandingsFeed(_unit.Tree, _year)).Update(TakeUnfed()).Ignore();
        }
    }

    private void ScheduleFeed()
    {
        if (_unfed.Count > 0 && _feeding.IsCompleted)
        {
            _feeding = FeedLoop();
        }
    }

    private async Task FeedLoop()
    {
        var feed = _feed ??= GrainFactory.StandingsFeed(_unit.Tree, _year);
        while (_unfed.Count > 0 && !_deactivated)
        {
            var wait = FeedEvery - clock.GetElapsedTime(_fedAt);
            if (_fedAt != 0 && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock);
            }
            _fedAt = clock.GetTimestamp();
            var leaves = TakeUnfed();
            try
            {
                await feed.Update(leaves);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Feeding the standings from {Unit}/{Year} failed; retrying", _unit, _year);
                Untake(leaves);
                await Task.Delay(RetryDelay);
            }
        }
    }
}
