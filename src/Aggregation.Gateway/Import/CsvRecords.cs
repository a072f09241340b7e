using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Aggregation.Gateway.Import;

/// <summary>
/// A CSV (UTF-8 with or without BOM; ',' or ';' separated) split into records of cells, header first, for
/// the domain's file plans (a tree's units) to read by column. A file the parser cannot read on throws
/// <see cref="SheetFormatException"/>.
/// </summary>
public static class CsvRecords
{
    public static List<IReadOnlyList<string>> Read(Stream input)
    {
        using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";"],
            BadDataFound = null,
            MissingFieldFound = null,
        };
        using var csv = new CsvParser(reader, config);
        var records = new List<IReadOnlyList<string>>();
        try
        {
            while (csv.Read())
            {
                records.Add(csv.Record ?? []);
            }
        }
        catch (CsvHelperException e)
        {
            throw new SheetFormatException($"the CSV cannot be read on after row {csv.Row}: {e.GetType().Name}");
        }
        return records;
    }
}
