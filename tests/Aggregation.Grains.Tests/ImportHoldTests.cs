using Aggregation.Domain.Units;
using Aggregation.Domain.Periods;
using Aggregation.Contracts;

namespace Aggregation.Grains.Tests;

[Collection(SqliteCluster.Name)]
public sealed class ImportHoldsOnSqlite(SqliteClusterFixture fixture) : ImportHoldTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class ImportHoldsOnPostgres(PostgresClusterFixture fixture) : ImportHoldTests(fixture);

/// <summary>A leaf's side of an all-or-nothing import: prepare holds the period, commit stores, abort undoes, complete keeps.</summary>
public abstract class ImportHoldTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    private static ReportSubmission Row(decimal households) =>
        new(new Dictionary<string, decimal> { ["households"] = households }, null, "importer", SkipIfUnchanged: true, Merge: true);

    /// <summary>An import's first phase as the importer sends it: through the leaf's unit grain.</summary>
    private Task<SubmitResult> Prepare(ICommuneGrain leaf, Period period, ReportSubmission row, string importId) =>
        _grains.Unit(UnitKey.Parse(leaf.GetPrimaryKeyString())).Prepare(period, row, importId);

    private async Task<(TreeBuilder Tree, ICommuneGrain Leaf)> LeafWithReport()
    {
        var t = new TreeBuilder(_grains);
        await t.Unit("d", "district", null);
        await t.Unit("a", "commune", "d");
        await t.Report("a", "2023", new Dictionary<string, decimal> { ["households"] = 100, ["poor_households"] = 2 });
        return (t, _grains.Commune(t.Key("a")));
    }

    [Fact]
    public async Task WhilePreparedThePeriodRefusesSubmissionsAndApprovalsAndAnAbortAfterCommitRemovesTheVersion()
    {
        var (t, leaf) = await LeafWithReport();
        Assert.Equal(SubmitStatus.Validated, (await Prepare(leaf, Period.Parse("2023"), Row(200), "import-1")).Status);

        Assert.Equal("period_busy", (await t.Report("a", "2023", new Dictionary<string, decimal> { ["households"] = 300 })).Code());
        Assert.Equal("period_busy", (await leaf.Approve(Period.Parse("2023"), TreeBuilder.Tester)).Code());
        Assert.Equal("period_busy", (await Prepare(leaf, Period.Parse("2023"), Row(400), "import-2")).Code());
        Assert.Equal(SubmitStatus.Accepted, (await t.Report("a", "2024", new Dictionary<string, decimal> { ["households"] = 1 })).Status);

        var committed = await leaf.Commit(Period.Parse("2023"), "import-1");
        Assert.Equal((SubmitStatus.Accepted, 2), (committed.Status, committed.Receipt!.Version));
        Assert.Equal(new Dictionary<string, decimal> { ["households"] = 200, ["poor_households"] = 2 }, (await leaf.GetReport(Period.Parse("2023")))!.Values);
        await Eventually.Until(() => _grains.GetGrain<IQueryGrain>(0).GetIndicators(t.Key("d"), Period.Parse("2023"))!, v => v!.Elements["households"] == 200);

        await leaf.Abort(Period.Parse("2023"), "import-1");
        var report = (await leaf.GetReport(Period.Parse("2023")))!;
        Assert.Equal((1, 100m), (report.Version, report.Values["households"]));
        Assert.Single(await leaf.GetHistory(Period.Parse("2023")));
        var district = await Eventually.Until(() => _grains.GetGrain<IQueryGrain>(0).GetIndicators(t.Key("d"), Period.Parse("2023"))!, v => v!.Elements["households"] == 100);
        Assert.Equal(100m, district!.Elements["households"]);

        // Released: the period takes submissions again; the aborted import can no longer commit.
        Assert.Equal("import_hold_expired", (await leaf.Commit(Period.Parse("2023"), "import-1")).Code());
        Assert.Equal(SubmitStatus.Accepted, (await t.Report("a", "2023", new Dictionary<string, decimal> { ["households"] = 300 })).Status);
    }

    [Fact]
    public async Task ALeafHoldingAPeriodForAnImportRefusesChildrenUntilReleased()
    {
        var t = new TreeBuilder(_grains);
        await t.Unit("d", "district", null);
        await t.Unit("a", "commune", "d");
        var unit = _grains.Unit(t.Key("a"));
        Assert.Equal(SubmitStatus.Validated, (await unit.Prepare(Period.Parse("2023"), Row(200), "import-1")).Status);

        var child = await _grains.UpsertUnit(t.Key("x"), new UnitInput("x", "village", t.Code("a")), TreeBuilder.Tester);
        Assert.Equal("has_reports", child.Code());

        await _grains.Commune(t.Key("a")).Abort(Period.Parse("2023"), "import-1");
        Assert.Equal(UnitChangeStatus.Created, (await _grains.UpsertUnit(t.Key("x"), new UnitInput("x", "village", t.Code("a")), TreeBuilder.Tester)).Status);
        Assert.Equal("not_a_leaf", (await unit.Prepare(Period.Parse("2023"), Row(200), "import-2")).Code());
    }

    [Fact]
    public async Task ACompletedImportKeepsItsVersionAndFreesThePeriod()
    {
        var (_, leaf) = await LeafWithReport();
        Assert.Equal(SubmitStatus.Unchanged, (await Prepare(leaf, Period.Parse("2023"), Row(100), "import-1")).Status);
        Assert.Equal(SubmitStatus.Validated, (await Prepare(leaf, Period.Parse("2023"), Row(150), "import-1")).Status);
        Assert.Equal(SubmitStatus.Accepted, (await leaf.Commit(Period.Parse("2023"), "import-1")).Status);
        await leaf.Complete(Period.Parse("2023"), "import-1");
        await leaf.Abort(Period.Parse("2023"), "import-1"); // too late: nothing to undo
        Assert.Equal((2, 150m), ((await leaf.GetReport(Period.Parse("2023")))!.Version, (await leaf.GetReport(Period.Parse("2023")))!.Values["households"]));
        Assert.Equal("ok", (await leaf.Approve(Period.Parse("2023"), TreeBuilder.Tester)).Code());
    }
}
