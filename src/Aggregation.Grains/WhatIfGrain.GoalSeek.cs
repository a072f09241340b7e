using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Scenarios;
using Aggregation.Domain.Units;

namespace Aggregation.Grains;

/// <summary>Goal seek: the uniform lever over a set of leaves that makes an indicator at a unit reach a target.</summary>
public sealed partial class WhatIfGrain
{
    public const decimal Tolerance = 0.0001m;

    public async Task<GoalSeekOutcome> GoalSeek(UnitKey unit, Period period, string indicator, decimal target, GoalSeekLever lever)
    {
        if (await Unit(unit) is not { } root)
        {
            return new GoalSeekOutcome(null, [Refusal.UnitNotFound(unit.Code)]);
        }
        var errors = new Refusals();
        var definition = catalog.FindIndicator(indicator);
        if (definition is null)
        {
            errors.Set("indicator", FieldRules.UnknownIndicator.Code, $"unknown indicator '{indicator}'");
        }
        if (catalog.FindElement(lever.Element) is null)
        {
            errors.Set("lever.element", FieldRules.UnknownElement.Code, $"unknown element '{lever.Element}'");
        }
        var kind = lever.Mode == "growth" ? OverrideKind.Growth : OverrideKind.Scale;
        var leaves = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var code in lever.Units)
        {
            if (await PathFromRoot(unit.WithCode(code), unit.Code) is not { } path)
            {
                errors.Set("lever.units", RefusalCodes.UnitNotUnder, $"unit '{code}' does not exist or is not under '{unit.Code}'");
                continue;
            }
            leaves.UnionWith((await GrainFactory.LeavesUnder(unit.WithCode(code), path)).Select(l => l.Code));
        }
        if (errors.Count > 0)
        {
            return new GoalSeekOutcome(null, errors.ToList());
        }

        var p = period;
        var leverOverride = new ElementOverride(lever.Element, kind, 1m);
        var inputs = (await Task.WhenAll(leaves.Select(leaf => GrainFactory.LeafInputs(catalog, unit.WithCode(leaf), p))))
            .Where(l => leverOverride.AppliesTo(l.Reports.Current, l.Reports.Previous)).ToArray();
        var baseline = await GrainFactory.Live(unit, root, p);
        decimal? ValueAt(decimal x)
        {
            var changes = new List<(Contribution, Contribution)>();
            foreach (var leaf in inputs)
            {
                var applied = ScenarioLeaf.Apply(catalog, leaf.Reports.Current, leaf.Reports.Previous, [leverOverride with { Amount = x }]);
                if (!applied.IsValid)
                {
                    return null; // the lever breaks a report rule at this value (poor above households, …)
                }
                changes.Add((leaf.Contribution, applied.ToContribution(catalog, leaf.Reports.Previous, leaf.Reports.Flagged, leaf.Reports.Approved, leaf.Reports.Derived)));
            }
            return IndicatorValue.Evaluate(definition!, ScenarioMath.Adjust(baseline, changes).IndicatorOrZero(indicator)).Value;
        }
        var (low, high) = Domain.Scenarios.GoalSeek.Bounds(kind);
        var solved = Domain.Scenarios.GoalSeek.Solve(ValueAt, target, low, high, Tolerance);
        var live = IndicatorValue.Evaluate(definition!, baseline.IndicatorOrZero(indicator)).Value;
        return new GoalSeekOutcome(new GoalSeekView(
            solved.Reachable,
            kind == OverrideKind.Scale ? solved.X : null,
            kind == OverrideKind.Growth ? solved.X : null,
            solved.Value, live, Tolerance, solved.Monotone, inputs.Select(l => l.Code).ToList(),
            solved.Reason?.Message, solved.Reason?.Code, solved.Reason?.Args), []);
    }
}
