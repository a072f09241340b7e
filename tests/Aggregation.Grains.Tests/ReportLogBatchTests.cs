using System.Data.Common;
using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Silo.Storage;
using Aggregation.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Aggregation.Grains.Tests;

/// <summary>
/// Group commit of the report log: appends that arrive while a transaction is written share the next one; none is
/// acknowledged before its transaction commits (on SQLite, before a sync of the log after it); a failed batch
/// acknowledges none of its rows and loses none of the others; a removal never overtakes the appends queued before it.
/// </summary>
public sealed class ReportLogBatchTests
{
    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AppendsWaitingWhileTheTableIsLockedAreAcknowledgedOnlyAfterTheirOneTransactionCommits(string provider)
    {
        await using var log = await Log.Create(provider);
        var first = Entry("202401", 1, 10m, key: null);
        Task firstAppend;
        var waiting = Enumerable.Range(0, 40).Select(i => ($"u{i}", Entry("202401", 1, 100m + i + 0.50m, key: i % 2 == 0 ? $"key{i}" : null))).ToList();
        var appends = new List<Task>();
        await using (await log.LockTable())
        {
            firstAppend = log.Group.Append("u-first", first);
            await log.WriterBlocked();
            appends.AddRange(waiting.Select(w => log.Group.Append(w.Item1, w.Item2)));
            Assert.False(firstAppend.IsCompleted);
            Assert.DoesNotContain(appends, a => a.IsCompleted);
            Assert.Empty(await log.Rows());
        }
        await Task.WhenAll(appends.Append(firstAppend));

        // One transaction for the first, one for the 40 that waited behind it; every field reads back as written.
        Assert.Equal((2, 0), (log.Group.Batches, log.Group.FailedBatches));
        Assert.Equal(41, (await log.Rows()).Count);
        foreach (var (unit, entry) in waiting.Append(("u-first", first)))
        {
            var stored = Assert.Single(await log.Group.Read(unit, null));
            Assert.Equal((entry.Period, entry.ContributionVersion), (stored.Period, stored.ContributionVersion));
            Assert.Equal((entry.Report.Version, entry.Report.SubmittedAt, entry.Report.SubmittedBy, entry.Report.SubmittedByKey),
                (stored.Report.Version, stored.Report.SubmittedAt, stored.Report.SubmittedBy, stored.Report.SubmittedByKey));
            Assert.Equal(entry.Report.Values, stored.Report.Values);
            Assert.Equal(entry.Report.Values["households"].ToString(), stored.Report.Values["households"].ToString());
            Assert.Equal(entry.Report.Warnings.Select(w => (w.Code, w.Element, w.Message)), stored.Report.Warnings.Select(w => (w.Code, w.Element, w.Message)));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ATransactionTakesAtMostFiveHundredRows(string provider)
    {
        await using var log = await Log.Create(provider);
        var appends = new List<Task>();
        await using (await log.LockTable())
        {
            appends.Add(log.Group.Append("u-first", Entry("202401", 1, 1m)));
            await log.WriterBlocked();
            appends.AddRange(Enumerable.Range(0, ReportLogGroupCommit.MaxRows + 100).Select(i => log.Group.Append($"u{i}", Entry("202401", 1, i))));
        }
        await Task.WhenAll(appends);
        // The first alone, then 500, then the 100 left.
        Assert.Equal((3, 601), (log.Group.Batches, (await log.Rows()).Count));
    }

    [Fact]
    public async Task OnSqliteABatchIsAcknowledgedOnlyAfterASyncOfTheLogThatFollowsItsCommit()
    {
        var sync = new HeldSync();
        await using var log = await Log.Create("sqlite", sync.Run);
        try
        {
            var first = log.Group.Append("u-first", Entry("202401", 1, 1m));
            await sync.Started();
            var waiting = Enumerable.Range(0, 20).Select(i => log.Group.Append($"u{i}", Entry("202401", 1, i))).ToList();
            sync.Release();
            await first;

            // The 20 committed together and wait for the sync that began after their commit.
            await sync.Started();
            Assert.Equal(21, (await log.Rows()).Count);
            Assert.DoesNotContain(waiting, a => a.IsCompleted);
            sync.Release();
            await Task.WhenAll(waiting);
            Assert.Equal(2, log.Group.Batches);
        }
        finally
        {
            sync.Open();
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AFailedBatchAcknowledgesNoneOfItsRowsAndLosesNoneOfTheOthers(string provider)
    {
        await using var log = await Log.Create(provider);
        await log.Group.Append("u-taken", Entry("202401", 1, 1m));
        var appends = new List<(string Unit, Task Append)>();
        await using (await log.LockTable())
        {
            var first = log.Group.Append("u-first", Entry("202401", 1, 2m));
            await log.WriterBlocked();
            appends.Add(("u-first", first));
            for (var i = 0; i < 20; i++)
            {
                // The same unit, period and version as a stored row, among good rows of the same batch.
                appends.Add(i == 10 ? ("u-taken", log.Group.Append("u-taken", Entry("202401", 1, 999m))) : ($"u{i}", log.Group.Append($"u{i}", Entry("202401", 1, i))));
            }
        }
        await Task.WhenAll(appends.Select(a => a.Append.ContinueWith(_ => { }, TaskScheduler.Default)));

        var refused = Assert.Single(appends, a => !a.Append.IsCompletedSuccessfully);
        Assert.Equal("u-taken", refused.Unit);
        Assert.IsAssignableFrom<DbException>(refused.Append.Exception!.InnerException);
        Assert.Equal(1, log.Group.FailedBatches);
        // The row first stored stays as it was; every acknowledged row is stored, once.
        Assert.Equal(1m, Assert.Single(await log.Group.Read("u-taken", null)).Report.Values["households"]);
        var rows = await log.Rows();
        Assert.Equal(21, rows.Count);
        Assert.All(appends.Where(a => a.Append.IsCompletedSuccessfully), a => Assert.Contains(a.Unit, rows));
        // The taken row's own append, the first, the failed batch's 19 good rows one at a time.
        Assert.Equal(21, log.Group.Batches);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ARemovalWaitsForTheAppendQueuedBeforeItAndTheNextAppendWaitsForIt(string provider)
    {
        await using var log = await Log.Create(provider);
        Task[] writes;
        await using (await log.LockTable())
        {
            var first = log.Group.Append("u-first", Entry("202401", 1, 1m));
            await log.WriterBlocked();
            writes =
            [
                first,
                log.Group.Append("u", Entry("202401", 1, 1m)),
                log.Group.Append("u", Entry("202402", 1, 1m)),
                log.Group.Remove("u", "202401", 1),
                log.Group.Append("u", Entry("202401", 2, 2m)),
            ];
        }
        await Task.WhenAll(writes);
        Assert.Equal([("202401", 2), ("202402", 1)], (await log.Group.Read("u", null)).Select(r => (r.Period, r.Report.Version)));
        // The first alone; the two appends before the removal together; the removal; the append after it.
        Assert.Equal(4, log.Group.Batches);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WithGroupCommitOffEachAppendIsItsOwnTransactionAsBefore(string provider)
    {
        await using var log = await Log.Create(provider);
        Assert.Same(log.Store, ReportLogGroupCommit.Over(log.Store, groupCommit: false));
        await log.Store.Append("u", Entry("202401", 1, 1m));
        Task later;
        await using (await log.LockTable())
        {
            // Off the test's thread: Microsoft.Data.Sqlite waits for a lock on the calling thread.
            later = Task.Run(() => log.Store.Append("u", Entry("202401", 2, 2m)));
            await log.WriterBlocked();
            Assert.False(later.IsCompleted);
            Assert.Single(await log.Rows());
        }
        await later;
        await Assert.ThrowsAnyAsync<DbException>(() => log.Store.Append("u", Entry("202401", 1, 3m)));
        Assert.Equal([(1, 1m), (2, 2m)], (await log.Store.Read("u", "202401")).Select(r => (r.Report.Version, r.Report.Values["households"])));
        Assert.Equal(0, log.Group.Batches);
    }

    [Theory]
    [InlineData("sqlite", true)]
    [InlineData("sqlite", false)]
    [InlineData("postgres", true)]
    [InlineData("postgres", false)]
    public async Task ReportsArrivingTogetherAreStoredAndReadBackAfterARestartWithGroupCommitOnAndOff(string provider, bool groupCommit)
    {
        var store = (provider == "sqlite" ? Store.NewSqlite() : Store.NewPostgres()) with { GroupCommit = groupCommit };
        await ClusterFixture.WithRestart(store, async (first, restart) =>
        {
            var log = Assert.IsType<CountedReportLog>(((InProcessSiloHandle)first.Primary!).SiloHost.Services.GetRequiredService<IReportLog>()).Inner;
            Assert.Equal(groupCommit, log is ReportLogGroupCommit);
            var t = new TreeBuilder(first.GrainFactory);
            await t.Unit("n", "nation", null);
            await t.Unit("d", "district", "n");
            var communes = Enumerable.Range(0, 24).Select(i => $"c{i}").ToList();
            foreach (var commune in communes)
            {
                await t.Unit(commune, "commune", "d");
            }
            var submitted = await Task.WhenAll(communes.SelectMany((c, i) => new[] { ("202401", 10m + i), ("202402", 20m + i) }
                .Select(r => t.Report(c, r.Item1, TreeBuilder.Values(r.Item2, 1, 100)))));
            Assert.All(submitted, r => Assert.Equal(SubmitStatus.Accepted, r.Status));

            var second = await restart();
            foreach (var (commune, i) in communes.Select((c, i) => (c, i)))
            {
                var leaf = second.GrainFactory.Commune(t.Key(commune));
                Assert.Equal([(1, 10m + i)], (await leaf.GetHistory(Period.Parse("202401"))).Select(r => (r.Version, r.Values["households"])));
                Assert.Equal([(1, 20m + i)], (await leaf.GetHistory(Period.Parse("202402"))).Select(r => (r.Version, r.Values["households"])));
            }
            var total = communes.Count * 20m + Enumerable.Range(0, communes.Count).Sum();
            var district = await Eventually.Until(() => second.GrainFactory.GetGrain<IQueryGrain>(0).GetIndicators(t.Key("d"), Period.Parse("202402"))!,
                v => v?.Elements["households"] == total, timeoutMs: 30_000);
            Assert.Equal(total, district!.Elements["households"]);
        });
    }

    private static LoggedReport Entry(string period, int version, decimal households, string? key = null) => new(period, new StoredReport
    {
        Version = version,
        SubmittedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(7)).AddTicks(1234567 + version),
        SubmittedBy = "tester",
        SubmittedByKey = key,
        Values = new() { ["households"] = households, ["poor_households"] = 1.250m },
        Warnings = version == 1 ? [] : [new WarningView("large_change", "households", "households changed by more than half")],
    }, 638_000_000_000_000_000L + version);

    /// <summary>A report log straight on a new store of one provider, with group commit, and a way to hold its writer.</summary>
    private sealed class Log : IAsyncDisposable
    {
        private readonly string _provider;
        private readonly string _connectionString;
        private readonly string? _directory;
        private TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private Log(string provider, string connectionString, string? directory, Func<Task>? syncLog)
        {
            (_provider, _connectionString, _directory) = (provider, connectionString, directory);
            // As the silo makes them (AdoNetReportLog.Sqlite and .Postgres), with connections the test sees opened.
            Store = directory is null
                ? new AdoNetReportLog("tests", Open, write => write(), "")
                : new AdoNetReportLog("tests", Open, new SqliteGroupCommit(new NoGrainState(), syncLog ?? SqliteGroupCommit.SyncLogOf(SqliteStore.DatabasePath(directory))).Durably,
                    "PRAGMA synchronous = NORMAL;");
            Group = new ReportLogGroupCommit(Store);
        }

        public AdoNetReportLog Store { get; }

        public ReportLogGroupCommit Group { get; }

        public static async Task<Log> Create(string provider, Func<Task>? syncLog = null)
        {
            if (provider == "sqlite")
            {
                var directory = Directory.CreateTempSubdirectory("aggregation-report-log-batch.").FullName;
                return new Log(provider, SqliteStore.Prepare(directory), directory, syncLog);
            }
            var database = PostgresStore.Tuned(TestPostgres.CreateDatabase());
            await PostgresStore.PrepareAsync(database);
            return new Log(provider, database, null, null);
        }

        private async Task<DbConnection> Open()
        {
            DbConnection connection = _provider == "sqlite" ? new SqliteConnection(_connectionString) : new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            _opened.TrySetResult();
            return connection;
        }

        /// <summary>
        /// Holds the table's write lock from another connection until disposed: on PostgreSQL a transaction that locked it
        /// (<c>EXCLUSIVE</c>: reads go on, writes wait); on SQLite a transaction begun <c>IMMEDIATE</c> (the one writer's lock).
        /// </summary>
        public async Task<IAsyncDisposable> LockTable()
        {
            var connection = await Raw();
            await Execute(connection, _provider == "sqlite" ? "BEGIN IMMEDIATE" : "BEGIN; LOCK TABLE AggregationReportLog IN EXCLUSIVE MODE");
            _opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return new Held(connection);
        }

        /// <summary>
        /// Returns once the writer is stuck at the lock: on PostgreSQL once the server shows its insert waiting for the
        /// lock; on SQLite (which shows no waiters) once it has opened its connection and had a generous while to write.
        /// </summary>
        public async Task WriterBlocked()
        {
            await _opened.Task.WaitAsync(TimeSpan.FromMinutes(1));
            if (_provider == "sqlite")
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                return;
            }
            await using var connection = await Raw();
            var waiting = await Eventually.Until(async () =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' " +
                    "AND (query LIKE '%INSERT INTO AggregationReportLog%' OR query LIKE '%DELETE FROM AggregationReportLog%')";
                return Convert.ToInt64(await command.ExecuteScalarAsync());
            }, waiting => waiting == 1, timeoutMs: 60_000);
            Assert.Equal(1, waiting);
        }

        /// <summary>Every stored row's unit, read by a connection of its own.</summary>
        public async Task<List<string>> Rows()
        {
            await using var connection = await Raw();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT Unit FROM AggregationReportLog";
            await using var reader = await command.ExecuteReaderAsync();
            var units = new List<string>();
            while (await reader.ReadAsync())
            {
                units.Add(reader.GetString(0));
            }
            return units;
        }

        private async Task<DbConnection> Raw()
        {
            DbConnection connection = _provider == "sqlite"
                ? new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString())
                : new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            return connection;
        }

        private static async Task Execute(DbConnection connection, string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Group.DisposeAsync();
            if (_directory is not null)
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(_directory, recursive: true);
            }
        }

        private sealed class Held(DbConnection connection) : IAsyncDisposable
        {
            public async ValueTask DisposeAsync()
            {
                await Execute(connection, "COMMIT");
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>A sync of the log that waits for the test, and tells it when one begins.</summary>
    private sealed class HeldSync
    {
        private readonly SemaphoreSlim _started = new(0);
        private readonly SemaphoreSlim _released = new(0);
        private volatile bool _open;

        public async Task Run()
        {
            _started.Release();
            if (!_open)
            {
                await _released.WaitAsync();
            }
        }

        /// <summary>Lets every sync, held or to come, finish (so that a failed test does not leave its writer waiting).</summary>
        public void Open()
        {
            _open = true;
            _released.Release(1000);
        }

        public Task Started() => _started.WaitAsync(TimeSpan.FromMinutes(1)).ContinueWith(t => Assert.True(t.Result, "no sync began"), TaskScheduler.Default);

        public void Release() => _released.Release();
    }

    /// <summary>No grain state here: the group commit serves the report log alone.</summary>
    private sealed class NoGrainState : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw new NotSupportedException();

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw new NotSupportedException();

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw new NotSupportedException();
    }
}
