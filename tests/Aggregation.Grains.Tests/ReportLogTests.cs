using System.Data.Common;
using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Silo.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;
using Orleans.TestingHost;

namespace Aggregation.Grains.Tests;

/// <summary>
/// A leaf's reports are rows of the report log: a new version is one row, whatever came before; history,
/// approvals, audit and aborted imports read back the same after a deactivation and after a cluster restart.
/// </summary>
public sealed class ReportLogTests
{
    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    private static Dictionary<string, decimal> Values(decimal households) =>
        new() { ["households"] = households, ["poor_households"] = 10, ["income_total"] = 100 };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task HistoryApprovalsAuditAndAnAbortedImportSurviveADeactivationAndARestart(string provider)
    {
        var store = provider == "sqlite" ? Store.NewSqlite() : Store.NewPostgres();
        await ClusterFixture.WithRestart(store, async (first, restart) =>
        {
            var t = new TreeBuilder(first.GrainFactory);
            await t.Unit("n", "nation", null);
            await t.Unit("d", "district", "n");
            await t.Unit("a", "commune", "d");
            foreach (var (period, households) in new[] { ("202302", 20m), ("202301", 10m), ("202302", 21m), ("202301", 11m), ("202301", 12m) })
            {
                Assert.Equal(SubmitStatus.Accepted, (await t.Report("a", period, Values(households))).Status);
            }
            var leaf = first.GrainFactory.Commune(t.Key("a"));
            Assert.NotNull((await leaf.Approve(Period.Parse("202302"), TreeBuilder.Tester)).Approval);

            // An import commits a fourth version of January, then aborts: its row goes, the version still grows.
            var january = Period.Parse("202301");
            Assert.Equal(SubmitStatus.Validated, (await first.GrainFactory.Unit(t.Key("a")).Prepare(january, new ReportSubmission(Values(99), null, "import"), "import-1")).Status);
            Assert.Equal(4, (await leaf.Commit(january, "import-1")).Receipt!.Version);
            var withImport = (await leaf.GetContribution(january)).Version;
            await leaf.Abort(january, "import-1");
            var afterAbort = (await leaf.GetContribution(january)).Version;
            Assert.True(afterAbort > withImport, $"{afterAbort} after the abort, {withImport} with the import");

            await Expect(leaf, t.Code("a"), afterAbort);
            await first.GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            await Expect(leaf, t.Code("a"), afterAbort);

            var second = await restart();
            var again = second.GrainFactory.Commune(t.Key("a"));
            await Expect(again, t.Code("a"), afterAbort);

            // The next version follows the log, and the district takes it (its version is above what it saw).
            var next = await second.GrainFactory.Unit(t.Key("a")).Submit(january, new ReportSubmission(Values(13), null, "test"));
            Assert.Equal(4, next.Receipt!.Version);
            Assert.True((await again.GetContribution(january)).Version > afterAbort);
            await Eventually.Until(() => second.GrainFactory.GetGrain<IQueryGrain>(0).GetIndicators(t.Key("d"), january)!, v => v!.Elements["households"] == 13);
        });
    }

    /// <summary>What the leaf holds after the reports, the approval and the aborted import, however often it was reloaded.</summary>
    private static async Task Expect(ICommuneGrain leaf, string code, long atLeast)
    {
        var january = await leaf.GetHistory(Period.Parse("202301"));
        Assert.Equal([(1, 10m), (2, 11m), (3, 12m)], january.Select(r => (r.Version, r.Values["households"])));
        Assert.All(january, r => Assert.Equal((code, "202301", "test"), (r.Unit, r.Period, r.SubmittedBy)));
        Assert.True(january[0].SubmittedAt < january[1].SubmittedAt && january[1].SubmittedAt < january[2].SubmittedAt);
        Assert.Equal([(1, 20m), (2, 21m)], (await leaf.GetHistory(Period.Parse("202302"))).Select(r => (r.Version, r.Values["households"])));
        Assert.Equal([Period.Parse("202301"), Period.Parse("202302")], await leaf.GetPeriods());
        Assert.Equal(TreeBuilder.Tester.Signature(), (await leaf.GetApproval(Period.Parse("202302")))!.ApprovedBy);
        Assert.Single(await leaf.GetAudit());
        var trail = await leaf.GetReportTrail(new AuditQuery(null, null, null, null, null));
        Assert.Equal(5, trail.Count);
        Assert.True((await leaf.GetContribution(Period.Parse("202301"))).Version >= atLeast);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public Task ACommuneWithManyVersionsActivatesWithTheLatestOfEachPeriodAndReadsOlderOnesWhenAsked(string provider) => OnNewCluster(provider, async (_, cluster) =>
    {
        var t = new TreeBuilder(cluster.GrainFactory);
        await t.Unit("n", "nation", null);
        await t.Unit("d", "district", "n");
        await t.Unit("a", "commune", "d");
        // Three months of 2022 once, three months of 2023 eight times each: 27 rows, 6 of them latest.
        foreach (var month in new[] { "202201", "202202", "202203" })
        {
            Assert.Equal(SubmitStatus.Accepted, (await t.Report("a", month, Values(100))).Status);
        }
        for (var v = 1; v <= 8; v++)
        {
            foreach (var month in new[] { "202301", "202302", "202303" })
            {
                Assert.Equal(SubmitStatus.Accepted, (await t.Report("a", month, Values(100 + v))).Status);
            }
        }
        var code = t.Code("a");
        var leaf = cluster.GrainFactory.GetGrain<ICommuneGrain>(code);
        Assert.Equal("ok", (await leaf.Approve(Period.Parse("202302"), TreeBuilder.Tester)).Code());
        var version = (await leaf.GetContribution(Period.Parse("2023Q1"))).Version;

        // Counted from before the collection: the rollups' background work may activate the leaf again before it is asked.
        var before = CountedReportLog.RowsRead(code);
        await cluster.GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var march = await leaf.GetReport(Period.Parse("202303"));
        var activated = CountedReportLog.RowsRead(code);
        Assert.Equal((6, 0), (activated.Latest - before.Latest, activated.Versions - before.Versions));

        // What the latest versions answer, without older rows: reports, the contribution and its version, approvals, x[-1].
        Assert.Equal((8, 108m), (march!.Version, march.Values["households"]));
        var quarter = await leaf.GetContribution(Period.Parse("2023Q1"));
        Assert.True(quarter.Version >= version, $"{quarter.Version} after activation, {version} before");
        Assert.Equal((108m, 1, 0), (quarter.Contribution.Elements["households"].Sum, quarter.Contribution.Elements["households"].Reporters, quarter.Contribution.ApprovedLeaves));
        Assert.Equal(1, (await leaf.GetContribution(Period.Parse("202302"))).Contribution.ApprovedLeaves);
        Assert.Equal("period_locked", (await t.Report("a", "202302", Values(1))).Code());
        var jump = await t.Report("a", "202301", Values(1000));
        Assert.Equal(9, jump.Receipt!.Version);
        Assert.Contains(jump.Receipt.Warnings, w => w.Code == "large_change");
        Assert.Equal(activated.Versions, CountedReportLog.RowsRead(code).Versions);

        // Older versions come from the log when asked: one period's for its history, all of them for the audit trail.
        var history = await leaf.GetHistory(Period.Parse("202303"));
        Assert.Equal(Enumerable.Range(1, 8).Select(v => (v, 100m + v)), history.Select(r => (r.Version, r.Values["households"])));
        Assert.Equal(activated.Versions + 8, CountedReportLog.RowsRead(code).Versions);
        Assert.Equal(28, (await leaf.GetReportTrail(new AuditQuery(null, null, null, null, null))).Count);
        Assert.Equal(Enumerable.Range(1, 9), (await leaf.GetHistory(Period.Parse("202301"))).Select(r => r.Version));
    });

    [Theory]
    [MemberData(nameof(Providers))]
    public Task AReportWritesOneLogRowOfTheSameSizeWhateverTheHistoryAndNoGrainState(string provider) => OnNewCluster(provider, async (store, cluster) =>
    {
        var t = new TreeBuilder(cluster.GrainFactory);
        await t.Unit("n", "nation", null);
        await t.Unit("a", "commune", "n");
        await t.Report("a", "202301", Values(1));
        var before = await Written(store, t.Code("a"));

        var months = Enumerable.Range(0, 40).Select(i => $"{2024 + i / 12}{i % 12 + 1:00}").ToList();
        var sizes = new List<long>();
        foreach (var (month, i) in months.Select((m, i) => (m, i)))
        {
            Assert.Equal(SubmitStatus.Accepted, (await t.Report("a", month, Values(1000 + i))).Status);
            var now = await Written(store, t.Code("a"));
            Assert.Equal(before.StateWrites, now.StateWrites);
            Assert.Equal(before.StateBytes, now.StateBytes);
            sizes.Add(now.LogBytes - before.LogBytes);
            Assert.Equal(before.LogRows + 1, now.LogRows);
            before = now;
        }
        // Each row holds one version, so the 40th costs what the first did.
        Assert.Single(sizes.Distinct());
    });

    /// <summary>Runs <paramref name="test"/> on a cluster of its own over a new store of <paramref name="provider"/>, then removes both.</summary>
    private static async Task OnNewCluster(string provider, Func<Store, TestCluster, Task> test)
    {
        var store = provider == "sqlite" ? Store.NewSqlite() : Store.NewPostgres();
        var cluster = await ClusterFixture.Start(store);
        try
        {
            await test(store, cluster);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
            store.Delete();
        }
    }

    /// <summary>The grain states' writes and size in the store, and the leaf's log rows and their size.</summary>
    private static async Task<(long StateWrites, long StateBytes, long LogRows, long LogBytes)> Written(Store store, string unit)
    {
        await using DbConnection connection = store.Provider == "sqlite"
            ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = SqliteStore.DatabasePath(store.Location), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString())
            : new NpgsqlConnection(store.Location);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT (SELECT COALESCE(SUM(Version), 0) FROM OrleansStorage), (SELECT COALESCE(SUM(LENGTH(PayloadBinary)), 0) FROM OrleansStorage), " +
            "(SELECT COUNT(*) FROM AggregationReportLog WHERE Unit = @Unit), " +
            "(SELECT COALESCE(SUM(LENGTH(Period) + LENGTH(SubmittedAt) + LENGTH(SubmittedBy) + LENGTH(ReportValues) + LENGTH(Warnings)), 0) FROM AggregationReportLog WHERE Unit = @Unit)";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "Unit";
        parameter.Value = unit;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (Convert.ToInt64(reader.GetValue(0)), Convert.ToInt64(reader.GetValue(1)), Convert.ToInt64(reader.GetValue(2)), Convert.ToInt64(reader.GetValue(3)));
    }
}
