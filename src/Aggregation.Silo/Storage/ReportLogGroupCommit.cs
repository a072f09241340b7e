using System.Threading.Channels;
using Aggregation.Grains;

namespace Aggregation.Silo.Storage;

/// <summary>
/// Group commit for the report log, on either store: appends that arrive together reach the store in one
/// transaction (<see cref="AdoNetReportLog.AppendAll"/>) instead of one each, and each is acknowledged only once
/// that transaction is durable. One writer takes everything waiting (up to <see cref="MaxRows"/> rows) and writes
/// it; what arrives meanwhile waits for the next transaction. Nothing waits for company: a lone append is written
/// at once, as a single row.
/// </summary>
/// <remarks>
/// A transaction commits all its rows or none, so a failed one acknowledges none of its callers. Its rows are then
/// written again one at a time, each in a transaction of its own: a row at fault (a version already stored) fails
/// only its own caller, and every other row is stored and acknowledged. Removals queue behind the appends before
/// them and are written alone, in order, so an aborted import's removal never overtakes the append of its row.
/// Reads go straight to the store.
/// </remarks>
public sealed class ReportLogGroupCommit : IReportLog, IAsyncDisposable, IDisposable
{
    /// <summary>Most rows one transaction takes.</summary>
    public const int MaxRows = 500;

    private readonly AdoNetReportLog _store;
    private readonly Channel<Write> _queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private long _batches;
    private long _failedBatches;

    public ReportLogGroupCommit(AdoNetReportLog store)
    {
        _store = store;
        // The writer serves every caller: it keeps none's execution context (request context, trace).
        using (ExecutionContext.SuppressFlow())
        {
            _writer = Task.Run(WriteQueued);
        }
    }

    /// <summary>The report log over <paramref name="store"/>: with group commit when <paramref name="groupCommit"/>, else one transaction per write.</summary>
    public static IReportLog Over(AdoNetReportLog store, bool groupCommit) => groupCommit ? new ReportLogGroupCommit(store) : store;

    /// <summary>Transactions committed so far, of one row or many (for tests and diagnostics).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Transactions of many rows that failed, whose rows were then written one at a time.</summary>
    public long FailedBatches => Interlocked.Read(ref _failedBatches);

    public Task<IReadOnlyList<LoggedReport>> ReadLatest(string unit) => _store.ReadLatest(unit);

    public Task<IReadOnlyList<LoggedReport>> Read(string unit, string? period) => _store.Read(unit, period);

    public Task Append(string unit, LoggedReport entry) => Enqueue(new Appending(unit, entry));

    public Task Remove(string unit, string period, int version) => Enqueue(new Removing(unit, period, version));

    private Task Enqueue(Write write) => _queue.Writer.TryWrite(write)
        ? write.Done.Task
        : throw new ObjectDisposedException(nameof(ReportLogGroupCommit), "the report log is shutting down");

    private async Task WriteQueued()
    {
        var queue = _queue.Reader;
        while (await queue.WaitToReadAsync())
        {
            if (queue.TryPeek(out var first) && first is Removing removing)
            {
                queue.TryRead(out _);
                await Alone(removing, () => _store.Remove(removing.Unit, removing.Period, removing.Version));
                continue;
            }
            var batch = new List<Appending>();
            while (batch.Count < MaxRows && queue.TryPeek(out var next) && next is Appending appending)
            {
                queue.TryRead(out _);
                batch.Add(appending);
            }
            await Together(batch);
        }
    }

    private async Task Together(List<Appending> batch)
    {
        if (batch.Count > 1 && await InOneTransaction(batch))
        {
            return;
        }
        foreach (var appending in batch)
        {
            await Alone(appending, () => _store.Append(appending.Unit, appending.Entry));
        }
    }

    /// <summary>Writes the whole batch in one transaction and acknowledges it; false, acknowledging none, when that fails.</summary>
    private async Task<bool> InOneTransaction(List<Appending> batch)
    {
        try
        {
            await _store.AppendAll(batch.Select(a => (a.Unit, a.Entry)).ToList());
        }
        catch (Exception)
        {
            // Nothing of it committed: the caller writes each row again on its own, so only a row at fault fails.
            Interlocked.Increment(ref _failedBatches);
            return false;
        }
        Interlocked.Increment(ref _batches);
        foreach (var appending in batch)
        {
            appending.Done.SetResult();
        }
        return true;
    }

    private async Task Alone(Write write, Func<Task> store)
    {
        try
        {
            await store();
        }
        catch (Exception e)
        {
            write.Done.SetException(e);
            return;
        }
        Interlocked.Increment(ref _batches);
        write.Done.SetResult();
    }

    /// <summary>Takes no more writes; those queued are still written.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
    }

    private abstract record Write
    {
        /// <summary>Completes once the write is durable, or fails with what the store answered.</summary>
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Appending(string Unit, LoggedReport Entry) : Write;

    private sealed record Removing(string Unit, string Period, int Version) : Write;
}
