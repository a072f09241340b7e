using System.Runtime.CompilerServices;
using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Plans;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Scenarios;
using Orleans.Concurrency;
using Aggregation.Domain.Units;

namespace Aggregation.Grains;

/// <summary>
/// A scenario is the live rollup with some leaves' contributions swapped: for each unit shown,
/// baseline − Σ before + Σ after over the changed leaves under it. Nothing is written.
/// </summary>
[StatelessWorker]
public sealed partial class WhatIfGrain(IndicatorCatalog catalog) : Grain, IWhatIfGrain
{
    private sealed record ChangedLeaf(string Code, IReadOnlyList<string> Path, Contribution Before, Contribution After);

    public async Task<ScenarioOutcome> Evaluate(UnitKey unit, Period period, IReadOnlyList<OverrideSpec> overrides)
    {
        if (await Unit(unit) is not { } root)
        {
            return new ScenarioOutcome(null, [Refusal.UnitNotFound(unit.Code)]);
        }
        var p = period;
        var errors = new Refusals();
        var plan = new ScenarioPlan();
        var paths = new Dictionary<string, IReadOnlyList<string>>();
        for (var i = 0; i < overrides.Count; i++)
        {
            var o = overrides[i];
            if (catalog.FindElement(o.Element) is null)
            {
                errors.Set($"overrides[{i}].element", FieldRules.UnknownElement.Code, $"unknown element '{o.Element}'");
            }
            var kind = o.Kind;
            if (!Enum.IsDefined(kind))
            {
                errors.Set($"overrides[{i}]", [ElementOverride.OneKind.At("")]);
                continue;
            }
            var path = await PathFromRoot(unit.WithCode(o.Unit), unit.Code);
            if (path is null)
            {
                errors.Set($"overrides[{i}].unit", RefusalCodes.UnitNotUnder, $"unit '{o.Unit}' does not exist or is not under '{unit.Code}'");
                continue;
            }
            var leaves = await GrainFactory.LeavesUnder(unit.WithCode(o.Unit), path);
            foreach (var leaf in leaves)
            {
                paths[leaf.Code] = leaf.Path;
            }
            plan.Add(i, new ElementOverride(o.Element, kind, o.Amount), o.Unit, leaves.Select(l => l.Code).ToList());
        }
        if (errors.Count > 0)
        {
            return new ScenarioOutcome(null, errors.ToList());
        }

        var changed = await Task.WhenAll(plan.Leaves.Select(async code =>
        {
            var leaf = await GrainFactory.LeafInputs(catalog, unit.WithCode(code), p);
            var applicable = plan.For(code, leaf.Reports.Current, leaf.Reports.Previous);
            if (applicable.Count == 0)
            {
                return null;
            }
            var applied = ScenarioLeaf.Apply(catalog, leaf.Reports.Current, leaf.Reports.Previous, applicable);
            foreach (var byElement in applied.FieldErrors.GroupBy(e => e.Field))
            {
                lock (errors)
                {
                    errors.Set($"overrides[{plan.IndexOf(code, byElement.Key)}].{byElement.Key}", byElement.Select(e => e.AtLeaf(code)));
                }
            }
            return new ChangedLeaf(code, paths[code], leaf.Contribution,
                applied.IsValid ? applied.ToContribution(catalog, leaf.Reports.Previous, leaf.Reports.Flagged, leaf.Reports.Approved, leaf.Reports.Derived) : Contribution.Empty);
        }));
        if (errors.Count > 0)
        {
            return new ScenarioOutcome(null, errors.ToList());
        }
        var changedLeaves = changed.OfType<ChangedLeaf>().ToList();

        // The unit's total and its children's parts, as its rollup holds them (one read), and all their plans (one read).
        var heldTask = GrainFactory.Children(unit, root, p);
        var plans = await GrainFactory.GetGrain<IPlanBookGrain>(p.Year).Get([unit, .. root.Children.Select(c => unit.WithCode(c.Code))]);
        var (rootBaseline, baselines) = await heldTask;
        var rootView = Compare(rootBaseline, plans[0], changedLeaves, p);
        var children = root.Children.Select((c, i) => new ScenarioChildView(c.Code, c.Name,
            Compare(baselines[c.Code], plans[i + 1], changedLeaves.Where(l => l.Path.Contains(c.Code)).ToList(), p))).ToList();
        return new ScenarioOutcome(
            new ScenarioResultView(root.Code, root.Name, period.ToString(), rootView, children, changedLeaves.Select(l => l.Code).Order(StringComparer.Ordinal).ToList()),
            []);
    }

    /// <summary>
    /// The views of units with no changed leaf under them, by the live contribution and plan they
    /// were made from. A rollup hands out the same contribution object until a report changes it,
    /// so at the nation the 60-odd unchanged provinces are built once, not on every evaluation;
    /// an entry goes when its contribution has been replaced and collected.
    /// </summary>
    private readonly ConditionalWeakTable<Contribution, UnchangedView> _unchanged = new();

    private sealed record UnchangedView(PlanView? Plan, IReadOnlyDictionary<string, ScenarioIndicatorView> Indicators);

    /// <summary>Every indicator of one unit, live and with the changed leaves under it swapped.</summary>
    private IReadOnlyDictionary<string, ScenarioIndicatorView> Compare(Contribution baseline, PlanView? plan, IReadOnlyCollection<ChangedLeaf> under, Period period)
    {
        if (under.Count > 0)
        {
            return Compare(baseline, ScenarioMath.Adjust(baseline, under.Select(l => (l.Before, l.After))), plan, period);
        }
        if (_unchanged.TryGetValue(baseline, out var made) && ReferenceEquals(made.Plan, plan))
        {
            return made.Indicators;
        }
        var indicators = Compare(baseline, baseline, plan, period);
        _unchanged.AddOrUpdate(baseline, new UnchangedView(plan, indicators));
        return indicators;
    }

    private IReadOnlyDictionary<string, ScenarioIndicatorView> Compare(Contribution baseline, Contribution scenario, PlanView? plan, Period period)
    {
        var targets = plan?.Targets;
        return catalog.Indicators.ToDictionary(i => i.Code, i =>
        {
            var target = targets?.GetValueOrDefault(i.Code)?.ToTarget();
            var (before, attainedBefore) = Judged.Of(i, baseline.IndicatorOrZero(i.Code), target, period);
            if (ReferenceEquals(scenario, baseline))
            {
                return new ScenarioIndicatorView(before.Value, before.Value, before.Value - before.Value,
                    attainedBefore.Attained, attainedBefore.Attained, before.Contributors, before.Contributors,
                    before.Reason?.Message, before.Reason?.Code, before.Reason?.Args, attainedBefore.ProgressOfYear, attainedBefore.ProgressOfYear);
            }
            var (after, attainedAfter) = Judged.Of(i, scenario.IndicatorOrZero(i.Code), target, period);
            var (delta, reason) = ScenarioMath.Change(before, after);
            return new ScenarioIndicatorView(before.Value, after.Value, delta,
                attainedBefore.Attained, attainedAfter.Attained, before.Contributors, after.Contributors, reason?.Message, reason?.Code, reason?.Args,
                attainedBefore.ProgressOfYear, attainedAfter.ProgressOfYear);
        });
    }

    /// <summary>The units from <paramref name="root"/> (a code of its tree) down to <paramref name="unit"/>, or null when it is not in that subtree.</summary>
    private async Task<IReadOnlyList<string>?> PathFromRoot(UnitKey unit, string root)
    {
        var path = new List<string>();
        for (var info = await Unit(unit); info is not null; info = info.Parent is null ? null : await Unit(unit.WithCode(info.Parent)))
        {
            path.Insert(0, info.Code);
            if (info.Code == root)
            {
                return path;
            }
        }
        return null;
    }

    private Task<UnitInfo?> Unit(UnitKey unit) => GrainFactory.Unit(unit).GetInfo();

}
