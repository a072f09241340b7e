using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Microsoft.Extensions.Logging;

namespace Aggregation.Grains;

/// <summary>
/// Passes the leaves' contributions of one tree and year on to each indicator's grain, split by indicator. At most
/// one message per indicator grain is in flight; what arrives meanwhile is folded into the next, keeping the newest
/// version of each leaf and period, so the indicator grains see one message per round however many parents of
/// leaves are busy, and at most one every 250 ms. Nothing is stored: when a silo fails, the indicator grains read the rollups again.
/// </summary>
public sealed class StandingsFeedGrain(IndicatorCatalog catalog, TimeProvider clock, ILogger<StandingsFeedGrain> logger) : Grain, IStandingsFeedGrain
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>At most one message per indicator grain per this time, so the rounds stay few however fast they answer.</summary>
    private static readonly TimeSpan SendEvery = TimeSpan.FromMilliseconds(250);

    private sealed class Outbox
    {
        public Dictionary<(string Leaf, Period Period), LeafComponents> Pending { get; } = [];
        public Task Sending { get; set; } = Task.CompletedTask;

        public long SentAt { get; set; }
    }

    private readonly Dictionary<string, Outbox> _outboxes = [];
    private string _tree = "";
    private int _year;
    private bool _deactivated;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tree, _year) = GrainKeys.ParseStandingsFeed(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops sending. What was not sent yet is not waited for, since the rollups it would wait on may be deactivating
    /// too and waiting for this grain: each indicator grain it was for is asked instead to read the rollups again, without
    /// waiting for the answer.
    /// </summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deactivated = true;
        foreach (var (indicator, outbox) in _outboxes.Where(o => o.Value.Pending.Count > 0))
        {
            GrainFactory.Indicator(indicator, _tree, _year).Resync().Ignore();
        }
        return Task.CompletedTask;
    }

    public Task Update(IReadOnlyList<LeafUpdate> leaves)
    {
        foreach (var indicator in catalog.Indicators)
        {
            var outbox = OutboxOf(indicator.Code);
            foreach (var leaf in leaves)
            {
                Keep(outbox, new LeafComponents(leaf.Leaf, leaf.Period, leaf.Contribution.Version,
                    leaf.Contribution.Contribution.IndicatorOrZero(indicator.Code)));
            }
            if (outbox.Sending.IsCompleted)
            {
                outbox.Sending = Send(indicator.Code, outbox);
            }
        }
        return Task.CompletedTask;
    }

    private Outbox OutboxOf(string indicator) => _outboxes.TryGetValue(indicator, out var outbox) ? outbox : _outboxes[indicator] = new Outbox();

    private static void Keep(Outbox outbox, LeafComponents leaf) => outbox.Pending.KeepNewer((leaf.Leaf, leaf.Period), leaf, l => l.Version);

    private async Task Send(string indicator, Outbox outbox)
    {
        var grain = GrainFactory.Indicator(indicator, _tree, _year);
        while (outbox.Pending.Count > 0 && !_deactivated)
        {
            var wait = SendEvery - clock.GetElapsedTime(outbox.SentAt);
            if (outbox.SentAt != 0 && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock);
            }
            outbox.SentAt = clock.GetTimestamp();
            var batch = outbox.Pending.Values.ToList();
            outbox.Pending.Clear();
            try
            {
                await grain.Update(batch);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Passing {Count} leaves to {Indicator} of {Tree}/{Year} failed; retrying", batch.Count, indicator, _tree, _year);
                foreach (var leaf in batch)
                {
                    Keep(outbox, leaf);
                }
                await Task.Delay(RetryDelay);
            }
        }
    }
}
