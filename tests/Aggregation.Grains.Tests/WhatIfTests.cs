using Aggregation.Domain.Scenarios;
using Aggregation.Domain.Periods;
using Aggregation.Contracts;

namespace Aggregation.Grains.Tests;

[Collection(SqliteCluster.Name)]
public sealed class WhatIfOnSqlite(SqliteClusterFixture fixture) : WhatIfTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class WhatIfOnPostgres(PostgresClusterFixture fixture) : WhatIfTests(fixture);

public abstract class WhatIfTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    /// <summary>district d: a (1000 households, 30 poor), b (3000, 60), c (1000, 10), all with 2023 income; a and b with 2022.</summary>
    private async Task<TreeBuilder> District()
    {
        var t = new TreeBuilder(_grains);
        await t.Unit("d", "district", null);
        foreach (var (name, households, poor, income) in new[] { ("a", 1000m, 30m, 100m), ("b", 3000m, 60m, 300m), ("c", 1000m, 10m, 50m) })
        {
            await t.Unit(name, "commune", "d");
            await t.Report(name, "2023", new Dictionary<string, decimal> { ["households"] = households, ["poor_households"] = poor, ["income_total"] = income });
        }
        await t.Report("a", "2022", new Dictionary<string, decimal> { ["income_total"] = 80m });
        await t.Report("b", "2022", new Dictionary<string, decimal> { ["income_total"] = 250m });
        await _grains.Plan(t.Key("d"), 2023)
            .Set(new Dictionary<string, PlanTargetInput> { ["poverty_rate"] = new("<", 2m) }, TreeBuilder.Tester);
        return t;
    }

    private Task<ScenarioOutcome> Evaluate(TreeBuilder t, string period, params OverrideSpec[] overrides) =>
        _grains.GetGrain<IWhatIfGrain>(0).Evaluate(t.Key("d"), Period.Parse(period), overrides);

    [Fact]
    public async Task AScenarioWithoutOverridesEqualsTheLiveValues()
    {
        var t = await District();
        var live = (await _grains.GetGrain<IQueryGrain>(0).GetIndicators(t.Key("d"), Period.Parse("2023")))!;
        var result = (await Evaluate(t, "2023")).Result!;
        foreach (var (code, view) in live.Indicators)
        {
            Assert.Equal(view.Value, result.Indicators[code].Baseline);
            Assert.Equal(view.Value, result.Indicators[code].Scenario);
        }
        Assert.Empty(result.ChangedLeaves);
        Assert.Equal(3, result.Children.Count);
    }

    [Fact]
    public async Task CuttingPovertyInTheWeakestCommunesReachesTheTargetWithoutTouchingLiveData()
    {
        var t = await District();
        var before = await _grains.Commune(t.Key("a")).GetHistory(Period.Parse("2023"));

        var outcome = await Evaluate(t, "2023",
            new OverrideSpec(t.Code("a"), "poor_households", OverrideKind.Scale, 2m / 3m),
            new OverrideSpec(t.Code("b"), "poor_households", OverrideKind.Scale, 2m / 3m));

        Assert.Equal("ok", outcome.Code());
        var poverty = outcome.Result!.Indicators["poverty_rate"];
        Assert.Equal(100m / 5000m * 100m, poverty.Baseline);
        Assert.Equal(70m / 5000m * 100m, poverty.Scenario);
        Assert.False(poverty.AttainedBaseline);
        Assert.True(poverty.AttainedScenario);
        Assert.Equal([t.Code("a"), t.Code("b")], outcome.Result.ChangedLeaves);
        var a = outcome.Result.Children.Single(c => c.Unit == t.Code("a")).Indicators["poverty_rate"];
        Assert.Equal(2m, a.Scenario);
        Assert.Equal(1m, outcome.Result.Children.Single(c => c.Unit == t.Code("c")).Indicators["poverty_rate"].Scenario);

        Assert.Equal(before.Count, (await _grains.Commune(t.Key("a")).GetHistory(Period.Parse("2023"))).Count);
        Assert.Equal(2m, (await _grains.GetGrain<IQueryGrain>(0).GetIndicators(t.Key("d"), Period.Parse("2023")))!.Indicators["poverty_rate"].Value);
    }

    [Fact]
    public async Task GrowthProjectsAPeriodThatHasNoReportsYet()
    {
        var t = await District();
        var outcome = await Evaluate(t, "2024", new OverrideSpec(t.Code("d"), "income_total", OverrideKind.Growth, 10m));
        var result = outcome.Result!;
        Assert.Null(result.Indicators["social_income"].Baseline);
        Assert.Equal(495m, result.Indicators["social_income"].Scenario);
        Assert.Equal(10m, result.Indicators["growth_rate"].Scenario);
        Assert.Equal(3, result.Indicators["growth_rate"].ContributorsScenario);
    }

    [Fact]
    public async Task AnOverrideOnAUnitLeavesAloneTheLeavesWithNothingToChange()
    {
        var t = await District();
        var outcome = await Evaluate(t, "2023", new OverrideSpec(t.Code("d"), "income_total", OverrideKind.Growth, 20m)); // c has no 2022
        Assert.Equal([t.Code("a"), t.Code("b")], outcome.Result!.ChangedLeaves);
        Assert.Equal(96m + 300m + 50m, outcome.Result.Indicators["social_income"].Scenario);

        var direct = await Evaluate(t, "2023", new OverrideSpec(t.Code("c"), "income_total", OverrideKind.Growth, 20m));
        Assert.Equal(RefusalKind.Invalid, direct.Refusals[0].Kind); // aimed at c itself: say why it cannot apply
    }

    [Fact]
    public async Task SetAndDeltaApplyInTheOrderGiven()
    {
        var t = await District();
        var result = (await Evaluate(t, "2023",
            new OverrideSpec(t.Code("c"), "poor_households", OverrideKind.Set, 20m),
            new OverrideSpec(t.Code("c"), "poor_households", OverrideKind.Delta, -5m))).Result!;
        Assert.Equal(1.5m, result.Children.Single(c => c.Unit == t.Code("c")).Indicators["poverty_rate"].Scenario);
        Assert.Equal(105m / 5000m * 100m, result.Indicators["poverty_rate"].Scenario);
    }

    [Fact]
    public async Task InvalidOverridesAreRefusedNamingTheOverride()
    {
        var t = await District();
        var tooMany = await Evaluate(t, "2023", new OverrideSpec(t.Code("a"), "poor_households", OverrideKind.Set, 5000m));
        Assert.Contains(tooMany.Refusals.Fields(), k => k!.StartsWith("overrides[0]"));

        var elsewhere = await Evaluate(t, "2023",
            new OverrideSpec(t.Code("a"), "poor_households", OverrideKind.Delta, -1m),
            new OverrideSpec("nowhere", "households", OverrideKind.Set, 1m),
            new OverrideSpec(t.Code("b"), "tractors", OverrideKind.Set, 1m),
            new OverrideSpec(t.Code("c"), "households", OverrideKind.Delta, -2000m));
        Assert.Contains("overrides[1].unit", elsewhere.Refusals.Fields());
        Assert.Contains("overrides[2].element", elsewhere.Refusals.Fields());

        var negative = await Evaluate(t, "2023", new OverrideSpec(t.Code("c"), "households", OverrideKind.Delta, -2000m));
        Assert.Contains(negative.Refusals.Fields(), k => k!.StartsWith("overrides[0]"));
        Assert.Equal("unit_not_found", (await _grains.GetGrain<IWhatIfGrain>(0).Evaluate(t.Key("none"), Period.Parse("2023"), [])).Code());
        var unknownKind = await Evaluate(t, "2023", new OverrideSpec(t.Code("a"), "households", (OverrideKind)99, 1m));
        Assert.Contains("overrides[0]", unknownKind.Refusals.Fields());
    }
}
