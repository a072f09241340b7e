using System.Collections.Concurrent;
using System.Globalization;
using Aggregation.Contracts;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Units;
using Aggregation.Gateway.Apis;
using Aggregation.Gateway.Security;

namespace Aggregation.Gateway.Import;

/// <summary>
/// The plan template back in: one row per unit (the file's unit or one under it), one column per indicator,
/// merged over the unit's stored plan for the year by its plan grain (an empty cell keeps the stored target, a
/// filled one keeps the stored comparator or takes the indicator's default). All or nothing: every row is checked
/// by its plan grain first (a dry run), and nothing is stored unless every row passes; then each plan grain merges
/// and stores its row in one call and one write, in turn with any JSON PUT of the same plan.
/// </summary>
public sealed class PlanImporter(IGrainFactory grains, Scopes scopes, RequestUnits units, KeyPrincipal caller)
{
    private const int InFlight = 32;

    private sealed record Ready(SheetRow Row)
    {
        public string Unit => Row.Unit!;
    }

    private sealed record Checked(Ready Item, PlanImport Result);

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
            all = [.. all.Where(c => !c.Result.Changed), .. await Store(all.Where(c => c.Result.Changed).ToList(), year, ct)];
        }
        var created = all.Count(c => c.Result.Changed && c.Result.Before is null);
        var unchanged = all.Count(c => !c.Result.Changed);
        var updated = all.Count - created - unchanged;
        return new ImportSummary(tally.Rows, created, updated, unchanged, tally.Rows - all.Count, dryRun, ReportImporter.AllOrNothing,
            conflicts.OrderBy(c => c.Row).ThenBy(c => c.Column, StringComparer.Ordinal).ToList());
    }

    /// <summary>The row's unit where the file may name it, and its plan as the row would leave it; or null, with the row's conflicts.</summary>
    private async Task<Checked?> Check(Ready item, string root, int year, ConcurrentBag<ImportConflict> conflicts)
    {
        var unit = item.Unit;
        var key = units.ForYear(unit, year);
        if (await grains.Unit(key).GetInfo() is null)
        {
            var missing = FieldRules.UnitNotFound(unit);
            conflicts.Add(new ImportConflict(item.Row.Row, ReportSheet.UnitColumn, unit, missing.Message, missing.Code));
            return null;
        }
        if (!await grains.IsAtOrUnder(key, root))
        {
            conflicts.Add(new ImportConflict(item.Row.Row, ReportSheet.UnitColumn, unit, $"unit '{unit}' is not '{root}' or under it", RefusalCodes.UnitNotUnder));
            return null;
        }
        if (!await scopes.Covers(caller, key))
        {
            conflicts.Add(new ImportConflict(item.Row.Row, ReportSheet.UnitColumn, unit, Access.OutOfScope(caller, unit), ProblemCodes.Forbidden));
            return null;
        }
        var result = await grains.Plan(key, year).Import(item.Row.Values, dryRun: true, caller);
        foreach (var refusal in result.Refusals)
        {
            var column = refusal.Field ?? ReportSheet.UnitColumn;
            conflicts.Add(new ImportConflict(item.Row.Row, column, item.Row.Raw.GetValueOrDefault(column) ?? (column == ReportSheet.UnitColumn ? unit : null),
                refusal.Message, refusal.Code));
        }
        return result.Refusals.Count == 0 ? new Checked(item, result) : null;
    }

    /// <summary>
    /// Stores every changed plan, each in one call to its grain; answers what each grain stored. Should one fail,
    /// the plans already stored are put back as they were before the file (a plan the file created is removed)
    /// unless something was stored in them since, and the failure is the answer.
    /// </summary>
    private async Task<List<Checked>> Store(List<Checked> changed, int year, CancellationToken ct)
    {
        var stored = new ConcurrentBag<Checked>();
        try
        {
            await Parallel.ForEachAsync(changed, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = ct }, async (c, _) =>
            {
                var result = await Plan(c, year).Import(c.Item.Row.Values, dryRun: false, caller);
                if (result.Refusals.Count > 0)
                {
                    throw new InvalidOperationException($"the plan of '{c.Item.Unit}' for {year} was refused while the file was stored: {string.Join("; ", result.Refusals.Select(r => r.Message))}");
                }
                stored.Add(c with { Result = result });
            });
        }
        catch
        {
            await Parallel.ForEachAsync(stored.Where(c => c.Result.Changed), CancellationToken.None, async (c, _) =>
                await Plan(c, year).Restore(c.Result.Before, c.Result.Version, caller));
            throw;
        }
        return [.. stored];
    }

    private IPlanGrain Plan(Checked c, int year) => grains.Plan(units.ForYear(c.Item.Unit, year), year);
}
