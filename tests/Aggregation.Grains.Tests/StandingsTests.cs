using Aggregation.Contracts;
using Aggregation.Domain.Periods;

namespace Aggregation.Grains.Tests;

[Collection(SqliteCluster.Name)]
public sealed class StandingsOnSqlite(SqliteClusterFixture fixture) : StandingsTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class StandingsOnPostgres(PostgresClusterFixture fixture) : StandingsTests(fixture);

/// <summary>
/// The indicator grains (SPEC section 11) on a nation of two provinces, three districts and seven communes, one of
/// which has not reported. Poverty rates (lower is better): a 2 %, b 2 %, c 1 % (district d1); e 5 %, f none (d2);
/// g 1 %, h 3 % (d3, province p2). The tests' units share the cluster's tree with other tests, so every question names
/// the tests' nation as its scope.
/// </summary>
public abstract class StandingsTests(ClusterFixture fixture) : RollupTreeTests(fixture)
{
    private static readonly Period Year = Period.Parse("2023");

    private async Task<TreeBuilder> Nation()
    {
        var t = new TreeBuilder(Grains);
        await t.Unit("n", "nation", null);
        await t.Unit("p1", "province", "n");
        await t.Unit("p2", "province", "n");
        await t.Unit("d1", "district", "p1");
        await t.Unit("d2", "district", "p1");
        await t.Unit("d3", "district", "p2");
        foreach (var (commune, district) in new[] { ("a", "d1"), ("b", "d1"), ("c", "d1"), ("e", "d2"), ("f", "d2"), ("g", "d3"), ("h", "d3") })
        {
            await t.Unit(commune, "commune", district);
        }
        await t.Report("a", "2023", Report(1000, 20, 100));
        await t.Report("b", "2023", Report(1000, 20, 100));
        await t.Report("c", "2023", Report(500, 5, 100));
        await t.Report("e", "2023", Report(2000, 100, 100));
        await t.Report("g", "2023", Report(400, 4, 100));
        await t.Report("h", "2023", Report(1000, 30, 100));
        await Settled(t, "n", "2023", v => v.ReportedLeaves == 6);
        return t;
    }

    private IIndicatorGrain Poverty => Grains.Indicator("poverty_rate", "default", 2023);

    private async Task<RankingView> Ranking(TreeBuilder t, string scope, string? level = null, RankingOrder order = RankingOrder.Best, int? top = null)
    {
        var answer = await Poverty.Rank(new StandingsQuery(Year, t.Code(scope), level), order, top, known: null);
        Assert.Null(answer.Refusal);
        return answer.Value!;
    }

    private static IEnumerable<(int Rank, string Unit)> Ranks(TreeBuilder t, RankingView ranking) =>
        ranking.Rows.Select(r => (r.Rank, r.Unit.Replace(t.Code(""), "")));

    [Fact]
    public async Task LeavesRankByTheIndicatorsDirectionWithTiesSharingTheBestRankAndNullsCountedApart()
    {
        var t = await Nation();
        var ranking = await Ranking(t, "n");

        Assert.Equal([(1, "c"), (1, "g"), (3, "a"), (3, "b"), (5, "h"), (6, "e")], Ranks(t, ranking));
        Assert.Equal(7, ranking.Total);
        Assert.Equal(1, ranking.WithoutValue);
        Assert.Equal("commune", ranking.Level);
        Assert.Equal("lower", ranking.Direction);
        Assert.Equal(1m, ranking.Rows[0].Value);
        Assert.Equal(t.Code("d1"), ranking.Rows[0].Parent);
        Assert.Equal("d1", ranking.Rows[0].ParentName);

        var worst = await Ranking(t, "n", order: RankingOrder.Worst, top: 3);
        Assert.Equal([(6, "e"), (5, "h"), (3, "a")], Ranks(t, worst));
    }

    [Fact]
    public async Task UnitsAboveTheLeavesRankByTheirRatioOfSumsNeverAMeanOfRates()
    {
        var t = await Nation();
        var districts = await Ranking(t, "n", "district");
        // d3: 34 poor of 1,400 households = 2.43 %, though its communes' rates average 2 %.
        Assert.Equal([(1, "d1"), (2, "d3"), (3, "d2")], Ranks(t, districts));
        Assert.Equal(45m / 2500m * 100m, districts.Rows[0].Value);
        Assert.Equal(34m / 1400m * 100m, districts.Rows[1].Value);
        Assert.Equal(0, districts.WithoutValue);
        foreach (var row in districts.Rows)
        {
            var rollup = await Indicators(t, row.Unit.Replace(t.Code(""), ""), "2023");
            Assert.Equal(rollup.Indicators["poverty_rate"].Value, row.Value);
        }

        var provinces = await Ranking(t, "n", "province");
        Assert.Equal([(1, "p2"), (2, "p1")], Ranks(t, provinces));
        Assert.Equal(145m / 4500m * 100m, provinces.Rows[1].Value);
    }

    [Fact]
    public async Task AScopeRanksOnlyTheUnitsUnderIt()
    {
        var t = await Nation();
        var p1 = await Ranking(t, "p1");
        Assert.Equal([(1, "c"), (2, "a"), (2, "b"), (4, "e")], Ranks(t, p1));
        Assert.Equal(5, p1.Total);
        Assert.Equal(1, p1.WithoutValue);

        var d3 = await Ranking(t, "d3", "district");
        Assert.Equal([(1, "d3")], Ranks(t, d3));
    }

    [Fact]
    public async Task AnUnknownScopeIsNotFoundAndALevelNoUnitUnderTheScopeHasIsRefused()
    {
        var t = await Nation();
        var unknown = await Poverty.Rank(new StandingsQuery(Year, t.Code("nowhere"), null), RankingOrder.Best, null, known: null);
        Assert.Equal(RefusalKind.NotFound, unknown.Refusal!.Kind);

        var level = await Poverty.Spread(new StandingsQuery(Year, t.Code("d1"), "province"), 10);
        Assert.Equal(RefusalKind.Invalid, level.Refusal!.Kind);
        Assert.Equal("level", level.Refusal.Field);
        Assert.Equal("level_not_under", level.Refusal.Code);
    }

    [Fact]
    public async Task TheDistributionAgreesWithADirectComputationFromTheCommunesOwnValues()
    {
        var t = await Nation();
        var values = new List<decimal>();
        foreach (var commune in new[] { "a", "b", "c", "e", "f", "g", "h" })
        {
            if ((await Indicators(t, commune, "2023")).Indicators["poverty_rate"].Value is { } value)
            {
                values.Add(value);
            }
        }
        values.Sort();

        var answer = await Poverty.Spread(new StandingsQuery(Year, t.Code("n"), null), 4);
        var spread = answer.Value!;
        Assert.Equal(7, spread.Total);
        Assert.Equal(1, spread.WithoutValue);
        Assert.Equal(values.Count, spread.Count);
        Assert.Equal(values[0], spread.Min);
        Assert.Equal(values[^1], spread.Max);
        Assert.Equal(values.Average(), spread.Mean);
        // Linear interpolation between closest ranks: h = (n − 1) p.
        static decimal Quantile(List<decimal> sorted, decimal p)
        {
            var h = (sorted.Count - 1) * p;
            var i = (int)Math.Floor(h);
            return i + 1 < sorted.Count ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
        }
        Assert.Equal(Quantile(values, 0.25m), spread.Q1);
        Assert.Equal(Quantile(values, 0.5m), spread.Median);
        Assert.Equal(Quantile(values, 0.75m), spread.Q3);
        Assert.Equal(4, spread.Bins.Count);
        Assert.Equal(values.Count, spread.Bins.Sum(b => b.Count));
        Assert.Equal([2, 2, 1, 1], spread.Bins.Select(b => b.Count)); // bars of 1 point from 1 % to 5 %
    }

    [Fact]
    public async Task AStandingPlacesTheUnitAmongItsLevelUnderEachAncestor()
    {
        var t = await Nation();
        var a = (await Poverty.Place(Year, t.Code("a"))).Value!;
        Assert.Equal(2m, a.Value);
        Assert.Equal(
            [(t.Code("d1"), 2, 3, 50m), (t.Code("p1"), 2, 4, 200m / 3m), (t.Code("n"), 3, 6, 60m)],
            a.Standings.Select(s => (s.Scope, s.Rank!.Value, s.Of, s.Percentile!.Value)));
        Assert.All(a.Standings, s => Assert.Equal("commune", s.Level));

        var d3 = (await Poverty.Place(Year, t.Code("d3"))).Value!;
        Assert.Equal([(t.Code("p2"), 1, 1, 100m), (t.Code("n"), 2, 3, 50m)], d3.Standings.Select(s => (s.Scope, s.Rank!.Value, s.Of, s.Percentile!.Value)));

        var f = (await Poverty.Place(Year, t.Code("f"))).Value!;
        Assert.Null(f.Value);
        Assert.All(f.Standings, s => Assert.Null(s.Rank));
        Assert.Equal(1, f.Standings[0].Of);
        Assert.Equal(2, f.Standings[0].Total);
    }

    [Fact]
    public async Task AnIndicatorNobodyAskedKeepsNothingTheFeedBringsAndAnswersFirstFromTheRollups()
    {
        // 2016 is this test's own year: no other test asks its indicator grains.
        var t = await Nation();
        await t.Report("a", "2016", Report(1000, 20, 100));
        await t.Report("g", "2016", Report(400, 4, 100));
        // Not Settled: its check of drift asks the indicator grains.
        await Eventually.Until(() => Indicators(t, "n", "2016"), v => v.ReportedLeaves == 2);
        var year = Period.Parse("2016");
        var grain = Grains.Indicator("poverty_rate", "default", 2016);

        // A leaf's components the rollups do not hold, at a version no report reaches: kept, it would rank a at 99.9 %.
        var bogus = new Domain.Rollup.Contribution(1, 0, Domain.Rollup.CodeMap<Domain.Rollup.ElementTotal>.Empty,
            Domain.Rollup.CodeMap<Domain.Rollup.Components>.Of([KeyValuePair.Create("poverty_rate", new Domain.Rollup.Components(999, 1000, 1))]));
        await grain.Feed([new LeafUpdate(t.Code("a"), year, new VersionedContribution(long.MaxValue - 1, bogus))]);

        var answer = await grain.Rank(new StandingsQuery(year, t.Code("n"), null), RankingOrder.Best, null, known: null);
        Assert.Equal([(1, "g"), (2, "a")], Ranks(t, answer.Value!));
        Assert.Equal(2m, answer.Value!.Rows.Single(r => r.Unit == t.Code("a")).Value);

        // Asked once, the grain keeps what the feed brings from then on.
        await t.Report("a", "2016", Report(1000, 5, 100));
        var ranking = await Eventually.Until(() => grain.Rank(new StandingsQuery(year, t.Code("n"), null), RankingOrder.Best, null, known: null),
            a => a.Value!.Rows[0].Unit == t.Code("a"));
        Assert.Equal(0.5m, ranking.Value!.Rows[0].Value);
    }

    [Fact]
    public async Task ARankingFollowsReportsCorrectionsAndMoves()
    {
        var t = await Nation();
        await t.Report("h", "2023", Report(1000, 5, 100)); // 0.5 %: the best
        var ranking = await Eventually.Until(() => Ranking(t, "n"), r => r.Rows[0].Unit == t.Code("h"));
        Assert.Equal((1, "h"), Ranks(t, ranking).First());

        await t.Report("f", "2023", Report(100, 50, 100)); // 50 %: reported at last, the worst
        ranking = await Eventually.Until(() => Ranking(t, "n"), r => r.WithoutValue == 0);
        Assert.Equal((7, "f"), Ranks(t, ranking).Last());

        // c moves from d1 to d3: the districts' sums follow, as the rollups do.
        await t.Unit("c", "commune", "d3");
        var districts = await Eventually.Until(() => Ranking(t, "n", "district"), r => r.Rows.Any(row => row.Unit == t.Code("d3") && row.Value == 14m / 1900m * 100m));
        Assert.Equal(14m / 1900m * 100m, districts.Rows.Single(r => r.Unit == t.Code("d3")).Value);
        Assert.Equal(t.Code("d3"), (await Ranking(t, "d3")).Rows.Single(r => r.Unit == t.Code("c")).Parent);
        await Settled(t, "n", "2023", v => true);
    }

    [Fact]
    public async Task ARankingsStampStandsUntilItsFiguresTheTreeOrThePlansChange()
    {
        var t = await Nation();
        var query = new StandingsQuery(Year, t.Code("n"), null);
        var first = await Poverty.Rank(query, RankingOrder.Best, null, known: null);
        Assert.NotNull(first.Value);
        var stamp = first.Stamp!;

        var again = await Poverty.Rank(query, RankingOrder.Best, null, known: stamp);
        Assert.True(again.Unchanged);
        Assert.Equal(stamp, again.Stamp);
        // Another scope is another ranking: never "unchanged" for this one's stamp.
        Assert.False((await Poverty.Rank(query with { Scope = t.Code("p1") }, RankingOrder.Best, null, known: stamp)).Unchanged);

        // A report: the figures change, and so does the stamp.
        await t.Report("h", "2023", Report(1000, 5, 100));
        var changed = await Eventually.Until(() => Poverty.Rank(query, RankingOrder.Best, null, known: stamp), a => !a.Unchanged);
        Assert.Equal(t.Code("h"), changed.Value!.Rows[0].Unit);
        Assert.NotEqual(stamp, changed.Stamp);
        stamp = changed.Stamp!;

        // The tree: a renamed commune is named anew in the rows.
        await Grains.UpsertUnit(t.Key("h"), new UnitInput("Xã Mới", "commune", t.Code("d3")), TreeBuilder.Tester);
        var renamed = await Poverty.Rank(query, RankingOrder.Best, null, known: stamp);
        Assert.False(renamed.Unchanged);
        Assert.Equal("Xã Mới", renamed.Value!.Rows[0].Name);
        stamp = renamed.Stamp!;

        // The plans: a target makes the rows judge against it.
        Assert.Equal("ok", (await Grains.Plan(t.Key("h"), 2023).Set(new Dictionary<string, PlanTargetInput> { ["poverty_rate"] = new("<=", 0m) }, TreeBuilder.Tester)).Code());
        var judged = await Poverty.Rank(query, RankingOrder.Best, null, known: stamp);
        Assert.False(judged.Unchanged);
        Assert.False(judged.Value!.Rows[0].Attained);
        Assert.True((await Poverty.Rank(query, RankingOrder.Best, null, known: judged.Stamp)).Unchanged);
    }

    [Fact]
    public async Task VerifyComparesTheIndicatorGrainsWithTheLeavesAndAnIndicatorGrainRebuildsFromTheRollups()
    {
        var t = await Nation();
        Assert.Empty((await Grains.GetGrain<IQueryGrain>(0).Verify(t.Key("n"), Year))!.Drift);

        // Held components that the leaves do not give show as drift of the standings.
        var drifted = new Domain.Rollup.Contribution(1, 0, Domain.Rollup.CodeMap<Domain.Rollup.ElementTotal>.Empty,
            Domain.Rollup.CodeMap<Domain.Rollup.Components>.Of([KeyValuePair.Create("poverty_rate", new Domain.Rollup.Components(999, 1000, 1))]));
        await Poverty.Feed([new LeafUpdate(t.Code("a"), Year, new VersionedContribution(long.MaxValue - 1, drifted))]);
        var drift = (await Grains.GetGrain<IQueryGrain>(0).Verify(t.Key("d1"), Year))!.Drift;
        Assert.Contains(drift, d => d.Series == "standings:poverty_rate" && d.Field == "numerator");

        // The leaf's next report carries a newer version than any the leaf gave before, but not than this one: a new
        // activation reads the rollups afresh and drops it.
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var rebuilt = await Eventually.Until(() => Grains.GetGrain<IQueryGrain>(0).Verify(t.Key("d1"), Year), v => v!.Drift.Count == 0, timeoutMs: 15_000);
        Assert.Empty(rebuilt!.Drift);
    }
}
