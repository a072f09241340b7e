using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Microsoft.Extensions.Logging;

namespace Aggregation.Grains;

/// <summary>
/// Passes the leaves' contributions of one tree and year on to each indicator's grain, split by indicator. At most
/// one message per indicator grain is in flight; what arrives meanwhile is folded into the next, keeping the newest
/// version of each leaf and period, so the indicator grains see one message per round however many parents of
/// leaves are busy. Nothing is stored: when a silo fails, the indicator grains read the rollups again.
/// </summary>
public sealed class StandingsFeedGrain(IndicatorCatalog catalog, ILogger<StandingsFeedGrain> logger) : Grain, IStandingsFeedGrain
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    private sealed class Outbox
    {
        public Dictionary<(string Leaf, Period Period), LeafComponents> Pending { get; } = [];
        public Task Sending { get; set; } = Task.CompletedTask;
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

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await Task.WhenAll(_outboxes.Values.Select(o => o.Sending)).WaitAsync(cancellationToken)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        _deactivated = true;
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

    private static void Keep(Outbox outbox, LeafComponents leaf)
    {
        var key = (leaf.Leaf, leaf.Period);
        if (!outbox.Pending.TryGetValue(key, out var kept) || kept.Version < leaf.Version)
        {
            outbox.Pending[key] = leaf;
        }
    }

    private async Task Send(string indicator, Outbox outbox)
    {
        var grain = GrainFactory.Indicator(indicator, _tree, _year);
        while (outbox.Pending.Count > 0 && !_deactivated)
        {
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
