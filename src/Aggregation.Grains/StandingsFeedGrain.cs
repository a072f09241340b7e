using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Microsoft.Extensions.Logging;

namespace Aggregation.Grains;

/// <summary>
/// Passes the leaves' contributions of one tree and year on to each indicator's grain. What arrives is gathered,
/// keeping the newest version of each leaf and period, and sent in rounds: at most one round is in flight and at
/// most one starts every 250 ms, so the indicator grains see one message per round however many parents of leaves
/// are busy. A round sends the same batch to every indicator grain, and each takes its own indicator's components
/// from it. A grain that failed gets what it missed again in the next round, with the new batch. Nothing is stored:
/// when a silo fails, the indicator grains read the rollups again.
/// </summary>
public sealed class StandingsFeedGrain(IndicatorCatalog catalog, TimeProvider clock, ILogger<StandingsFeedGrain> logger) : Grain, IStandingsFeedGrain
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>At most one round per this time, so the rounds stay few however fast they answer.</summary>
    private static readonly TimeSpan SendEvery = TimeSpan.FromMilliseconds(250);

    private Dictionary<(string Leaf, Period Period), LeafUpdate> _pending = [];

    /// <summary>Per indicator, what a failed round did not bring it.</summary>
    private readonly Dictionary<string, Dictionary<(string Leaf, Period Period), LeafUpdate>> _missed = [];

    private Task _sending = Task.CompletedTask;
    private long _sentAt;
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
        var behind = _pending.Count > 0 ? catalog.Indicators.Select(i => i.Code) : _missed.Where(m => m.Value.Count > 0).Select(m => m.Key);
        foreach (var indicator in behind.ToList())
        {
            GrainFactory.Indicator(indicator, _tree, _year).Resync().Ignore();
        }
        return Task.CompletedTask;
    }

    public Task Update(IReadOnlyList<LeafUpdate> leaves)
    {
        foreach (var leaf in leaves)
        {
            Keep(_pending, leaf);
        }
        if (_sending.IsCompleted)
        {
            _sending = Send();
        }
        return Task.CompletedTask;
    }

    private static void Keep(Dictionary<(string, Period), LeafUpdate> held, LeafUpdate leaf) =>
        held.KeepNewer((leaf.Leaf, leaf.Period), leaf, l => l.Contribution.Version);

    private async Task Send()
    {
        while ((_pending.Count > 0 || _missed.Count > 0) && !_deactivated)
        {
            var wait = SendEvery - clock.GetElapsedTime(_sentAt);
            if (_sentAt != 0 && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock);
            }
            _sentAt = clock.GetTimestamp();
            var batch = _pending.Values.ToList();
            _pending = [];
            var failed = await Task.WhenAll(catalog.Indicators.Select(i => SendTo(i.Code, batch)));
            if (failed.Any(f => f))
            {
                await Task.Delay(RetryDelay);
            }
        }
    }

    /// <summary>The round's batch, with what an earlier round failed to bring, to one indicator grain; true when it failed.</summary>
    private async Task<bool> SendTo(string indicator, IReadOnlyList<LeafUpdate> batch)
    {
        if (_missed.Remove(indicator, out var missed))
        {
            foreach (var leaf in batch)
            {
                Keep(missed, leaf);
            }
            batch = [.. missed.Values];
        }
        if (batch.Count == 0)
        {
            return false;
        }
        try
        {
            await GrainFactory.Indicator(indicator, _tree, _year).Feed(batch);
            return false;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Passing {Count} leaves to {Indicator} of {Tree}/{Year} failed; retrying", batch.Count, indicator, _tree, _year);
            var again = _missed.TryGetValue(indicator, out var held) ? held : _missed[indicator] = [];
            foreach (var leaf in batch)
            {
                Keep(again, leaf);
            }
            return true;
        }
    }
}
