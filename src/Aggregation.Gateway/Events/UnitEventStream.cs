using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Aggregation.Gateway.Events;

/// <summary>
/// One client's stream of a unit's figures: the current figures at once, then again whenever they change, at most one
/// event per <see cref="Interval"/>. A change inside the interval is sent at its end, with the figures read then, so
/// a burst of changes makes one event carrying the newest.
/// </summary>
/// <remarks>Every read waits for the gateway's budget of reads (<see cref="EventReads"/>): under a load of many changing streams, an event may come later than the interval.</remarks>
public sealed class UnitEventStream(TimeProvider clock, EventReads reads)
{
    public const string EventType = "indicators";

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>How long a client waits before reconnecting after the stream broke.</summary>
    public static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(3);

    /// <summary>
    /// After this long without an event the stream sends a <see cref="KeepAliveType"/> event (no data, no id), so a proxy
    /// or load balancer that closes quiet connections keeps the stream open, and a client can tell a quiet unit from a lost stream.
    /// </summary>
    /// <remarks>The dashboard drops a stream silent for twice this and a margin (<c>SILENCE_MS</c> in wwwroot/js/events.js), which follows it.</remarks>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public const string KeepAliveType = "keep-alive";

    private enum Wake { Changed, Quiet, Left }

    /// <summary>
    /// The events: <paramref name="listen"/> subscribes a callback to the changes, <paramref name="read"/> reads the figures
    /// (as the event's data; null when the unit is gone, which ends the stream). Event ids count on from <paramref name="lastId"/>,
    /// the last one the client saw. Ends when <paramref name="cancellation"/> fires (the client left).
    /// </summary>
    public async IAsyncEnumerable<SseItem<string>> Events(Func<Action, Task<IDisposable>> listen, Func<Task<string?>> read, long lastId,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        var due = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        // Listening before the first read: a change between the two is not lost.
        using var listening = await listen(() => due.Writer.TryWrite(true));
        string? sent = null;
        var sentAt = 0L;
        var id = lastId;
        var wake = Wake.Changed;
        while (!cancellation.IsCancellationRequested)
        {
            if (wake == Wake.Quiet)
            {
                yield return new SseItem<string>("", KeepAliveType);
            }
            else if (await reads.Take(cancellation) && await read() is { } figures)
            {
                if (figures != sent)
                {
                    (sent, sentAt) = (figures, clock.GetTimestamp());
                    yield return new SseItem<string>(figures, EventType)
                    {
                        EventId = (++id).ToString(CultureInfo.InvariantCulture),
                        ReconnectionInterval = Reconnect,
                    };
                }
            }
            else
            {
                yield break;
            }
            if ((wake = await Due(due.Reader, sentAt, cancellation)) == Wake.Left)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Waits for a change, then for the end of the interval since the last event; <see cref="Wake.Quiet"/> when no change came
    /// for <see cref="KeepAlive"/>, <see cref="Wake.Left"/> when the client left.
    /// </summary>
    private async Task<Wake> Due(ChannelReader<bool> due, long sentAt, CancellationToken cancellation)
    {
        try
        {
            try
            {
                // Waiting to read takes nothing from the channel, so a wait that times out loses no change.
                await due.WaitToReadAsync(cancellation).AsTask().WaitAsync(KeepAlive, clock, cancellation);
            }
            catch (TimeoutException)
            {
                return Wake.Quiet;
            }
            var wait = Interval - clock.GetElapsedTime(sentAt);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, cancellation);
            }
            // Changes told meanwhile are in the figures read next.
            due.TryRead(out _);
            return Wake.Changed;
        }
        catch (OperationCanceledException)
        {
            return Wake.Left;
        }
    }
}
