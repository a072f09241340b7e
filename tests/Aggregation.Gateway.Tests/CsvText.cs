namespace Aggregation.Gateway.Tests;

/// <summary>Templates read into rows of cells and edited rows written back, as a spreadsheet program would.</summary>
public static class CsvText
{
    public static List<string[]> Parse(string text)
    {
        using var csv = new CsvHelper.CsvParser(new StringReader(text), System.Globalization.CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add(csv.Record!);
        }
        return rows;
    }

    public static string Write(IEnumerable<string[]> rows)
    {
        using var text = new StringWriter();
        using (var csv = new CsvHelper.CsvWriter(text, System.Globalization.CultureInfo.InvariantCulture))
        {
            foreach (var row in rows)
            {
                foreach (var field in row)
                {
                    csv.WriteField(field);
                }
                csv.NextRecord();
            }
        }
        return text.ToString();
    }
}
