using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Units;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Aggregation.Grains.Tests;

/// <summary>How often a grain tells its watchers (<see cref="UnitWatchers"/>), on a clock the test moves.</summary>
public sealed class WatcherPacingTests
{
    private sealed class Listener : IUnitWatcher
    {
        public List<IReadOnlyList<Period>> Notices { get; } = [];

        public Task Changed(UnitKey unit, IReadOnlyList<Period> periods)
        {
            lock (Notices)
            {
                Notices.Add(periods);
            }
            return Task.CompletedTask;
        }

        public int Count
        {
            get
            {
                lock (Notices)
                {
                    return Notices.Count;
                }
            }
        }
    }

    private static readonly UnitKey Unit = new(UnitKey.DefaultTree, "d1");

    private static async Task Until(Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!done() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.True(done());
    }

    [Fact]
    public async Task AChangeAfterAQuietSpellIsToldAtOnceAndTheChangesWithinTheSpellTogetherAtItsEnd()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2025-07-01T08:00:00Z"));
        var watchers = new UnitWatchers(clock, NullLogger.Instance);
        var listener = new Listener();
        await watchers.Add(listener, 0);

        watchers.Tell(Unit, [Period.Parse("202501")]);
        Assert.Equal(1, listener.Count);

        // Within the spell: nothing goes until it ends, then one notice with every period told meanwhile.
        clock.Advance(TimeSpan.FromMilliseconds(100));
        watchers.Tell(Unit, [Period.Parse("202502")]);
        watchers.Tell(Unit, [Period.Parse("202503"), Period.Parse("202502")]);
        Assert.Equal(1, listener.Count);
        clock.Advance(Watching.NoticeEvery);
        await Until(() => listener.Count == 2);
        Assert.Equal(["202502", "202503"], listener.Notices[1].Select(p => p.ToString()).Order());

        // After a quiet spell, at once again.
        clock.Advance(Watching.NoticeEvery);
        watchers.Tell(Unit, [Period.Parse("202504")]);
        Assert.Equal(3, listener.Count);
    }
}
