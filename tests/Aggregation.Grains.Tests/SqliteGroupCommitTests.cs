using Aggregation.Silo.Storage;
using Orleans.Runtime;
using Orleans.Storage;

namespace Aggregation.Grains.Tests;

/// <summary>
/// Group commit of the embedded store: writes reach SQLite one at a time, and none is acknowledged
/// before a sync of the log that began after it committed; one sync serves the writes committed before it.
/// </summary>
public sealed class SqliteGroupCommitTests
{
    [Fact]
    public async Task AWriteIsAcknowledgedOnlyAfterASyncThatBeganAfterItsCommit()
    {
        var store = new RecordingStorage();
        var sync = new ManualSync(store);
        var commit = new SqliteGroupCommit(store, sync.Run);

        var write = commit.WriteStateAsync("s", GrainId.Create("g", "a"), new GrainState<int>(1));
        var firstSync = await sync.Started();
        Assert.Equal(1, firstSync.CommittedWhenStarted);
        Assert.False(write.IsCompleted);
        firstSync.Finish();
        await write;
        Assert.Equal(1, commit.Syncs);
    }

    [Fact]
    public async Task AWriteCommittedDuringASyncWaitsForTheNextOne()
    {
        var store = new RecordingStorage();
        var sync = new ManualSync(store);
        var commit = new SqliteGroupCommit(store, sync.Run);

        var first = commit.WriteStateAsync("s", GrainId.Create("g", "a"), new GrainState<int>(1));
        var firstSync = await sync.Started();
        var second = commit.WriteStateAsync("s", GrainId.Create("g", "b"), new GrainState<int>(2));
        await store.Committed(2);
        firstSync.Finish();
        await first;
        Assert.False(second.IsCompleted); // its commit came after the sync began
        var secondSync = await sync.Started();
        Assert.Equal(2, secondSync.CommittedWhenStarted);
        secondSync.Finish();
        await second;
    }

    [Fact]
    public async Task ConcurrentWritesReachTheStoreOneAtATimeAndShareSyncs()
    {
        var store = new RecordingStorage { WriteDelay = TimeSpan.FromMilliseconds(1) };
        var commit = new SqliteGroupCommit(store, () => Task.Delay(20));
        await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
            Task.Run(() => commit.WriteStateAsync("s", GrainId.Create("g", $"k{i}"), new GrainState<int>(i)))));
        Assert.Equal(64, store.Writes);
        Assert.Equal(1, store.MostAtOnce);
        Assert.True(commit.Syncs < 64, $"{commit.Syncs} syncs for 64 writes");
    }

    [Fact]
    public async Task AFailedWriteIsNotAcknowledgedAndDoesNotBlockTheNext()
    {
        var store = new RecordingStorage { FailNext = true };
        var commit = new SqliteGroupCommit(store, () => Task.CompletedTask);
        await Assert.ThrowsAsync<InconsistentStateException>(() => commit.WriteStateAsync("s", GrainId.Create("g", "a"), new GrainState<int>(1)));
        await commit.WriteStateAsync("s", GrainId.Create("g", "a"), new GrainState<int>(1));
        Assert.Equal(1, store.Writes);
    }

    private sealed class RecordingStorage : IGrainStorage
    {
        private int _inside;
        private int _writes;
        private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

        public TimeSpan WriteDelay { get; init; }
        public bool FailNext { get; set; }
        public int MostAtOnce { get; private set; }
        public int Writes => Volatile.Read(ref _writes);

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            var now = Interlocked.Increment(ref _inside);
            lock (_waiters)
            {
                MostAtOnce = Math.Max(MostAtOnce, now);
            }
            try
            {
                if (WriteDelay > TimeSpan.Zero)
                {
                    await Task.Delay(WriteDelay);
                }
                if (FailNext)
                {
                    FailNext = false;
                    throw new InconsistentStateException("version conflict");
                }
                var count = Interlocked.Increment(ref _writes);
                lock (_waiters)
                {
                    foreach (var waiter in _waiters.Where(w => w.Count <= count))
                    {
                        waiter.Reached.TrySetResult();
                    }
                }
            }
            finally
            {
                Interlocked.Decrement(ref _inside);
            }
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => WriteStateAsync(stateName, grainId, grainState);

        /// <summary>Completes once <paramref name="count"/> writes have committed.</summary>
        public Task Committed(int count)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waiters)
            {
                if (Writes >= count)
                {
                    return Task.CompletedTask;
                }
                _waiters.Add((count, reached));
            }
            return reached.Task;
        }
    }

    /// <summary>A sync of the log the test finishes by hand, noting how many writes had committed when it began.</summary>
    private sealed class ManualSync(RecordingStorage store)
    {
        private readonly Queue<TaskCompletionSource<Running>> _started = new();
        private readonly Queue<Running> _pending = new();

        public sealed record Running(int CommittedWhenStarted, TaskCompletionSource Done)
        {
            public void Finish() => Done.SetResult();
        }

        public Task Run()
        {
            var running = new Running(store.Writes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            lock (_started)
            {
                if (_started.TryDequeue(out var waiter))
                {
                    waiter.SetResult(running);
                }
                else
                {
                    _pending.Enqueue(running);
                }
            }
            return running.Done.Task;
        }

        public Task<Running> Started()
        {
            lock (_started)
            {
                if (_pending.TryDequeue(out var running))
                {
                    return Task.FromResult(running);
                }
                var waiter = new TaskCompletionSource<Running>(TaskCreationOptions.RunContinuationsAsynchronously);
                _started.Enqueue(waiter);
                return waiter.Task;
            }
        }
    }
}
