using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Aggregation.Gateway.Import;

public static partial class ReportSheet
{
    /// <summary>
    /// Reads a CSV (UTF-8 with or without BOM; ',' or ';' separated) row by row. A filled cell beyond the
    /// header, or a quote out of place (never closed, or inside an unquoted cell), refuses its row: such a
    /// file would otherwise be read as something other than what it shows.
    /// </summary>
    public static IEnumerable<SheetRow> ReadCsv(Stream input, SheetLayout layout)
    {
        using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var badCells = new List<string>();
        using var csv = new CsvParser(reader, CsvConfig(badCells.Add));
        if (!Next(csv))
        {
            throw new SheetFormatException("the file is empty");
        }
        var header = csv.Record ?? [];
        var columns = MapHeaders(header, layout);
        badCells.Clear();
        while (Next(csv))
        {
            var record = csv.Record!;
            var quoted = badCells.Select(field => (Field: field, Index: BadCellIndex(record, field))).ToList();
            badCells.Clear();
            var row = ToRow(csv.Row, columns, layout.WhenColumn, i => i < record.Length && quoted.All(q => q.Index != i) ? record[i] : null);
            foreach (var (field, index) in quoted)
            {
                var column = columns.FirstOrDefault(c => c.Index == index)?.Code;
                row.Conflicts.Add(field.StartsWith('"') && field.Count(c => c == '"') % 2 == 1
                    ? new ImportConflict(csv.Row, column, field.Split('\n')[0].TrimStart('"').Trim(),
                        "a quote opened in this cell is never closed, so the rest of the file was read into it; close the quote")
                    : new ImportConflict(csv.Row, column, field, "a quote inside a cell must be doubled (\"\") and the cell quoted"));
            }
            for (var i = header.Length; i < record.Length; i++)
            {
                if (!string.IsNullOrWhiteSpace(record[i]))
                {
                    row.Conflicts.Add(new ImportConflict(csv.Row, null, record[i].Trim(), $"cell {i + 1} is beyond the header's {header.Length} columns; give it a header or remove it"));
                }
            }
            foreach (var i in Enumerable.Range(0, Math.Min(header.Length, record.Length)).Where(i => header[i].Trim().Length == 0 && !string.IsNullOrWhiteSpace(record[i])))
            {
                row.Conflicts.Add(new ImportConflict(csv.Row, null, record[i].Trim(), $"cell {i + 1} is in a column without a header; give it a header or remove it"));
            }
            yield return row;
        }
    }

    /// <summary>
    /// Reads a CSV as <see cref="ReadCsv"/> does, into its records as split cells, the header first, for files whose
    /// columns are checked by the domain (a tree mapping). A quote out of place makes the file unreadable
    /// (<see cref="SheetFormatException"/>): its rows would otherwise be read as something other than what it shows.
    /// </summary>
    public static IEnumerable<IReadOnlyList<string>> ReadCsvRecords(Stream input)
    {
        using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        string? bad = null;
        using var csv = new CsvParser(reader, CsvConfig(field => bad ??= field));
        while (Next(csv))
        {
            // The parser finds bad data as it makes the record's cells.
            var record = csv.Record!;
            if (bad is not null)
            {
                throw new SheetFormatException($"row {csv.Row} has a quote out of place ({bad.Split('\n')[0].Trim()}): a quote inside a cell must be doubled and the cell quoted");
            }
            yield return record;
        }
    }

    /// <summary>UTF-8 text, ',' or ';' separated (as the file shows it); fields with a quote out of place go to <paramref name="badField"/>.</summary>
    private static CsvConfiguration CsvConfig(Action<string> badField) => new(CultureInfo.InvariantCulture)
    {
        DetectDelimiter = true,
        DetectDelimiterValues = [",", ";"],
        BadDataFound = bad => badField(bad.Field),
        MissingFieldFound = null,
    };

    /// <summary>The next record; a file the parser cannot read on is a format problem of the file, not a server error.</summary>
    private static bool Next(CsvParser csv)
    {
        try
        {
            return csv.Read();
        }
        catch (CsvHelperException e)
        {
            throw new SheetFormatException($"the CSV cannot be read on after row {csv.Row}: {e.GetType().Name}");
        }
    }

    /// <summary>Which cell a field with a stray quote became (the parser drops the quotes it understood).</summary>
    private static int BadCellIndex(string[] record, string field) =>
        field.StartsWith('"') && field.Count(c => c == '"') % 2 == 1
            ? record.Length - 1 // never closed: the last cell swallowed the rest
            : Array.FindIndex(record, r => r == field || r == field.Replace("\"", ""));
}
