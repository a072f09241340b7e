using Orleans.Runtime;
using Orleans.Storage;

namespace Aggregation.Silo.Storage;

/// <summary>
/// Group commit for the embedded SQLite store. Grain writes reach SQLite one at a time (the others
/// wait here without holding a thread; SQLite takes one writer at a time anyway), each committing
/// without its own sync to disk (the write query sets <c>synchronous = NORMAL</c>). A write is
/// acknowledged only after a sync of the write-ahead log that began after its commit, and one sync
/// covers every commit made before it began: under a burst, one sync serves many writes instead of one
/// each, so acknowledged data is exactly as durable as with <c>synchronous = FULL</c>.
/// </summary>
/// <remarks>
/// SQLite in WAL mode with <c>synchronous = FULL</c> does precisely this sync of the log at every
/// commit; nothing else is needed for a committed transaction to survive power loss (the shared-memory
/// index is rebuilt from the log). Syncing the log file through another descriptor flushes the same
/// file. When the log does not exist, the last connection has checkpointed it into the database
/// (synced) and removed it, so there is nothing left to sync.
/// </remarks>
public sealed class SqliteGroupCommit(IGrainStorage inner, Func<Task> syncLog) : IGrainStorage, IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly object _lock = new();
    private long _committed;
    private long _durable;
    private Task? _syncing;

    /// <summary>The sync of a database file's write-ahead log (<c>{database}-wal</c>).</summary>
    public static Func<Task> SyncLogOf(string databasePath) => () => Task.Run(() =>
    {
        try
        {
            using var log = new FileStream(databasePath + "-wal", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            log.Flush(flushToDisk: true);
        }
        catch (FileNotFoundException)
        {
            // Checkpointed into the database (synced) and removed: nothing waits in a log.
        }
    });

    /// <summary>How many syncs of the log have run (for tests and diagnostics).</summary>
    public long Syncs { get; private set; }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Durably(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Durably(() => inner.ClearStateAsync(stateName, grainId, grainState));

    /// <summary>
    /// Runs <paramref name="write"/> (a commit to the database) in its turn and returns once a sync of the log
    /// covers it. Grain state writes and the report log's take turns here alike.
    /// </summary>
    public async Task Durably(Func<Task> write)
    {
        long mine;
        await _turn.WaitAsync();
        try
        {
            await write();
            mine = ++_committed;
        }
        finally
        {
            _turn.Release();
        }
        while (Volatile.Read(ref _durable) < mine)
        {
            await SyncCovering();
        }
    }

    /// <summary>The sync in progress, or a new one covering every commit so far.</summary>
    private Task SyncCovering()
    {
        lock (_lock)
        {
            return _syncing ??= Sync();
        }
    }

    private async Task Sync()
    {
        // Yield first, so the writers that commit meanwhile can join the next sync rather than start their own.
        await Task.Yield();
        var upTo = Volatile.Read(ref _committed);
        try
        {
            await syncLog();
            Syncs++;
            Volatile.Write(ref _durable, Math.Max(Volatile.Read(ref _durable), upTo));
        }
        finally
        {
            lock (_lock)
            {
                _syncing = null;
            }
        }
    }

    public void Dispose() => _turn.Dispose();
}
