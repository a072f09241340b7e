using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Plans;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Standings;
using Aggregation.Domain.Units;

namespace Aggregation.Grains;

/// <summary>What an indicator grain answers: rankings, distributions, a unit's standing, and the total under a unit.</summary>
public sealed partial class IndicatorGrain
{
    /// <summary>
    /// The units of one level under one scope in one period: how many there are, and those with a value ranked. The rows
    /// and distributions made from them are kept with it, for the plans' version they were judged against; its
    /// <see cref="Stamp"/> changes with them.
    /// </summary>
    private sealed class Ranked(int total, IReadOnlyList<Placed<string>> placed, IReadOnlyDictionary<string, Components> totals)
    {
        private readonly Dictionary<string, int> _ranks = placed.ToDictionary(p => p.Unit, p => p.Rank);

        /// <summary>Names the rows made from this ranking: a new ranking, or the same judged against other plans, has another.</summary>
        public string Stamp { get; private set; } = AnswerStamps.Next();

        public int Total => total;

        public IReadOnlyList<Placed<string>> Placed => placed;

        public Components TotalOf(string unit) => totals[unit];

        public int? RankOf(string unit) => _ranks.TryGetValue(unit, out var rank) ? rank : null;

        public long PlansVersion { get; set; } = -1;

        public IReadOnlyList<RankingRow>? Best { get; set; }

        public IReadOnlyList<RankingRow>? Worst { get; set; }

        public Dictionary<int, DistributionView> Spreads { get; } = [];

        /// <summary>Drops what was judged against other plans.</summary>
        public void JudgedAgainst(long plansVersion)
        {
            if (PlansVersion != plansVersion)
            {
                (PlansVersion, Best, Worst, Stamp) = (plansVersion, null, null, AnswerStamps.Next());
                Spreads.Clear();
            }
        }
    }

    /// <summary>
    /// A ranking's or distribution's question made whole (the root for no scope), checked, and its ranking with the plan
    /// book's version it is judged against; or why there is none.
    /// </summary>
    private async Task<(StandingsQuery Query, Ranked? Ranked, long PlansVersion, Refusal? Refusal)> Asked(StandingsQuery asked)
    {
        await Loaded();
        await RefreshTree();
        var query = WithScope(asked);
        if (Check(query) is { } refusal)
        {
            return (query, null, 0, refusal);
        }
        var ranked = RankedFor(query.Period, query.Scope, query.Level);
        var version = await PlansVersion();
        ranked.JudgedAgainst(version);
        return (query, ranked, version, null);
    }

    public async Task<StandingsAnswer<RankingView>> Rank(StandingsQuery asked, RankingOrder order, int? top, string? known)
    {
        var (query, ranked, version, refusal) = await Asked(asked);
        if (ranked is null)
        {
            return refusal!;
        }
        if (ranked.Best is not null && ranked.Stamp == known)
        {
            return StandingsAnswer<RankingView>.Same(known);
        }
        if (ranked.Best is null)
        {
            var targets = await Targets([.. ranked.Placed.Select(p => p.Unit)]);
            var best = ranked.Placed.Select((placed, i) =>
            {
                var unit = _tree[placed.Unit];
                var parentName = unit.Parent is { } parent && _tree.Contains(parent) ? _tree[parent].Name : null;
                return new RankingRow(placed.Rank, placed.Unit, unit.Name, unit.Parent, placed.Value, targets[i],
                    Attained(query.Period, ranked.TotalOf(placed.Unit), targets[i]), parentName);
            }).ToList();
            ranked.JudgedAgainst(version);
            ranked.Best = best;
        }
        var ordered = order == RankingOrder.Best ? ranked.Best
            : ranked.Worst ??= [.. ranked.Best.OrderByDescending(r => r.Rank).ThenBy(r => r.Unit, StringComparer.Ordinal)];
        var rows = top is { } n && n < ordered.Count ? [.. ordered.Take(n)] : ordered;
        return new StandingsAnswer<RankingView>(new RankingView(_indicator, query.Period.ToString(), query.Scope, LevelOf(query), ranked.Total,
            ranked.Total - ranked.Placed.Count, rows, _definition.Direction.ToString().ToLowerInvariant(), _treeId,
            _tree.LevelsUnder(query.Scope)), null, ranked.Stamp);
    }

    public async Task<StandingsAnswer<DistributionView>> Spread(StandingsQuery asked, int bins)
    {
        var (query, ranked, version, refusal) = await Asked(asked);
        if (ranked is null)
        {
            return refusal!;
        }
        if (ranked.Spreads.TryGetValue(bins, out var kept))
        {
            return kept;
        }
        var spread = Standings.Spread(ranked.Placed.Select(p => p.Value), bins);
        var targets = await Targets([.. ranked.Placed.Select(p => p.Unit)]);
        var attained = ranked.Placed.Where((placed, i) => Attained(query.Period, ranked.TotalOf(placed.Unit), targets[i]) == true).Count();
        var view = new DistributionView(_indicator, query.Period.ToString(), query.Scope, LevelOf(query), ranked.Total, ranked.Total - ranked.Placed.Count,
            spread.Count, spread.Min, spread.Q1, spread.Median, spread.Q3, spread.Max, spread.Mean, attained,
            [.. spread.Bins.Select(b => new BinView(b.From, b.To, b.Count))], _treeId);
        ranked.JudgedAgainst(version);
        ranked.Spreads[bins] = view;
        return view;
    }

    public async Task<StandingsAnswer<IndicatorStanding>> Place(Period period, string unit)
    {
        await Loaded();
        await RefreshTree();
        if (!_tree.Contains(unit))
        {
            return Refusal.UnitNotFound(unit);
        }
        var level = _tree[unit].Level;
        var value = IndicatorValue.Evaluate(_definition, TotalUnder(period, unit)).Value;
        var standings = _tree.Ancestors(unit).Select(ancestor =>
        {
            var ranked = RankedFor(period, ancestor, level);
            var rank = ranked.RankOf(unit);
            var of = ranked.Placed.Count;
            return new StandingEntry(ancestor, _tree[ancestor].Name, level, rank, of, rank is { } r ? Standings.Percentile(r, of) : null, ranked.Total);
        }).ToList();
        return new IndicatorStanding(value, standings);
    }

    public async Task<Components> Total(Period period, string unit)
    {
        await Loaded();
        await RefreshTree();
        return _tree.Contains(unit) ? TotalUnder(period, unit) : Components.Zero;
    }

    private Components TotalUnder(Period period, string unit) =>
        _tree.LeavesUnder(unit).Aggregate(Components.Zero, (sum, leaf) => PartOf(period, leaf) is { } part ? sum.Combine(part) : sum);

    /// <summary>Without a scope, the tree's root when it has one root (every unit of the tree otherwise).</summary>
    private StandingsQuery WithScope(StandingsQuery query) =>
        query.Scope is null && _tree.Roots.Count == 1 ? query with { Scope = _tree.Roots[0] } : query;

    private Refusal? Check(StandingsQuery query)
    {
        if (query.Scope is { } scope && !_tree.Contains(scope))
        {
            return Refusal.UnitNotFound(scope);
        }
        return query.Level is { } level && _tree.UnitsOfLevel(query.Scope, level).Count == 0
            ? Refusal.Invalid("level", new Rule(RefusalCodes.LevelNotUnder, $"no unit of level '{level}' lies under {(query.Scope is null ? "the tree's root" : $"'{query.Scope}'")}"))
            : null;
    }

    private string? LevelOf(StandingsQuery query) => query.Level ?? _tree.LeafLevel(query.Scope);

    /// <summary>The units of <paramref name="level"/> (null: the leaves) under <paramref name="scope"/> in a period, ranked; kept until the period or the tree changes.</summary>
    private Ranked RankedFor(Period period, string? scope, string? level)
    {
        if (_rankings.TryGetValue((period, scope, level), out var kept))
        {
            return kept;
        }
        var totals = _tree.TotalsAt(scope, level, leaf => PartOf(period, leaf));
        var values = totals.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => (t.Key, IndicatorValue.Evaluate(_definition, t.Value).Value));
        var ranked = new Ranked(totals.Count, Standings.Rank(_definition.Direction, values), totals);
        if (_rankings.Count >= MaxKeptRankings)
        {
            _rankings.Clear();
        }
        return _rankings[(period, scope, level)] = ranked;
    }

    /// <summary>
    /// Each unit's target for the indicator in the year's plans, in the order given. Targets read from the plan book are
    /// kept while its version stays the same, so a ranking of every commune asks it only for what it has not read.
    /// </summary>
    private async Task<IReadOnlyList<TargetView?>> Targets(IReadOnlyList<string> units)
    {
        if (units.Count == 0)
        {
            return [];
        }
        var book = GrainFactory.GetGrain<IPlanBookGrain>(_year);
        await PlansVersion();
        var missing = units.Where(u => !_targets.ContainsKey(u)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var plans = await book.Get([.. missing.Select(u => new UnitKey(_treeId, u))]);
            foreach (var (unit, plan) in missing.Zip(plans))
            {
                _targets[unit] = plan?.Targets.GetValueOrDefault(_indicator);
            }
        }
        return [.. units.Select(u => _targets.GetValueOrDefault(u))];
    }

    /// <summary>The plan book's version, dropping the targets kept when it changed.</summary>
    private async Task<long> PlansVersion()
    {
        var version = await GrainFactory.GetGrain<IPlanBookGrain>(_year).GetVersion();
        if (version != _plansVersion)
        {
            _targets.Clear();
            _plansVersion = version;
        }
        return version;
    }

    private bool? Attained(Period period, Components components, TargetView? target) =>
        target is null ? null : Judged.Of(_definition, components, target.ToTarget(), period).Attainment.Attained;
}
