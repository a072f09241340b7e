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
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";"],
            BadDataFound = bad => badCells.Add(bad.Field),
            MissingFieldFound = null,
        };
        using var csv = new CsvParser(reader, config);
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
