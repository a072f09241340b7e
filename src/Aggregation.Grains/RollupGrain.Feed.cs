using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Microsoft.Extensions.Logging;

namespace Aggregation.Grains;

/// <summary>
/// How a rollup feeds the standings: what its leaf children contribute goes to the standings feed of its tree and
/// year, the changed leaves of every round together, at most one message in flight; changes arriving meanwhile are
/// folded into the next one (the newest version of each leaf and period), so a busy district sends one message per
/// round trip, not one per commune. On activation it sends all its leaves, so a restarted rollup repairs anything
/// that was lost with it.
/// </summary>
public sealed partial class RollupGrain
{
    private HashSet<string> _leafChildren = [];
    private readonly Dictionary<(string Leaf, Period Period), VersionedContribution> _unfed = [];
    private Task _feeding = Task.CompletedTask;
    private IStandingsFeedGrain? _feed;

    public Task<IReadOnlyList<LeafComponents>> GetLeafParts(string indicator) =>
        Task.FromResult<IReadOnlyList<LeafComponents>>([.. _periods.SelectMany(p => p.Value.Children
            .Where(c => _leafChildren.Contains(c.Key))
            .Select(c => new LeafComponents(c.Key, p.Key, c.Value.Version, c.Value.Contribution.IndicatorOrZero(indicator))))]);

    /// <summary>Notes a child's new contribution for the feed when the child is a leaf.</summary>
    private void ToFeed(string child, Period period, VersionedContribution contribution)
    {
        if (standings.Enabled && _leafChildren.Contains(child))
        {
            _unfed[(child, period)] = contribution;
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
            var batch = _unfed.Select(u => new LeafUpdate(u.Key.Leaf, u.Key.Period, u.Value)).ToList();
            _unfed.Clear();
            try
            {
                await feed.Update(batch);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Feeding the standings from {Unit}/{Year} failed; retrying", _unit, _year);
                foreach (var leaf in batch)
                {
                    _unfed.TryAdd((leaf.Leaf, leaf.Period), leaf.Contribution);
                }
                await Task.Delay(RetryDelay);
            }
        }
    }
}
