using System.Globalization;
using System.Text.RegularExpressions;
using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Numbers;
using Aggregation.Domain.Rules;

namespace Aggregation.Gateway.Import;

/// <summary>One problem in an imported file, located by row (1 = header) and column header.</summary>
public sealed record ImportConflict(int Row, string? Column, string? Value, string Message, string? Code = null);

/// <summary>A data row as read: its unit and period cells and the element values that parsed.</summary>
public sealed record SheetRow(int Row, string? Unit, string? Period, Dictionary<string, decimal> Values, Dictionary<string, string> Raw, List<ImportConflict> Conflicts)
{
    public bool IsBlank => string.IsNullOrWhiteSpace(Unit) && string.IsNullOrWhiteSpace(Period) && Raw.Count == 0 && Conflicts.Count == 0;
}

/// <summary>The file could not be read as a report sheet at all (wrong headers, not a spreadsheet, empty).</summary>
public sealed class SheetFormatException(string message) : Exception(message);

/// <summary>
/// What a sheet's columns may be besides the unit and its name: the column that says when
/// (<see cref="ReportSheet.PeriodColumn"/> or <see cref="ReportSheet.YearColumn"/>, read into
/// <see cref="SheetRow.Period"/>), and which codes head its number columns.
/// </summary>
public sealed record SheetLayout(string WhenColumn, Func<string, bool> IsValueColumn, string ValueExample)
{
    /// <summary>Report sheets: a period column and one column per element.</summary>
    public static SheetLayout Reports(IndicatorCatalog catalog) =>
        new(ReportSheet.PeriodColumn, code => catalog.FindElement(code) is not null, "an element code in parentheses, e.g. 'Tổng số hộ (households)'");

    /// <summary>Plan sheets: a year column and one column per indicator, its target.</summary>
    public static SheetLayout Plans(IndicatorCatalog catalog) =>
        new(ReportSheet.YearColumn, code => catalog.FindIndicator(code) is not null, "an indicator code in parentheses, e.g. 'Tỷ lệ hộ nghèo [%] <= (poverty_rate)'");
}

/// <summary>
/// Report sheets: one row per leaf, columns "Mã đơn vị (unit)", "Tên đơn vị (name)",
/// "Kỳ báo cáo (period)", then one per element headed by its Vietnamese name, unit of measure and code.
/// Columns are matched by the code in parentheses, so they may come in any order.
/// </summary>
public static partial class ReportSheet
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string UnitColumn = "unit";
    public const string NameColumn = "name";
    public const string PeriodColumn = "period";
    public const string YearColumn = "year";

    /// <summary>Each element's header carries its unit of measure in brackets before the code: "Tổng số hộ [households] (households)".</summary>
    public static IReadOnlyList<string> Headers(IndicatorCatalog catalog) =>
        ["Mã đơn vị (unit)", "Tên đơn vị (name)", "Kỳ báo cáo (period)", .. catalog.Elements.Select(e => $"{e.NameVi} [{e.Unit}] ({e.Code})")];

    /// <summary>A report template: one row per leaf, with the values it already reported.</summary>
    public static (byte[] Content, string ContentType, string FileName) ReportTemplate(
        IndicatorCatalog catalog, string format, string unit, string period, IEnumerable<TemplateRow> rows)
    {
        var table = rows.Select(row => new object?[] { row.Unit, row.Name, period }
            .Concat(catalog.Elements.Select(e => row.Values.TryGetValue(e.Code, out var v) ? (object?)v : null)).ToArray()).ToList();
        return Exports.Write(format, [.. Headers(catalog)], table, numericFrom: 3, $"bao-cao-{unit}-{period}", "Báo cáo");
    }

    /// <summary>
    /// A plan template: the unit and each child, one column per indicator headed by its name,
    /// unit and default comparator, holding the current target value where a plan sets one.
    /// </summary>
    public static (byte[] Content, string ContentType, string FileName) PlanTemplate(
        IndicatorCatalog catalog, string format, int year, IReadOnlyList<(string Unit, string Name, PlanView? Plan)> units)
    {
        var headers = new List<string> { "Mã đơn vị (unit)", "Tên đơn vị (name)", "Năm (year)" };
        headers.AddRange(catalog.Indicators.Select(i => $"{i.NameVi} [{i.Unit}] {i.DefaultComparator.ToSymbol()} ({i.Code})"));
        var rows = units.Select(u => new object?[] { u.Unit, u.Name, year }
            .Concat(catalog.Indicators.Select(i => (object?)u.Plan?.Targets.GetValueOrDefault(i.Code)?.Value)).ToArray()).ToList();
        return Exports.Write(format, headers, rows, numericFrom: 3, $"ke-hoach-{units[0].Unit}-{year}", "Kế hoạch");
    }

    private sealed record Column(int Index, string Header, string Code);

    private static List<Column> MapHeaders(string[] headers, SheetLayout layout)
    {
        var columns = new List<Column>();
        var unknown = new List<string>();
        for (var i = 0; i < headers.Length; i++)
        {
            var header = headers[i].Trim();
            if (header.Length == 0)
            {
                continue;
            }
            var m = CodeInParentheses().Match(header);
            var code = (m.Success ? m.Groups[1].Value : header).Trim().ToLowerInvariant();
            if (code is UnitColumn or NameColumn || code == layout.WhenColumn || layout.IsValueColumn(code))
            {
                columns.Add(new Column(i, header, code));
            }
            else
            {
                unknown.Add(header);
            }
        }
        if (unknown.Count > 0)
        {
            throw new SheetFormatException($"unknown columns: {string.Join(", ", unknown)} (headers end with {layout.ValueExample})");
        }
        if (columns.All(c => c.Code != UnitColumn))
        {
            throw new SheetFormatException("the header has no unit column ('Mã đơn vị (unit)')");
        }
        var duplicate = columns.GroupBy(c => c.Code).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new SheetFormatException($"column '{duplicate.Key}' appears more than once");
        }
        return columns;
    }

    private static SheetRow ToRow(int line, List<Column> columns, string whenColumn, Func<int, object?> cell)
    {
        string? unit = null, period = null;
        var values = new Dictionary<string, decimal>();
        var raw = new Dictionary<string, string>();
        var conflicts = new List<ImportConflict>();
        foreach (var column in columns)
        {
            if (Text(cell(column.Index)) is not { } text)
            {
                continue;
            }
            if (column.Code == whenColumn)
            {
                period = text;
                continue;
            }
            switch (column.Code)
            {
                case UnitColumn:
                    unit = text;
                    break;
                case NameColumn:
                    break;
                default:
                    raw[column.Code] = text;
                    if (ParseNumber(text, out var number, out var problem))
                    {
                        values[column.Code] = number;
                    }
                    else
                    {
                        conflicts.Add(new ImportConflict(line, column.Code, text, problem!.Message, problem.Code));
                    }
                    break;
            }
        }
        return new SheetRow(line, unit, period, values, raw, conflicts);
    }

    /// <summary>A cell's text, trimmed, or null when it is empty.</summary>
    private static string? Text(object? value)
    {
        var text = value switch
        {
            null => null,
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    /// <summary>
    /// Plain numbers, and Vietnamese ones where unambiguous: "8,3" and "1.234,5" are decimal
    /// commas; "1,234" could be a thousands separator and is refused.
    /// </summary>
    public static bool ParseNumber(string text, out decimal value, out Rule? problem)
    {
        problem = null;
        var s = text.Replace(" ", "").Replace("\u00a0", "");
        if (PlainNumber().IsMatch(s))
        {
            return Exactly(s, out value, out problem);
        }
        if (VietnameseNumber().IsMatch(s))
        {
            var parts = s.Split(',');
            if (parts[1].Length == 3 && !parts[0].Contains('.'))
            {
                value = 0;
                problem = new(RefusalCodes.AmbiguousNumber, $"'{text}' is ambiguous: write 1234 or 1,2340 (decimal comma) or 1234.5");
                return false;
            }
            return Exactly(parts[0].Replace(".", "") + "." + parts[1], out value, out problem);
        }
        value = 0;
        problem = NotANumber;
        return false;
    }

    private static readonly Rule NotANumber = new(FieldRules.NotANumber.Code, "not a number");

    /// <summary>A plain number (digits, a decimal point) kept exactly, or refused: a decimal would round 1e-30 to 0 silently.</summary>
    public static bool Exactly(string plain, out decimal value, out Rule? problem)
    {
        problem = ExactDecimal.Read(plain, out value) switch
        {
            NumberReading.Exact => null,
            NumberReading.OutOfRange => new(FieldRules.OutOfRange.Code, "out of range"),
            NumberReading.Inexact => new(FieldRules.Inexact.Code, "has more digits than can be kept exactly"),
            _ => NotANumber,
        };
        return problem is null;
    }

    [GeneratedRegex(@"\(\s*([A-Za-z][A-Za-z0-9_]*)\s*\)\s*$")]
    private static partial Regex CodeInParentheses();

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?\z")]
    private static partial Regex PlainNumber();

    [GeneratedRegex(@"^-?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+),[0-9]+\z")]
    private static partial Regex VietnameseNumber();
}
