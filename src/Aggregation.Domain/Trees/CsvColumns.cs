namespace Aggregation.Domain.Trees;

/// <summary>One data record of a file and the row it stands on.</summary>
public sealed record CsvRecord(int Row, IReadOnlyList<string> Cells);

/// <summary>
/// The columns of a file already split into cells (the gateway's CSV reader does the splitting),
/// found by their header names, trimmed and in any order. Cells are read trimmed, an empty one as null.
/// </summary>
internal sealed class CsvColumns
{
    private readonly Dictionary<string, int> _index;
    private readonly int _width;

    private CsvColumns(Dictionary<string, int> index, int width) => (_index, _width) = (index, width);

    /// <summary>
    /// Reads the header (the first record) against the columns a file must and may have, adding a
    /// conflict on row 1 for each missing, unknown or repeated column; then the data records, each
    /// with its row, blank ones left out, a filled cell beyond the header a conflict of its row.
    /// </summary>
    public static (CsvColumns Columns, List<CsvRecord> Records) Read(
        IEnumerable<IReadOnlyList<string>> records, IReadOnlyList<string> required, IReadOnlyList<string> optional, List<RowConflict> conflicts)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<CsvRecord>();
        var width = 0;
        var row = 0;
        foreach (var record in records)
        {
            row++;
            if (row == 1)
            {
                width = record.Count;
                ReadHeader(record, required, optional, index, conflicts);
                continue;
            }
            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            for (var i = width; i < record.Count; i++)
            {
                if (!string.IsNullOrWhiteSpace(record[i]))
                {
                    conflicts.Add(RowConflict.Of(TreeRules.BeyondHeader, row, null, record[i].Trim()));
                }
            }
            rows.Add(new CsvRecord(row, record));
        }
        if (row == 0)
        {
            conflicts.AddRange(required.Select(c => RowConflict.Of(TreeRules.MissingColumn, 1, c, null)));
        }
        return (new CsvColumns(index, width), rows);
    }

    public bool Has(string column) => _index.ContainsKey(column);

    /// <summary>The trimmed cell of <paramref name="column"/>, or null when it is empty or the file has no such column.</summary>
    public string? Cell(CsvRecord record, string column) =>
        _index.TryGetValue(column, out var i) && i < record.Cells.Count && i < _width && record.Cells[i].Trim() is { Length: > 0 } cell ? cell : null;

    private static void ReadHeader(
        IReadOnlyList<string> header, IReadOnlyList<string> required, IReadOnlyList<string> optional,
        Dictionary<string, int> index, List<RowConflict> conflicts)
    {
        for (var i = 0; i < header.Count; i++)
        {
            // A UTF-8 byte order mark read as text stays on the first name.
            var name = header[i].Trim().TrimStart('\uFEFF').Trim();
            if (!required.Contains(name) && !optional.Contains(name))
            {
                conflicts.Add(RowConflict.Of(TreeRules.UnknownColumn, 1, name, name));
            }
            else if (!index.TryAdd(name, i))
            {
                conflicts.Add(RowConflict.Of(TreeRules.RepeatedColumn, 1, name, name));
            }
        }
        conflicts.AddRange(required.Where(c => !index.ContainsKey(c)).Select(c => RowConflict.Of(TreeRules.MissingColumn, 1, c, null)));
    }
}
