using System.IO.Compression;
using System.Xml;

namespace Aggregation.Gateway.Import;

/// <summary>
/// A pass over the first worksheet's XML before its rows are read. It finds what a cell reader cannot tell
/// from an empty cell: a formula stored without its computed value (libraries such as openpyxl write them;
/// office suites store the value too). Reading the whole sheet first also refuses a cut-off or garbled sheet
/// before any row is imported.
/// </summary>
public static class XlsxScan
{
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>Formulas without a value by cell reference ("E3"), each as written ("=200+60.25").</summary>
    public static Dictionary<string, string> FormulasWithoutValues(Stream input)
    {
        using var zip = new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true);
        var sheet = zip.GetEntry(FirstSheet(zip)) ?? throw new SheetFormatException("the workbook has no worksheet");
        var found = new Dictionary<string, string>();
        try
        {
            using var reader = XmlReader.Create(sheet.Open(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            var (row, column) = (0, 0);
            string? cell = null, type = null, formula = null;
            var valued = false;
            while (!reader.EOF)
            {
                if (reader is { NodeType: XmlNodeType.Element, LocalName: "row" })
                {
                    row = int.TryParse(reader.GetAttribute("r"), out var r) ? r : row + 1;
                    column = 0;
                }
                else if (reader is { NodeType: XmlNodeType.Element, LocalName: "c" })
                {
                    column++;
                    cell = reader.GetAttribute("r") ?? Reference(row, column);
                    column = ColumnOf(cell) ?? column;
                    (type, formula, valued) = (reader.GetAttribute("t"), null, false);
                }
                else if (reader is { NodeType: XmlNodeType.Element, LocalName: "f" })
                {
                    formula = reader.ReadElementContentAsString();
                    continue;
                }
                else if (reader is { NodeType: XmlNodeType.Element, LocalName: "v" })
                {
                    // A text result may be empty (=IF(…;"")): that is a computed value.
                    valued = reader.ReadElementContentAsString().Length > 0 || type == "str";
                    continue;
                }
                else if (reader is { NodeType: XmlNodeType.EndElement, LocalName: "c" } && formula is not null && !valued && cell is not null)
                {
                    found[cell] = formula.Length > 0 ? "=" + formula : "(a shared formula)";
                }
                reader.Read();
            }
        }
        catch (XmlException e)
        {
            throw new SheetFormatException($"the sheet's XML is broken near line {e.LineNumber} (cut off or edited by hand?); save it again from a spreadsheet program");
        }
        return found;
    }

    /// <summary>The first sheet as the workbook lists it (what a cell reader reads), or the usual name.</summary>
    private static string FirstSheet(ZipArchive zip)
    {
        const string fallback = "xl/worksheets/sheet1.xml";
        if (zip.GetEntry("xl/workbook.xml") is not { } workbook || zip.GetEntry("xl/_rels/workbook.xml.rels") is not { } rels)
        {
            return fallback;
        }
        string? id = null;
        using (var reader = XmlReader.Create(workbook.Open()))
        {
            while (id is null && reader.Read())
            {
                id = reader is { NodeType: XmlNodeType.Element, LocalName: "sheet" } ? reader.GetAttribute("id", Relationships) : null;
            }
        }
        using (var reader = XmlReader.Create(rels.Open()))
        {
            while (id is not null && reader.Read())
            {
                if (reader is { NodeType: XmlNodeType.Element, LocalName: "Relationship" } && reader.GetAttribute("Id") == id && reader.GetAttribute("Target") is { } target)
                {
                    return target.StartsWith('/') ? target[1..] : "xl/" + target;
                }
            }
        }
        return fallback;
    }

    /// <summary>"E3" from row 3 and column 5.</summary>
    public static string Reference(int row, int column) => Letters(column) + row;

    /// <summary>Column letters from a 1-based index: 1 → A, 27 → AA.</summary>
    public static string Letters(int column)
    {
        var letters = "";
        for (; column > 0; column = (column - 1) / 26)
        {
            letters = (char)('A' + (column - 1) % 26) + letters;
        }
        return letters;
    }

    private static int? ColumnOf(string reference)
    {
        var column = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter))
        {
            column = column * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        }
        return column > 0 ? column : null;
    }
}
