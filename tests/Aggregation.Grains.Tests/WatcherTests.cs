using System.Collections.Concurrent;
using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Units;

namespace Aggregation.Grains.Tests;

[Collection(SqliteCluster.Name)]
public sealed class WatcherTests(SqliteClusterFixture fixture) : RollupTreeTests(fixture)
{
    private sealed class Listener : IUnitWatcher
    {
        public ConcurrentQueue<(UnitKey Unit, IReadOnlyList<Period> Periods)> Notices { get; } = [];

        public Task Changed(UnitKey unit, IReadOnlyList<Period> periods)
        {
            Notices.Enqueue((unit, periods));
            return Task.CompletedTask;
        }
    }

    private (Listener Heard, IUnitWatcher Reference) Watcher()
    {
        var heard = new Listener();
        return (heard, Grains.CreateObjectReference<IUnitWatcher>(heard));
    }

    private static async Task Heard(Listener heard, int notices)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (heard.Notices.Count < notices && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.True(heard.Notices.Count >= notices, $"heard {heard.Notices.Count} notices, expected {notices}");
    }

    [Fact]
    public async Task AReportIsHeardOnceAtEachLevelWithEveryPeriodItMoved()
    {
        var t = await Tree();
        var (atLeaf, leafRef) = Watcher();
        var (atDistrict, districtRef) = Watcher();
        var (atTop, topRef) = Watcher();
        await Grains.Commune(t.Key("a")).Watch(leafRef);
        await Grains.Rollup(t.Key("d1"), 2023).Watch(districtRef);
        await Grains.Rollup(t.Key("n"), 2023).Watch(topRef);

        await t.Report("a", "202302", Report(1000, 10, 100));
        await Settled(t, "n", "2023", v => v.ReportedLeaves == 1);
        await Heard(atTop, 1);

        // The leaf is told the periods whose figures the month moved; each level above hears of the same periods, in one notice.
        var moved = Assert.Single(atLeaf.Notices).Periods.Select(p => p.ToString()).Order().ToList();
        Assert.Contains("202302", moved);
        foreach (var (heard, unit) in new[] { (atLeaf, "a"), (atDistrict, "d1"), (atTop, "n") })
        {
            var notice = Assert.Single(heard.Notices);
            Assert.Equal(t.Key(unit), notice.Unit);
            Assert.Equal(moved, notice.Periods.Select(p => p.ToString()).Order().ToList());
        }
    }

    [Fact]
    public async Task AnUnwatchedWatcherHearsNothingMoreAndTheStampGrows()
    {
        var t = await Tree();
        var (gone, goneRef) = Watcher();
        var (stays, staysRef) = Watcher();
        var district = Grains.Rollup(t.Key("d1"), 2023);
        var before = await district.Watch(goneRef);
        await district.Watch(staysRef);
        await district.Unwatch(goneRef);

        await t.Report("b", "2023", Report(1000, 10, 100));
        await Heard(stays, 1);
        // One more turn of the grain, after the one that told the watchers.
        var after = await district.Watch(staysRef);

        Assert.Empty(gone.Notices);
        Assert.Equal(["2023"], Assert.Single(stays.Notices).Periods.Select(p => p.ToString()));
        Assert.True(after > before, $"stamp {after} after a change, {before} before");
    }

    [Fact]
    public async Task APlanIsHeardWithEveryPeriodOfItsYearAtEachStoredChangeButNotAtADryRun()
    {
        var t = await Tree();
        var (heard, reference) = Watcher();
        var plan = Grains.Plan(t.Key("d1"), 2023);
        var before = await plan.Watch(reference);
        Dictionary<string, decimal> Income(decimal value) => new() { ["social_income"] = value };

        Assert.Empty((await plan.Set(new Dictionary<string, PlanTargetInput> { ["social_income"] = new(">=", 5000m) }, TreeBuilder.Tester)).Refusals);
        await Heard(heard, 1);
        Assert.True((await plan.Import(Income(6000m), dryRun: true, TreeBuilder.Tester)).Changed);
        var imported = await plan.Import(Income(7000m), dryRun: false, TreeBuilder.Tester);
        await Heard(heard, 2);
        // An aborted import's restore changes the targets back: heard as well.
        Assert.True(await plan.Restore(imported.Before, imported.Version, TreeBuilder.Tester));
        await Heard(heard, 3);
        var after = await plan.Watch(reference);

        Assert.Equal(3, heard.Notices.Count);
        Assert.All(heard.Notices, n =>
        {
            Assert.Equal(t.Key("d1"), n.Unit);
            Assert.Equal(Period.AllOf(2023), n.Periods);
        });
        Assert.True(after > before, $"stamp {after} after the changes, {before} before");
    }
}
