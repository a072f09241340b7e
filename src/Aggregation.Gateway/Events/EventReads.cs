using System.Threading.RateLimiting;

namespace Aggregation.Gateway.Events;

/// <summary>
/// How many events' figures the gateway reads a second across all its streams: at most <see cref="PerSecond"/>. An event's
/// cost is that read (the unit's indicators and their JSON), so this bounds what open dashboards take from the reports
/// coming in. At idle every event goes at once; when more streams change at once than the budget holds (hundreds of
/// dashboards open during a national burst), they take turns, oldest first: each event still carries the newest figures,
/// but a stream hears less often than once a second.
/// </summary>
public sealed class EventReads : IAsyncDisposable
{
    public const int PerSecond = 50;

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private readonly TokenBucketRateLimiter _limiter;

    public EventReads() : this(replenishOnItsOwn: true)
    {
    }

    /// <param name="replenishOnItsOwn">false: the budget grows only by <see cref="Replenish"/> (tests)</param>
    internal EventReads(bool replenishOnItsOwn) => _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
    {
        TokenLimit = PerSecond,
        TokensPerPeriod = (int)(PerSecond * Step.TotalSeconds),
        ReplenishmentPeriod = Step,
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = replenishOnItsOwn,
    });

    /// <summary>Waits for the budget to allow one read; false when the client left meanwhile.</summary>
    public async Task<bool> Take(CancellationToken cancellation)
    {
        try
        {
            using var lease = await _limiter.AcquireAsync(1, cancellation);
            return lease.IsAcquired;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Adds one step's reads to the budget.</summary>
    internal bool Replenish() => _limiter.TryReplenish();

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();
}
