using System.Net.ServerSentEvents;
using Aggregation.Gateway.Events;
using Microsoft.Extensions.Time.Testing;

namespace Aggregation.Gateway.Tests;

/// <summary>How one stream paces its events, on a clock the test moves: at most one a second, the last with the newest figures.</summary>
public sealed class EventPacingTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2025-07-01T08:00:00Z"));
    private readonly CancellationTokenSource _left = new();
    private readonly EventReads _budget = new(replenishOnItsOwn: false);
    private readonly IAsyncEnumerator<SseItem<string>> _events;
    private readonly TaskCompletionSource<Action> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _figures = 1;
    private int _reads;
    private bool _stoppedListening;

    public EventPacingTests()
    {
        _events = new UnitEventStream(_clock, _budget).Events(Listen, Read, lastId: 0, _left.Token).GetAsyncEnumerator();
    }

    private Task<IDisposable> Listen(Action changed)
    {
        _listening.SetResult(changed);
        return Task.FromResult<IDisposable>(new Stop(() => _stoppedListening = true));
    }

    private sealed class Stop(Action stop) : IDisposable
    {
        public void Dispose() => stop();
    }

    private Task<string?> Read()
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult<string?>($"{{\"figures\":{Volatile.Read(ref _figures)}}}");
    }

    /// <summary>The stream's next step, or a failure rather than a hung run when a step of the clock came before the stream waited on it.</summary>
    private static Task<bool> Soon(Task<bool> step) => step.WaitAsync(TimeSpan.FromSeconds(30));

    private async Task Change(int figures)
    {
        Volatile.Write(ref _figures, figures);
        (await _listening.Task)();
    }

    [Fact]
    public async Task ChangesInsideASecondMakeOneEventAtItsEndWithTheNewestFigures()
    {
        Assert.True(await Soon(_events.MoveNextAsync().AsTask()));
        Assert.Equal(("{\"figures\":1}", "1"), (_events.Current.Data, _events.Current.EventId));

        var next = _events.MoveNextAsync().AsTask();
        await Change(2);
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        await Change(3);
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        await Change(4);
        _clock.Advance(TimeSpan.FromMilliseconds(399));
        // 999 ms after the first event: nothing sent, nothing even read yet.
        await Task.Delay(50);
        Assert.False(next.IsCompleted);
        Assert.Equal(1, Volatile.Read(ref _reads));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await Soon(next));
        Assert.Equal(("{\"figures\":4}", "2"), (_events.Current.Data, _events.Current.EventId));
        Assert.Equal(2, Volatile.Read(ref _reads));
    }

    [Fact]
    public async Task AChangeAfterAQuietSecondIsSentAtOnce()
    {
        Assert.True(await Soon(_events.MoveNextAsync().AsTask()));
        _clock.Advance(TimeSpan.FromSeconds(5));

        var next = _events.MoveNextAsync().AsTask();
        await Change(2);
        Assert.True(await Soon(next));
        Assert.Equal("{\"figures\":2}", _events.Current.Data);

        // The next change, 200 ms later, waits for the end of that event's second.
        next = _events.MoveNextAsync().AsTask();
        _clock.Advance(TimeSpan.FromMilliseconds(200));
        await Change(3);
        await Task.Delay(50);
        Assert.False(next.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(800));
        Assert.True(await Soon(next));
        Assert.Equal(("{\"figures\":3}", "3"), (_events.Current.Data, _events.Current.EventId));
    }

    [Fact]
    public async Task ANoticeThatChangedNothingSendsNothingAndLeavingStopsListening()
    {
        Assert.True(await Soon(_events.MoveNextAsync().AsTask()));
        var next = _events.MoveNextAsync().AsTask();
        await Change(1);
        // The clock keeps moving: the stream may start waiting out its second only after a first step has passed.
        for (var waited = 0; Volatile.Read(ref _reads) < 2; waited += 10)
        {
            Assert.True(waited < 30_000, "the figures were not read again after the notice");
            _clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(10);
        }
        await _left.CancelAsync();
        Assert.False(await Soon(next));
        Assert.True(_stoppedListening);
    }

    [Fact]
    public async Task FifteenQuietSecondsSendAKeepAliveWithoutReadingAndTheNextChangeStillComes()
    {
        Assert.True(await Soon(_events.MoveNextAsync().AsTask()));
        var next = _events.MoveNextAsync().AsTask();
        // The stream starts waiting when asked for its next event; each step of the clock comes after that.
        await Task.Delay(50);
        _clock.Advance(UnitEventStream.KeepAlive - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.False(next.IsCompleted);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await Soon(next));
        Assert.Equal((UnitEventStream.KeepAliveType, "", null), (_events.Current.EventType, _events.Current.Data, _events.Current.EventId));
        Assert.Equal(1, Volatile.Read(ref _reads));

        next = _events.MoveNextAsync().AsTask();
        await Change(2);
        Assert.True(await Soon(next));
        Assert.Equal((UnitEventStream.EventType, "{\"figures\":2}", "2"), (_events.Current.EventType, _events.Current.Data, _events.Current.EventId));
    }

    [Fact]
    public async Task WhenTheGatewaysReadsAreSpentAnEventWaitsForThemAndThenCarriesTheNewestFigures()
    {
        Assert.True(await Soon(_events.MoveNextAsync().AsTask()));
        for (var i = 1; i < EventReads.PerSecond; i++)
        {
            Assert.True(await _budget.Take(CancellationToken.None));
        }
        _clock.Advance(TimeSpan.FromSeconds(5));

        var next = _events.MoveNextAsync().AsTask();
        await Change(2);
        await Change(3);
        await Task.Delay(50);
        Assert.False(next.IsCompleted);
        Assert.Equal(1, Volatile.Read(ref _reads));

        Assert.True(_budget.Replenish());
        Assert.True(await Soon(next));
        Assert.Equal(("{\"figures\":3}", "2"), (_events.Current.Data, _events.Current.EventId));
    }

    public async ValueTask DisposeAsync()
    {
        await _left.CancelAsync();
        await _events.DisposeAsync();
        await _budget.DisposeAsync();
        _left.Dispose();
    }
}
