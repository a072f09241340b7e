using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Plans;
using Aggregation.Domain.Rollup;
using Orleans.Concurrency;
using Aggregation.Domain.Units;

namespace Aggregation.Grains;

[StatelessWorker]
public sealed partial class QueryGrain(IndicatorCatalog catalog, StandingsSettings standings, TimeProvider clock) : Grain, IQueryGrain
{
    private static readonly TimeSpan StandingsCatchUp = TimeSpan.FromSeconds(1);

    public async Task<UnitDetailView?> GetUnit(UnitKey unit)
    {
        if (await Unit(unit) is not { } info)
        {
            return null;
        }
        var parent = info.Parent is null ? null : await Unit(unit.WithCode(info.Parent));
        var children = await Task.WhenAll(info.Children.Select(c => Unit(unit.WithCode(c.Code))));
        return new UnitDetailView(info.Code, info.Name, info.Level, parent is null ? null : Ref(parent),
            children.OfType<UnitInfo>().Select(Ref).ToList(), info.LeafCount, info.IsLeaf, info.Kind, unit.Tree);
    }

    private static UnitRef Ref(UnitInfo u) => new(u.Code, u.Name, u.Level, u.LeafCount, u.IsLeaf);

    public async Task<UnitIndicatorsView?> GetIndicators(UnitKey unit, Period period)
    {
        if (await Unit(unit) is not { } info)
        {
            return null;
        }
        var p = period;
        var totalTask = GrainFactory.Live(unit, info, p);
        var planTask = GrainFactory.Plan(unit, p.Year).Get();
        var total = await totalTask;
        var targets = (await planTask)?.Targets;
        var indicators = catalog.Indicators.ToDictionary(i => i.Code, i => View(i, total.IndicatorOrZero(i.Code), targets?.GetValueOrDefault(i.Code), p));
        return new UnitIndicatorsView(unit.Code, info.Name, period.ToString(), info.LeafCount, total.ReportingLeaves, total.FlaggedLeaves, total.ApprovedLeaves,
            total.Elements.ToDictionary(e => e.Key, e => e.Value.Sum), indicators, total.EstimatedLeaves);
    }

    public async Task<ComparisonView?> Compare(UnitKey unit, Period period, string indicator)
    {
        if (await Unit(unit) is not { } info || catalog.FindIndicator(indicator) is not { } definition)
        {
            return null;
        }
        var p = period;
        // The children as the unit holds them, so the rows add up to the aggregate shown with them.
        var heldTask = GrainFactory.Children(unit, info, p, indicator);
        var plans = await GrainFactory.GetGrain<IPlanBookGrain>(p.Year).Get([unit, .. info.Children.Select(c => unit.WithCode(c.Code))]);
        var (aggregate, held) = await heldTask;
        var rows = info.Children.Select((child, i) =>
        {
            var view = View(definition, held[child.Code], plans[i + 1]?.Targets.GetValueOrDefault(indicator), p);
            return new ComparisonRow(child.Code, child.Name, view.Value, view.Contributors, view.Target, view.Attained, null, view.Reason, view.ReasonCode, view.ReasonArgs,
                view.ProgressOfYear);
        }).ToList();
        var ranks = Ranking.Rank(definition.Direction, rows.Select(r => r.Value).ToList());
        var ranked = rows.Zip(ranks, (row, rank) => row with { Rank = rank })
            .OrderBy(r => r.Rank ?? int.MaxValue).ThenBy(r => r.Unit, StringComparer.Ordinal).ToList();
        var aggregateView = View(definition, aggregate, plans[0]?.Targets.GetValueOrDefault(indicator), p);
        return new ComparisonView(unit.Code, period.ToString(), indicator, definition.Direction.ToString().ToLowerInvariant(), aggregateView, ranked);
    }

    public async Task<IReadOnlyList<TemplateRow>?> GetTemplate(UnitKey unit, Period period)
    {
        if (await Unit(unit) is null)
        {
            return null;
        }
        var leaves = await GrainFactory.LeavesUnder(unit);
        return await Task.WhenAll(leaves.Select(async leaf =>
        {
            var name = (await Unit(unit.WithCode(leaf.Code)))?.Name ?? leaf.Code;
            var report = await GrainFactory.Commune(unit.WithCode(leaf.Code)).GetReport(period);
            return new TemplateRow(leaf.Code, name, report?.Values ?? new Dictionary<string, decimal>());
        }));
    }

    public async Task<VerificationView?> Verify(UnitKey unit, Period period)
    {
        if (await Unit(unit) is not { } info)
        {
            return null;
        }
        var p = period;
        var leaves = (await GrainFactory.LeavesUnder(unit)).Select(l => l.Code).ToList();
        var recomputed = Contribution.Sum((await Task.WhenAll(leaves.Select(leaf => GrainFactory.LeafInputs(catalog, unit.WithCode(leaf), p)))).Select(l => l.Contribution));
        var live = await GrainFactory.Live(unit, info, p);
        var drift = Drift.Between(catalog, live, recomputed).Concat(await StandingsDrift(unit, info, p, recomputed));
        return new VerificationView(unit.Code, period.ToString(), leaves.Count,
            drift.Select(d => new DriftView(d.Series, d.Field, d.Live, d.Recomputed)).ToList());
    }

    /// <summary>
    /// Where the indicator grains' sums of the leaves under the unit differ from the leaves' reports (series
    /// <c>standings:{indicator}</c>). The indicator grains follow the rollups a feed round later (half a second at most
    /// at idle), so a difference is asked again for up to <see cref="StandingsCatchUp"/> before it counts as drift. Not when
    /// the rollups do not feed them, nor for a leaf without a parent (no rollup holds it).
    /// </summary>
    private async Task<IReadOnlyList<DriftEntry>> StandingsDrift(UnitKey unit, UnitInfo info, Period period, Contribution recomputed)
    {
        if (!standings.Enabled || (info.IsLeaf && info.Parent is null))
        {
            return [];
        }
        var started = clock.GetTimestamp();
        while (true)
        {
            var held = await Task.WhenAll(catalog.Indicators.Select(i => GrainFactory.Indicator(i.Code, unit.Tree, period.Year).Total(period, unit.Code)));
            var drift = catalog.Indicators.Zip(held)
                .SelectMany(i => Drift.Between($"standings:{i.First.Code}", i.Second, recomputed.IndicatorOrZero(i.First.Code))).ToList();
            if (drift.Count == 0 || clock.GetElapsedTime(started) > StandingsCatchUp)
            {
                return drift;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), clock);
        }
    }

    private static IndicatorView View(IndicatorDefinition definition, Components components, TargetView? target, Period period)
    {
        var judged = Judged.Of(definition, components, target?.ToTarget(), period);
        var value = judged.Value;
        return new IndicatorView(value.Value, value.Numerator, value.Denominator, value.Contributors, target,
            judged.Attainment.Attained, judged.Attainment.Progress, judged.Reason?.Message, judged.Reason?.Code, judged.Reason?.Args, components.Derived > 0,
            judged.Attainment.ProgressOfYear);
    }

    private Task<UnitInfo?> Unit(UnitKey unit) => GrainFactory.Unit(unit).GetInfo();
}
