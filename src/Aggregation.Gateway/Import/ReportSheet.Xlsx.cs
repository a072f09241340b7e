using System.Globalization;
using MiniExcel = MiniExcelLibs.MiniExcel;
using ExcelType = MiniExcelLibs.ExcelType;

namespace Aggregation.Gateway.Import;

public static partial class ReportSheet
{
    /// <summary>
    /// Reads the first sheet of an xlsx file row by row without loading it whole, after a pass over its XML
    /// (<see cref="XlsxScan"/>) that refuses a broken sheet and finds formulas stored without a value.
    /// </summary>
    public static IEnumerable<SheetRow> ReadXlsx(Stream input, SheetLayout layout)
    {
        Dictionary<string, string> formulas;
        IEnumerator<IDictionary<string, object?>> rows;
        try
        {
            formulas = XlsxScan.FormulasWithoutValues(input);
            input.Position = 0;
            rows = MiniExcel.Query(input, useHeaderRow: false, excelType: ExcelType.XLSX)
                .Cast<IDictionary<string, object?>>().GetEnumerator();
        }
        catch (Exception e) when (e is not SheetFormatException)
        {
            throw new SheetFormatException($"the file is not a readable xlsx workbook ({e.GetType().Name})");
        }
        using (rows)
        {
            if (!Next(rows))
            {
                throw new SheetFormatException("the workbook has no rows");
            }
            var letters = rows.Current.Keys.ToList();
            var columns = MapHeaders(letters.Select(l => Convert.ToString(rows.Current[l], CultureInfo.InvariantCulture) ?? "").ToArray(), layout);
            var headed = columns.Select(c => letters[c.Index]).ToHashSet();
            var line = 1;
            while (Next(rows))
            {
                line++;
                var current = rows.Current;
                var cells = current.Keys.ToDictionary(k => k, k => formulas.ContainsKey(k + line) ? null : current[k]);
                var row = ToRow(line, columns, layout.WhenColumn, i => i < letters.Count ? cells.GetValueOrDefault(letters[i]) : null);
                foreach (var column in columns.Where(c => c.Code != NameColumn && formulas.ContainsKey(letters[c.Index] + line)))
                {
                    var cell = letters[column.Index] + line;
                    row.Conflicts.Add(new ImportConflict(line, column.Code, formulas[cell],
                        $"{cell}: a formula without a computed value; open and save the file in Excel or LibreOffice, or type the value"));
                }
                foreach (var (letter, value) in cells.Where(c => !headed.Contains(c.Key) && Text(c.Value) is not null))
                {
                    row.Conflicts.Add(new ImportConflict(line, null, Text(value), $"{letter}{line}: a value in a column without a header; give it a header or remove it"));
                }
                yield return row;
            }
        }
    }

    /// <summary>The next row; a sheet that cannot be read on is a format problem of the file, not a server error.</summary>
    private static bool Next(IEnumerator<IDictionary<string, object?>> rows)
    {
        try
        {
            return rows.MoveNext();
        }
        catch (Exception e) when (e is not SheetFormatException)
        {
            throw new SheetFormatException($"the sheet could not be read on ({e.GetType().Name}); save it again from a spreadsheet program");
        }
    }
}
