using System.Collections.Concurrent;
using System.Globalization;
using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Plans;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Units;
using Aggregation.Gateway.Security;

namespace Aggregation.Gateway.Import;

/// <summary>
/// The plan template back in: one row per unit (the file's unit or one under it), one column per indicator,
/// merged over the unit's stored plan for the year (an empty cell keeps the stored target, a filled one keeps
/// the stored comparator or takes the indicator's default). All or nothing: every row is checked against the
/// same rules as a JSON plan first, and nothing is stored unless every row passes.
/// </summary>
public sealed class PlanImporter(IGrainFactory grains, IndicatorCatalog catalog, Scopes scopes, KeyPrincipal caller)
{
    private const int InFlight = 32;

    private sealed record Ready(SheetRow Row)
    {
        public string Unit => Row.Unit!;
    }

    private sealed record Checked(Ready Item, PlanView? Before, IReadOnlyDictionary<string, Target> After)
    {
        public bool IsUnchanged => Before is not null && Before.Targets.Count == After.Count && After.All(t =>
            Before.Targets.GetValueOrDefault(t.Key) is { } b && b.Comparator == t.Value.Comparator.ToSymbol() && b.Value == t.Value.Value);
    }

    public async Task<ImportSummary> Import(string root, int year, IEnumerable<SheetRow> sheet, bool dryRun, CancellationToken ct)
    {
        var ready = new List<Ready>();
        var conflicts = new ConcurrentBag<ImportConflict>();
        var tally = new SheetTally(conflicts);
        var yearText = year.ToString(CultureInfo.InvariantCulture);
        foreach (var row in tally.Filled(sheet))
        {
            if (row.Period is { } stated && stated != yearText)
            {
                conflicts.Add(new ImportConflict(row.Row, ReportSheet.YearColumn, stated, $"this plan is for {year}: leave the year empty or write {year}", RefusalCodes.YearMismatch));
            }
            else if (UnitCode.IsValid(row.Unit))
            {
                ready.Add(new Ready(row));
            }
            else
            {
                conflicts.Add(new ImportConflict(row.Row, ReportSheet.UnitColumn, row.Unit, FieldRules.UnitCodeRequired.Message, FieldRules.UnitCodeRequired.Code));
            }
        }
        ready = Repeats.Refuse(ready, r => r.Row, r => r.Unit, _ => "", conflicts);

        var checkedRows = new ConcurrentBag<Checked>();
        await Parallel.ForEachAsync(ready, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = ct }, async (item, _) =>
        {
            if (await Check(item, root, year, conflicts) is { } ok)
            {
                checkedRows.Add(ok);
            }
        });
        var all = checkedRows.ToList();
        if (!conflicts.IsEmpty)
        {
            all = [];
        }
        else if (!dryRun)
        {
            await Store(all.Where(c => !c.IsUnchanged).ToList(), year, ct);
        }
        var created = all.Count(c => c.Before is null);
        var unchanged = all.Count(c => c.IsUnchanged);
        var updated = all.Count - created - unchanged;
        return new ImportSummary(tally.Rows, created, updated, unchanged, tally.Rows - all.Count, dryRun, ReportImporter.AllOrNothing,
            conflicts.OrderBy(c => c.Row).ThenBy(c => c.Column, StringComparer.Ordinal).ToList());
    }

    /// <summary>The row's unit where the file may name it, and its plan as the row would leave it; or null, with the row's conflicts.</summary>
    private async Task<Checked?> Check(Ready item, string root, int year, ConcurrentBag<ImportConflict> conflicts)
    {
        var unit = item.Unit;
        if (await grains.GetGrain<IUnitGrain>(unit).GetInfo() is null)
        {
            var missing = FieldRules.UnitNotFound(unit);
            conflicts.Add(new ImportConflict(item.Row.Row, ReportSheet.UnitColumn, unit, missing.Message, missing.Code));
            return null;
        }
        if (!await grains.IsAtOrUnder(unit, root))
        {
            conflicts.Add(new ImportConflict(item.Row.Row, ReportSheet.UnitColumn, unit, $"unit '{unit}' is not '{root}' or under it", RefusalCodes.UnitNotUnder));
            return null;
        }
        if (!await scopes.Covers(caller, unit))
        {
            conflicts.Add(new ImportConflict(item.Row.Row, ReportSheet.UnitColumn, unit, Access.OutOfScope(caller, unit), ProblemCodes.Forbidden));
            return null;
        }
        var before = await grains.GetGrain<IPlanGrain>(GrainKeys.Plan(unit, year)).Get();
        var merged = (before?.Targets ?? new Dictionary<string, TargetView>())
            .ToDictionary(t => t.Key, t => new TargetInput(t.Value.Comparator, t.Value.Value));
        foreach (var (indicator, value) in item.Row.Values)
        {
            merged[indicator] = new TargetInput(before?.Targets.GetValueOrDefault(indicator)?.Comparator, value);
        }
        var (after, errors) = PlanRules.Build(catalog, merged);
        foreach (var error in errors)
        {
            conflicts.Add(new ImportConflict(item.Row.Row, error.Field, item.Row.Raw.GetValueOrDefault(error.Field), error.Message, error.Code));
        }
        return errors.Count == 0 ? new Checked(item, before, after) : null;
    }

    /// <summary>
    /// Stores every changed plan. Should a store fail, the plans already stored are set back to their targets
    /// before the file (a plan the file created is left without targets), and the failure is the answer.
    /// </summary>
    private async Task Store(List<Checked> changed, int year, CancellationToken ct)
    {
        var stored = new ConcurrentBag<Checked>();
        try
        {
            await Parallel.ForEachAsync(changed, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = ct }, async (c, _) =>
            {
                var result = await Plan(c, year).Set(Inputs(c.After.ToDictionary(t => t.Key, t => (t.Value.Comparator.ToSymbol(), t.Value.Value))), caller);
                if (result.Plan is null)
                {
                    throw new InvalidOperationException($"the plan of '{c.Item.Unit}' for {year} was refused while the file was stored: {string.Join("; ", result.Refusals.Select(r => r.Message))}");
                }
                stored.Add(c);
            });
        }
        catch
        {
            await Parallel.ForEachAsync(stored, CancellationToken.None, async (c, _) =>
                await Plan(c, year).Set(Inputs((c.Before?.Targets ?? new Dictionary<string, TargetView>()).ToDictionary(t => t.Key, t => (t.Value.Comparator, t.Value.Value))), caller));
            throw;
        }
    }

    private IPlanGrain Plan(Checked c, int year) => grains.GetGrain<IPlanGrain>(GrainKeys.Plan(c.Item.Unit, year));

    private static Dictionary<string, PlanTargetInput> Inputs(Dictionary<string, (string Comparator, decimal Value)> targets) =>
        targets.ToDictionary(t => t.Key, t => new PlanTargetInput(t.Value.Comparator, t.Value.Value));
}
