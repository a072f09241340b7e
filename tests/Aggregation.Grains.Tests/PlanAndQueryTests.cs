using Aggregation.Domain.Scenarios;
using Aggregation.Domain.Periods;
using Aggregation.Contracts;

namespace Aggregation.Grains.Tests;

[Collection(SqliteCluster.Name)]
public sealed class PlanAndQueryOnSqlite(SqliteClusterFixture fixture) : PlanAndQueryTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class PlanAndQueryOnPostgres(PostgresClusterFixture fixture) : PlanAndQueryTests(fixture);

public abstract class PlanAndQueryTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task ComparisonRanksChildrenByDirectionWithTargetsAndNullsLast()
    {
        var t = new TreeBuilder(_grains);
        await t.Unit("d", "district", null);
        foreach (var c in new[] { "a", "b", "c", "e" })
        {
            await t.Unit(c, "commune", "d");
        }
        await t.Report("a", "2023", new Dictionary<string, decimal> { ["households"] = 1000, ["poor_households"] = 30 });
        await t.Report("b", "2023", new Dictionary<string, decimal> { ["households"] = 1000, ["poor_households"] = 5 });
        await t.Report("c", "2023", new Dictionary<string, decimal> { ["households"] = 1000, ["poor_households"] = 5 });
        await t.Report("e", "2023", new Dictionary<string, decimal> { ["population"] = 1000 });
        var plan = await _grains.Plan(t.Key("a"), 2023)
            .Set(new Dictionary<string, PlanTargetInput> { ["poverty_rate"] = new(null, 2m) }, TreeBuilder.Tester);
        Assert.Equal("ok", plan.Code());
        Assert.Equal("<=", plan.Plan!.Targets["poverty_rate"].Comparator);

        var comparison = (await _grains.GetGrain<IQueryGrain>(0).Compare(t.Key("d"), Period.Parse("2023"), "poverty_rate"))!;

        Assert.Equal([t.Code("b"), t.Code("c"), t.Code("a"), t.Code("e")], comparison.Children.Select(r => r.Unit));
        Assert.Equal([1, 1, 3, null], comparison.Children.Select(r => r.Rank));
        Assert.False(comparison.Children[2].Attained);
        Assert.Equal(3m, comparison.Children[2].Value);
        Assert.Null(comparison.Children[3].Value);
        Assert.NotNull(comparison.Children[3].Reason);
        Assert.Equal(40m / 3000m * 100m, comparison.Aggregate.Value);
    }

    [Fact]
    public async Task AChangedPlanShowsInTheNextComparisonAndWhatIf()
    {
        var t = new TreeBuilder(_grains);
        await t.Unit("d", "district", null);
        await t.Unit("a", "commune", "d");
        await t.Unit("b", "commune", "d");
        await t.Report("a", "2023", new Dictionary<string, decimal> { ["households"] = 1000, ["poor_households"] = 30 });
        await t.Report("b", "2023", new Dictionary<string, decimal> { ["households"] = 1000, ["poor_households"] = 10 });
        var queries = _grains.GetGrain<IQueryGrain>(0);
        var whatIf = _grains.GetGrain<IWhatIfGrain>(0);
        Task<PlanResult> Plan(string unit, decimal poverty) => _grains.Plan(t.Key(unit), 2023)
            .Set(new Dictionary<string, PlanTargetInput> { ["poverty_rate"] = new("<=", poverty) }, TreeBuilder.Tester);
        async Task<(bool? A, bool? B, bool? District, bool? ScenarioA, bool? ScenarioB)> Attained()
        {
            var rows = (await queries.Compare(t.Key("d"), Period.Parse("2023"), "poverty_rate"))!;
            var scenario = (await whatIf.Evaluate(t.Key("d"), Period.Parse("2023"), [new OverrideSpec(t.Code("a"), "poor_households", OverrideKind.Set, 15m)])).Result!;
            var unchanged = scenario.Children.Single(c => c.Unit == t.Code("b")).Indicators["poverty_rate"];
            Assert.Equal(unchanged.AttainedBaseline, unchanged.AttainedScenario);
            return (rows.Children.Single(r => r.Unit == t.Code("a")).Attained, rows.Children.Single(r => r.Unit == t.Code("b")).Attained,
                rows.Aggregate.Attained, scenario.Children.Single(c => c.Unit == t.Code("a")).Indicators["poverty_rate"].AttainedScenario,
                unchanged.AttainedScenario);
        }

        Assert.Equal((null, null, null, null, null), await Attained()); // no plans yet: read once, then remembered as none

        await Plan("a", 2m);
        await Plan("d", 2.5m);
        Assert.Equal((false, null, true, true, null), await Attained());

        await Plan("a", 1m);
        await Plan("b", 0.5m);
        await Plan("d", 1.5m);
        Assert.Equal((false, false, false, false, false), await Attained());
        Assert.Equal(1m, (await queries.Compare(t.Key("d"), Period.Parse("2023"), "poverty_rate"))!.Children.Single(r => r.Unit == t.Code("a")).Target!.Value);

        // A new report of the unchanged commune shows in the next scenario's baseline.
        await t.Report("b", "2023", new Dictionary<string, decimal> { ["households"] = 1000, ["poor_households"] = 4 });
        Assert.Equal((false, true, false, false, true), await Attained());
        var scenarioB = (await whatIf.Evaluate(t.Key("d"), Period.Parse("2023"), [new OverrideSpec(t.Code("a"), "poor_households", OverrideKind.Set, 15m)])).Result!
            .Children.Single(c => c.Unit == t.Code("b")).Indicators["poverty_rate"];
        Assert.Equal((0.4m, 0.4m, 0m), (scenarioB.Baseline, scenarioB.Scenario, scenarioB.Delta));
    }

    [Fact]
    public async Task PlansChangedWhileComparisonsRunAreAllShownAfterwards()
    {
        var t = new TreeBuilder(_grains);
        await t.Unit("d", "district", null);
        var children = Enumerable.Range(0, 8).Select(i => $"c{i}").ToList();
        foreach (var c in children)
        {
            await t.Unit(c, "commune", "d");
        }
        var queries = _grains.GetGrain<IQueryGrain>(0);
        var writers = children.Select(async (c, i) =>
        {
            for (var round = 1; round <= 5; round++)
            {
                var saved = await _grains.Plan(t.Key(c), 2023)
                    .Set(new Dictionary<string, PlanTargetInput> { ["poverty_rate"] = new("<=", i * 10 + round) }, TreeBuilder.Tester);
                Assert.Equal("ok", saved.Code());
            }
        });
        var readers = Enumerable.Range(0, 20).Select(_ => queries.Compare(t.Key("d"), Period.Parse("2023"), "poverty_rate"));
        await Task.WhenAll(writers.Concat(readers));

        var shown = (await queries.Compare(t.Key("d"), Period.Parse("2023"), "poverty_rate"))!.Children.ToDictionary(r => r.Unit, r => r.Target!.Value);
        Assert.Equal(children.Select((c, i) => (t.Code(c), i * 10 + 5m)).OrderBy(x => x.Item1, StringComparer.Ordinal),
            shown.Select(s => (s.Key, s.Value)).OrderBy(x => x.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task ARenamedChildIsComparedUnderItsNewName()
    {
        var t = new TreeBuilder(_grains);
        await t.Unit("d", "district", null);
        await t.Unit("a", "commune", "d");
        await t.Report("a", "2023", new Dictionary<string, decimal> { ["households"] = 1000, ["poor_households"] = 30 });
        Assert.Equal("a", (await _grains.GetGrain<IQueryGrain>(0).Compare(t.Key("d"), Period.Parse("2023"), "poverty_rate"))!.Children.Single().Name);

        var renamed = await _grains.UpsertUnit(t.Key("a"), new UnitInput("Xã Kẻ Sặt", "commune", t.Code("d")), TreeBuilder.Tester);

        Assert.Equal(UnitChangeStatus.Updated, renamed.Status);
        Assert.Equal("Xã Kẻ Sặt", (await _grains.GetGrain<IQueryGrain>(0).Compare(t.Key("d"), Period.Parse("2023"), "poverty_rate"))!.Children.Single().Name);
        Assert.Equal("Xã Kẻ Sặt", (await _grains.Unit(t.Key("d")).GetInfo())!.Children.Single().Name);
    }

    [Fact]
    public async Task PlansWarnWhenTheirTargetsContradictEachOther()
    {
        var t = new TreeBuilder(_grains);
        await t.Unit("x", "commune", null);
        var result = await _grains.Plan(t.Key("x"), 2023).Set(new Dictionary<string, PlanTargetInput>
        {
            ["growth_rate"] = new(">=", 11m),
            ["share_agriculture"] = new("info", 8.3m),
            ["share_industry"] = new("info", 35.7m),
            ["share_services"] = new("info", 56m),
            ["growth_agriculture"] = new(">=", 1m),
            ["growth_industry"] = new(">=", 13m),
            ["growth_services"] = new(">=", 15m),
        }, TreeBuilder.Tester);
        Assert.Equal("ok", result.Code());
        var warning = Assert.Single(result.Plan!.Warnings);
        Assert.Contains("13", warning.Message);
        Assert.Contains("13.0 %", warning.Message);
        Assert.Equal(warning.Message, Assert.Single((await _grains.Plan(t.Key("x"), 2023).Get())!.Warnings).Message);

        var invalid = await _grains.Plan(t.Key("x"), 2024)
            .Set(new Dictionary<string, PlanTargetInput> { ["no_such"] = new(null, 1m), ["poverty_rate"] = new("~", 1m) }, TreeBuilder.Tester);
        Assert.Equal(["no_such", "poverty_rate"], invalid.Refusals.Fields().Order());
        Assert.All(invalid.Refusals, r => Assert.Equal(RefusalKind.Invalid, r.Kind));
        Assert.Null(await _grains.Plan(t.Key("x"), 2024).Get());
        Assert.Equal("unit_not_found",
            (await _grains.Plan(t.Key("nobody"), 2023).Set(new Dictionary<string, PlanTargetInput>(), TreeBuilder.Tester)).Code());
    }

    [Fact]
    public async Task UnitDetailNamesParentAndChildren()
    {
        var t = new TreeBuilder(_grains);
        await t.Unit("p", "province", null);
        await t.Unit("d", "district", "p");
        await t.Unit("a", "commune", "d");
        var detail = (await _grains.GetGrain<IQueryGrain>(0).GetUnit(t.Key("d")))!;
        Assert.Equal(t.Code("p"), detail.Parent!.Code);
        Assert.Equal("a", Assert.Single(detail.Children).Name);
        Assert.Equal(1, detail.LeafCount);
        Assert.Null(await _grains.GetGrain<IQueryGrain>(0).GetUnit(t.Key("none")));
        Assert.Equal([], await _grains.Unit(t.Key("p")).GetDataPeriods());
    }

    [Fact]
    public async Task APlanImportRowIsStoredWholeOrNotAtAllAndItsRestoreNeverUndoesALaterWrite()
    {
        var t = new TreeBuilder(_grains);
        await t.Unit("d", "district", null);
        await t.Unit("a", "commune", "d");
        var plan = _grains.Plan(t.Key("a"), 2031);
        Dictionary<string, decimal> Values(params (string Indicator, decimal Value)[] values) => values.ToDictionary(v => v.Indicator, v => v.Value);
        async Task<Dictionary<string, decimal>?> Stored() => (await plan.Get())?.Targets.ToDictionary(x => x.Key, x => x.Value.Value);

        var refused = await plan.Import(Values(("social_income", 100m), ("poverty_rate", -5m)), dryRun: false, TreeBuilder.Tester);
        Assert.Equal(("negative", "poverty_rate"), (refused.Code(), refused.Refusals[0].Field));
        Assert.Null(await Stored());

        var dry = await plan.Import(Values(("social_income", 100m)), dryRun: true, TreeBuilder.Tester);
        Assert.True(dry.Changed);
        Assert.Equal(100m, dry.After!.Targets["social_income"].Value);
        Assert.Null(await Stored());

        var created = await plan.Import(Values(("social_income", 100m)), dryRun: false, TreeBuilder.Tester);
        Assert.True(created is { Changed: true, Before: null });
        Assert.Equal(new Dictionary<string, decimal> { ["social_income"] = 100m }, await Stored());
        Assert.False((await plan.Import(Values(("social_income", 100m)), dryRun: false, TreeBuilder.Tester)).Changed);
        // A created plan put back is no plan at all, not a plan without targets.
        Assert.True(await plan.Restore(created.Before, created.Version, TreeBuilder.Tester));
        Assert.Null(await Stored());
        Assert.Null((await _grains.GetGrain<IPlanBookGrain>(2031).Get([t.Key("a")]))[0]);

        Assert.Equal("ok", (await plan.Set(new Dictionary<string, PlanTargetInput> { ["poverty_rate"] = new("<=", 2m) }, TreeBuilder.Tester)).Code());
        var merged = await plan.Import(Values(("social_income", 5m)), dryRun: false, TreeBuilder.Tester);
        Assert.Equal(new Dictionary<string, decimal> { ["poverty_rate"] = 2m, ["social_income"] = 5m }, await Stored());
        Assert.Equal("<=", merged.After!.Targets["poverty_rate"].Comparator);
        // A write after the import stands: the import's restore finds another version and changes nothing.
        Assert.Equal("ok", (await plan.Set(new Dictionary<string, PlanTargetInput> { ["poverty_rate"] = new("<=", 3m) }, TreeBuilder.Tester)).Code());
        Assert.False(await plan.Restore(merged.Before, merged.Version, TreeBuilder.Tester));
        Assert.Equal(new Dictionary<string, decimal> { ["poverty_rate"] = 3m }, await Stored());
        Assert.Equal(3m, (await _grains.GetGrain<IPlanBookGrain>(2031).Get([t.Key("a")]))[0]!.Targets["poverty_rate"].Value);
    }

    [Fact]
    public async Task InstallationRemembersFirstStartSetup()
    {
        var installation = _grains.GetGrain<IInstallationGrain>(Random.Shared.Next(1, int.MaxValue));
        Assert.False(await installation.IsInitialized());
        var claims = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => installation.TryClaimSetup($"silo {i}")));
        Assert.Single(claims, true); // silos starting together: exactly one loads the sample
        await installation.MarkInitialized("test");
        Assert.True(await installation.IsInitialized());
        Assert.False(await installation.TryClaimSetup("late silo"));
    }
}
