using System.Collections.Concurrent;
using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Units;

using Aggregation.Gateway.Security;

namespace Aggregation.Gateway.Import;

/// <summary>The import summary users know from DHIS2's dataValueSets.</summary>
public sealed record ImportSummary(int Rows, int Created, int Updated, int Unchanged, int Ignored, bool DryRun, string Strategy, IReadOnlyList<ImportConflict> Conflicts);

/// <summary>
/// Sends each row of a report sheet through the same grain call as a single PUT. With
/// all-or-nothing every row is checked first (a dry run) and nothing is stored if any fails.
/// A row for a unit outside the caller's scope is a conflict, like any other refused row.
/// </summary>
public sealed class ReportImporter(IGrainFactory grains, Scopes scopes, KeyPrincipal caller)
{
    public const string PerRow = "per-row";
    public const string AllOrNothing = "all-or-nothing";
    private const int InFlight = 32;

    public async Task<ImportSummary> Import(IEnumerable<SheetRow> sheet, string? defaultPeriod, bool dryRun, string strategy, CancellationToken ct)
    {
        var rows = 0;
        var ignored = 0;
        var ready = new List<(SheetRow Row, string Period)>();
        var conflicts = new ConcurrentBag<ImportConflict>();
        // Reading streams the file; what is kept per row is its parsed numbers only.
        foreach (var row in sheet)
        {
            if (row.IsBlank)
            {
                continue;
            }
            rows++;
            foreach (var c in row.Conflicts)
            {
                conflicts.Add(c);
            }
            if (row.Conflicts.Count > 0)
            {
                continue;
            }
            if (row.Values.Count == 0)
            {
                ignored++; // a leaf listed with nothing filled in
                continue;
            }
            var period = row.Period ?? defaultPeriod;
            if (!UnitCode.IsValid(row.Unit))
            {
                conflicts.Add(new ImportConflict(row.Row, "unit", row.Unit, "a valid unit code is required"));
            }
            else if (!Period.TryParse(period, out var p))
            {
                conflicts.Add(new ImportConflict(row.Row, "period", period, "a period such as 2023 is required (column or ?period=)"));
            }
            else
            {
                ready.Add((row, p.ToString()));
            }
        }
        foreach (var duplicate in ready.GroupBy(r => (r.Row.Unit, r.Period)).Where(g => g.Count() > 1))
        {
            foreach (var (row, _) in duplicate.Skip(1))
            {
                conflicts.Add(new ImportConflict(row.Row, "unit", row.Unit, $"unit '{row.Unit}' appears more than once for {duplicate.Key.Period}"));
            }
        }

        var check = dryRun || strategy == AllOrNothing;
        var submittedBy = caller.Signature();
        var outcomes = await Submit(ready, check, submittedBy, conflicts, ct);
        if (!dryRun && strategy == AllOrNothing && conflicts.IsEmpty)
        {
            outcomes = await Submit(ready, dryRun: false, submittedBy, conflicts, ct);
        }
        var stored = dryRun || (strategy == AllOrNothing && !conflicts.IsEmpty) ? [] : outcomes;
        var counted = dryRun ? outcomes : stored;
        return new ImportSummary(rows,
            counted.Count(o => o.Status is SubmitStatus.Accepted or SubmitStatus.Validated && IsNew(o)),
            counted.Count(o => o.Status is SubmitStatus.Accepted or SubmitStatus.Validated && !IsNew(o)),
            counted.Count(o => o.Status == SubmitStatus.Unchanged),
            ignored, dryRun, strategy,
            conflicts.OrderBy(c => c.Row).ThenBy(c => c.Column, StringComparer.Ordinal).ToList());
    }

    /// <summary>A report that did not exist before: a dry run finds no current version; a stored one is version 1.</summary>
    private static bool IsNew(SubmitResult o) => o.Status == SubmitStatus.Validated ? o.CurrentVersion is null : o.Receipt?.Version == 1;

    private async Task<List<SubmitResult>> Submit(List<(SheetRow Row, string Period)> rows, bool dryRun, string submittedBy, ConcurrentBag<ImportConflict> conflicts, CancellationToken ct)
    {
        var results = new ConcurrentBag<SubmitResult>();
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = ct }, async (item, _) =>
        {
            var (row, period) = item;
            if (!await scopes.Covers(caller, row.Unit!))
            {
                conflicts.Add(new ImportConflict(row.Row, "unit", row.Unit, Access.OutOfScope(caller, row.Unit!)));
                return;
            }
            var result = await grains.GetGrain<IUnitGrain>(row.Unit!)
                .Submit(period, new ReportSubmission(row.Values, null, submittedBy, DryRun: dryRun, SkipIfUnchanged: true, SubmittedByKey: caller.Id));
            if (result.Status is SubmitStatus.Accepted or SubmitStatus.Validated or SubmitStatus.Unchanged)
            {
                results.Add(result);
                return;
            }
            foreach (var (field, messages) in result.Errors)
            {
                var column = field is "unit" or "expectedVersion" ? "unit" : field;
                conflicts.Add(new ImportConflict(row.Row, column, column == "unit" ? row.Unit : row.Raw.GetValueOrDefault(field), string.Join("; ", messages)));
            }
        });
        return results.ToList();
    }
}
