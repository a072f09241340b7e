using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Units;

namespace Aggregation.Grains;

/// <summary>What analysts ask next: an indicator over time, and the leaves that have not reported yet.</summary>
public sealed partial class QueryGrain
{
    public async Task<IReadOnlyList<SeriesPoint>?> GetSeries(UnitKey unit, string indicator, IReadOnlyList<Period> periods)
    {
        if (await Unit(unit) is not { } info || catalog.FindIndicator(indicator) is not { } definition)
        {
            return null;
        }
        // The unit's grain for a year holds every period of it, so each year is one call, and the years are read in parallel.
        var years = await Task.WhenAll(periods.GroupBy(p => p.Year).Select(async year =>
        {
            var inYear = year.ToList();
            var components = GrainFactory.InPeriod(unit, info, inYear[0]).GetIndicator(inYear, indicator);
            var plan = GrainFactory.Plan(unit, year.Key).Get();
            var target = (await plan)?.Targets.GetValueOrDefault(indicator);
            return inYear.Zip(await components, (period, c) => (Period: period, View: View(definition, c, target, period)));
        }));
        var views = years.SelectMany(y => y).ToDictionary(p => p.Period, p => p.View);
        return periods.Select(p =>
        {
            var view = views[p];
            return new SeriesPoint(p.ToString(), view.Value, view.Target, view.Attained, view.ProgressOfYear, view.Contributors);
        }).ToList();
    }

    public async Task<MissingView?> GetMissing(UnitKey unit, Period period)
    {
        if (await Unit(unit) is not { } info)
        {
            return null;
        }
        var leaves = await LeavesOf(unit, info);
        // One question to each leaf: whether it contributes to the period, and when it last reported.
        var standings = await Task.WhenAll(leaves.Select(l => GrainFactory.Commune(unit.WithCode(l.Unit)).GetStanding(period)));
        var missing = leaves.Zip(standings).Where(l => !l.Second.HasValue)
            .Select(l => l.First with { LastReported = l.Second.LastReported }).ToList();
        return new MissingView(unit.Code, period.ToString(), leaves.Count, leaves.Count - missing.Count, missing);
    }

    /// <summary>
    /// Every leaf at or under a unit in the order of the tree (the unit itself when it is a leaf), named as its parent
    /// lists it, with its parent's name: only the aggregates below are asked for their children, not each leaf.
    /// </summary>
    private async Task<IReadOnlyList<MissingLeaf>> LeavesOf(UnitKey key, UnitInfo unit)
    {
        if (unit.IsLeaf)
        {
            var parent = unit.Parent is { } code ? await Unit(key.WithCode(code)) : null;
            return [new MissingLeaf(unit.Code, unit.Name, unit.Parent, parent?.Name, null)];
        }
        var nested = await Task.WhenAll(unit.Children.Select(async child => child.IsLeaf
            ? [new MissingLeaf(child.Code, child.Name, unit.Code, unit.Name, null)]
            : await Unit(key.WithCode(child.Code)) is { } below ? await LeavesOf(key.WithCode(child.Code), below) : []));
        return nested.SelectMany(n => n).ToList();
    }
}
