using System.Collections.Concurrent;
using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Units;

using Aggregation.Gateway.Apis;
using Aggregation.Gateway.Security;

namespace Aggregation.Gateway.Import;

/// <summary>
/// The import summary users know from DHIS2's dataValueSets. Every row that is not blank is counted once:
/// created, updated, unchanged, or ignored (nothing filled in, refused with a conflict, or not stored because
/// an all-or-nothing import stored nothing).
/// </summary>
public sealed record ImportSummary(int Rows, int Created, int Updated, int Unchanged, int Ignored, bool DryRun, string Strategy, IReadOnlyList<ImportConflict> Conflicts);

/// <summary>
/// Sends each row of a report sheet to its leaf, merged over the stored report (an empty cell keeps the stored
/// value). Per row, through the same grain call as a PUT. All-or-nothing prepares every row (each leaf checks
/// it and holds the period), then commits them all, or aborts them all if any row fails. A row for a unit
/// outside the caller's scope, or repeated in the file, is a conflict like any other refused row.
/// </summary>
public sealed class ReportImporter(IGrainFactory grains, Scopes scopes, RequestUnits units, KeyPrincipal caller)
{
    public const string PerRow = "per-row";
    public const string AllOrNothing = "all-or-nothing";

    /// <summary>A row ready to send, to <see cref="Unit"/>: its unit on the tree of its period.</summary>
    private sealed record Ready(SheetRow Row, Period Period, UnitKey Unit);

    public async Task<ImportSummary> Import(IEnumerable<SheetRow> sheet, string? defaultPeriod, bool dryRun, string strategy, CancellationToken ct)
    {
        var ready = new List<Ready>();
        var conflicts = new ConcurrentBag<ImportConflict>();
        var tally = new SheetTally(conflicts);
        // Reading streams the file; what is kept per row is its parsed numbers only.
        foreach (var row in tally.Filled(sheet))
        {
            var period = row.Period ?? defaultPeriod;
            if (!UnitCode.IsValid(row.Unit))
            {
                conflicts.Add(new ImportConflict(row.Row, "unit", row.Unit, FieldRules.UnitCodeRequired.Message, FieldRules.UnitCodeRequired.Code));
            }
            else if (!Period.TryParse(period, out var p))
            {
                conflicts.Add(new ImportConflict(row.Row, "period", period, "a period such as 2023 is required (column or ?period=)", FieldRules.Period.Code));
            }
            else
            {
                ready.Add(new Ready(row, p, units.ForPeriod(row.Unit!, p)));
            }
        }
        ready = Repeats.Refuse(ready, r => r.Row, r => (r.Row.Unit, r.Period), r => $" for {r.Period}", conflicts);

        var atomic = strategy == AllOrNothing;
        var outcomes = atomic && !dryRun && conflicts.IsEmpty
            ? await Atomically(ready, conflicts, ct)
            : await Submit(ready, dryRun || atomic, conflicts, ct);
        if (atomic && !conflicts.IsEmpty)
        {
            outcomes = [];
        }
        var created = outcomes.Count(o => o.Status is SubmitStatus.Accepted or SubmitStatus.Validated && IsNew(o));
        var updated = outcomes.Count(o => o.Status is SubmitStatus.Accepted or SubmitStatus.Validated && !IsNew(o));
        var unchanged = outcomes.Count(o => o.Status == SubmitStatus.Unchanged);
        var rows = tally.Rows;
        return new ImportSummary(rows, created, updated, unchanged, rows - created - updated - unchanged, dryRun, strategy,
            conflicts.OrderBy(c => c.Row).ThenBy(c => c.Column, StringComparer.Ordinal).ToList());
    }

    /// <summary>A report that did not exist before: a dry run finds no current version; a stored one is version 1.</summary>
    private static bool IsNew(SubmitResult o) => o.Status == SubmitStatus.Validated ? o.CurrentVersion is null : o.Receipt?.Version == 1;

    private ReportSubmission Submission(Ready item, bool dryRun) =>
        new(item.Row.Values, null, caller.Signature(), DryRun: dryRun, SkipIfUnchanged: true, SubmittedByKey: caller.Id, Merge: true);

    private ICommuneGrain Leaf(Ready item) => grains.Commune(item.Unit);

    /// <summary>Submissions and holds go through the unit, which keeps it a leaf meanwhile; commits and aborts go to the leaf's hold.</summary>
    private IUnitGrain Unit(Ready item) => grains.Unit(item.Unit);

    private async Task<List<SubmitResult>> Submit(List<Ready> rows, bool dryRun, ConcurrentBag<ImportConflict> conflicts, CancellationToken ct)
    {
        var results = new ConcurrentBag<SubmitResult>();
        await ForEach(rows, ct, async item =>
        {
            if (await InScope(item, conflicts))
            {
                Record(item, await Unit(item).Submit(item.Period, Submission(item, dryRun)), results, conflicts);
            }
        });
        return results.ToList();
    }

    /// <summary>
    /// Prepare every row, then commit every prepared row, then complete them. A refusal in either phase, a
    /// failure or a cancelled request aborts every prepared row: the leaves drop their holds and remove what they
    /// had committed, so nothing of the file stays stored. A leaf the abort cannot reach undoes itself on expiry.
    /// </summary>
    private async Task<List<SubmitResult>> Atomically(List<Ready> rows, ConcurrentBag<ImportConflict> conflicts, CancellationToken ct)
    {
        var importId = Guid.NewGuid().ToString("N");
        var prepared = new ConcurrentBag<Ready>();
        var results = new ConcurrentBag<SubmitResult>();
        try
        {
            await ForEach(rows, ct, async item =>
            {
                if (await InScope(item, conflicts))
                {
                    var result = await Unit(item).Prepare(item.Period, Submission(item, dryRun: false), importId);
                    if (result.Status == SubmitStatus.Validated)
                    {
                        prepared.Add(item);
                    }
                    else
                    {
                        Record(item, result, results, conflicts);
                    }
                }
            });
            if (conflicts.IsEmpty)
            {
                await ForEach(prepared.ToList(), ct, async item => Record(item, await Leaf(item).Commit(item.Period, importId), results, conflicts));
            }
            if (!conflicts.IsEmpty)
            {
                await ForEach(prepared.ToList(), CancellationToken.None, item => new ValueTask(Leaf(item).Abort(item.Period, importId)));
                return [];
            }
            await ForEach(prepared.ToList(), CancellationToken.None, item => new ValueTask(Leaf(item).Complete(item.Period, importId)));
            return results.ToList();
        }
        catch
        {
            await ForEach(prepared.ToList(), CancellationToken.None, item => new ValueTask(Leaf(item).Abort(item.Period, importId)));
            throw;
        }
    }

    private static Task ForEach(List<Ready> rows, CancellationToken ct, Func<Ready, ValueTask> each) =>
        Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = LeafWrites.AtOnce, CancellationToken = ct }, (item, _) => each(item));

    private async Task<bool> InScope(Ready item, ConcurrentBag<ImportConflict> conflicts)
    {
        if (await scopes.Covers(caller, item.Unit))
        {
            return true;
        }
        conflicts.Add(new ImportConflict(item.Row.Row, "unit", item.Row.Unit, Access.OutOfScope(caller, item.Row.Unit!), ProblemCodes.Forbidden));
        return false;
    }

    /// <summary>Keeps a stored, checked or unchanged row's result; a refusal becomes conflicts on the row's columns, with their values.</summary>
    private static void Record(Ready item, SubmitResult result, ConcurrentBag<SubmitResult> results, ConcurrentBag<ImportConflict> conflicts)
    {
        if (result.Status is SubmitStatus.Accepted or SubmitStatus.Validated or SubmitStatus.Unchanged)
        {
            results.Add(result);
            return;
        }
        foreach (var refused in result.Refusals.GroupBy(r => r.Field ?? "unit"))
        {
            var field = refused.Key;
            var column = field == "expectedVersion" ? "unit" : field;
            var message = string.Join("; ", refused.Select(r => r.Message));
            var value = column switch
            {
                "unit" => item.Row.Unit,
                "period" => item.Period.ToString(),
                _ => item.Row.Raw.GetValueOrDefault(field),
            };
            if (value is null && column is not ("unit" or "period"))
            {
                message += $" ({field} is the stored value: this row leaves its cell empty)";
            }
            conflicts.Add(new ImportConflict(item.Row.Row, column, value, message, refused.First().Code));
        }
    }
}
