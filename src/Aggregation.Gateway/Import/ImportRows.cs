using System.Collections.Concurrent;
using Aggregation.Domain.Rules;

namespace Aggregation.Gateway.Import;

/// <summary>
/// The rows of a sheet as an import takes them: blank rows are passed over, every other row is counted and its
/// cells' conflicts kept, and a row is handed on only when it has no conflict and something filled in.
/// </summary>
public sealed class SheetTally(ConcurrentBag<ImportConflict> conflicts)
{
    /// <summary>The rows that are not blank, once the sheet has been read.</summary>
    public int Rows { get; private set; }

    public IEnumerable<SheetRow> Filled(IEnumerable<SheetRow> sheet)
    {
        foreach (var row in sheet)
        {
            if (row.IsBlank)
            {
                continue;
            }
            Rows++;
            foreach (var c in row.Conflicts)
            {
                conflicts.Add(c);
            }
            if (row.Conflicts.Count == 0 && row.Values.Count > 0)
            {
                yield return row; // else refused, or a unit listed with nothing filled in: ignored
            }
        }
    }
}

/// <summary>Rows that say the same thing twice make a file ambiguous: every one of them is refused, naming the others.</summary>
public static class Repeats
{
    /// <summary>
    /// The items whose key no other item shares; each of the others becomes a conflict on its unit, saying
    /// <paramref name="of"/> (" for 2023") and the rows it repeats. None of them reaches a grain.
    /// </summary>
    public static List<T> Refuse<T, TKey>(List<T> items, Func<T, SheetRow> row, Func<T, TKey> key, Func<T, string> of, ConcurrentBag<ImportConflict> conflicts)
    {
        var repeated = items.GroupBy(key).Where(g => g.Count() > 1).SelectMany(g => g.Select(item => (Item: item, Group: g))).ToList();
        foreach (var (item, group) in repeated)
        {
            var here = row(item);
            var others = group.Select(o => row(o).Row).Where(r => r != here.Row).ToList();
            conflicts.Add(new ImportConflict(here.Row, ReportSheet.UnitColumn, here.Unit,
                $"unit '{here.Unit}' appears more than once{of(item)} (also {(others.Count == 1 ? "row" : "rows")} {string.Join(", ", others)}); none of these rows is imported", RefusalCodes.RepeatedRow));
        }
        var refused = repeated.Select(r => r.Item).ToHashSet();
        return items.Where(i => !refused.Contains(i)).ToList();
    }
}
