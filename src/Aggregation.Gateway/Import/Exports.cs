using System.Globalization;
using System.Text;
using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using CsvHelper;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using MiniExcel = MiniExcelLibs.MiniExcel;
using ExcelType = MiniExcelLibs.ExcelType;

namespace Aggregation.Gateway.Import;

/// <summary>Indicator tables as spreadsheets: csv for machines, xlsx with real numeric cells for people.</summary>
public static class Exports
{
    /// <summary>Excel format codes are locale-free: a Vietnamese Excel shows 1.234,56 with its own separators.</summary>
    private const string NumberFormat = "#,##0.00";

    public static readonly string[] Formats = ["csv", "xlsx"];

    /// <summary>The unit and each child, one row each, one column per indicator.</summary>
    public static (byte[] Content, string ContentType, string FileName) Indicators(IndicatorCatalog catalog, string format, IReadOnlyList<UnitIndicatorsView> units)
    {
        var headers = new List<string> { "Mã đơn vị (unit)", "Tên đơn vị (name)", "Số xã báo cáo (reportedLeaves)", "Số xã (expectedLeaves)" };
        headers.AddRange(catalog.Indicators.Select(i => $"{i.NameVi} ({i.Code}) [{i.Unit}]"));
        var rows = units.Select(u => new object?[] { u.Unit, u.Name, u.ReportedLeaves, u.ExpectedLeaves }
            .Concat(catalog.Indicators.Select(i => (object?)u.Indicators[i.Code].Value)).ToArray()).ToList();
        return Write(format, headers, rows, numericFrom: 4, $"chi-tieu-{units[0].Unit}-{units[0].Period}", "Chỉ tiêu");
    }

    /// <summary>The children ranked on one indicator, best first.</summary>
    public static (byte[] Content, string ContentType, string FileName) Comparison(IndicatorCatalog catalog, string format, ComparisonView view)
    {
        var indicator = catalog.FindIndicator(view.Indicator)!;
        var headers = new List<string> { "Hạng (rank)", "Mã đơn vị (unit)", "Tên đơn vị (name)", $"{indicator.NameVi} ({indicator.Code}) [{indicator.Unit}]", "So sánh (comparator)", "Chỉ tiêu (target)", "Đạt (attained)" };
        var rows = view.Children.Select(c => new object?[]
        {
            c.Rank, c.Unit, c.Name, c.Value, c.Target?.Comparator, c.Target?.Value,
            c.Attained switch { true => "đạt", false => "không đạt", null => null },
        }).ToList();
        return Write(format, headers, rows, numericFrom: 3, $"so-sanh-{view.Unit}-{view.Period}-{view.Indicator}", "So sánh");
    }

    /// <summary>Writes a table; columns from <paramref name="numericFrom"/> on are numbers.</summary>
    internal static (byte[], string, string) Write(string format, List<string> headers, List<object?[]> rows, int numericFrom, string name, string sheetName)
    {
        using var buffer = new MemoryStream();
        if (format == "csv")
        {
            using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
            using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
            {
                headers.ForEach(csv.WriteField);
                csv.NextRecord();
                foreach (var row in rows)
                {
                    foreach (var cell in row)
                    {
                        csv.WriteField(cell is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : cell?.ToString());
                    }
                    csv.NextRecord();
                }
            }
            return (buffer.ToArray(), "text/csv; charset=utf-8", name + ".csv");
        }
        var sheet = rows.Select(row => headers.Zip(row).ToDictionary(p => p.First, p => p.Second)).ToList();
        if (sheet.Count == 0)
        {
            sheet.Add(headers.ToDictionary(h => h, _ => (object?)null)); // the header row still shows
        }
        var configuration = new OpenXmlConfiguration
        {
            DynamicColumns = headers.Skip(numericFrom).Select(h => new DynamicExcelColumn(h) { Format = NumberFormat, Width = 18 }).ToArray(),
        };
        MiniExcel.SaveAs(buffer, sheet, sheetName: sheetName, excelType: ExcelType.XLSX, configuration: configuration);
        return (buffer.ToArray(), ReportSheet.XlsxContentType, name + ".xlsx");
    }
}
