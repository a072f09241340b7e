using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

/// <summary>
/// Report sheets written by other programs (Fixtures/, see /work/shared/data/spreadsheets): what they hold is
/// imported or refused cell by cell, never lost. An import row is merged over the stored report.
/// </summary>
public sealed class ForeignSpreadsheetTests(SqliteSampleGateway gateway) : IClassFixture<SqliteSampleGateway>, IAsyncLifetime
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private readonly HttpClient _client = gateway.Client;

    /// <summary>The fixtures' units F01 and F02, under a root of their own so the sample's totals stay as they are.</summary>
    public async Task InitializeAsync()
    {
        Assert.Equal(200, (await Put(_client, "/api/units/F", new { name = "Fixtures", level = "district", parent = (string?)null })).Status);
        Assert.Equal(200, (await Put(_client, "/api/units/F01", new { name = "F01", level = "commune", parent = "F" })).Status);
        Assert.Equal(200, (await Put(_client, "/api/units/F02", new { name = "F02", level = "commune", parent = "F" })).Status);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(int Status, JsonElement Body)> Upload(byte[] file, string contentType, string query = "")
    {
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await _client.PostAsync("/api/import/reports" + query, content);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    private async Task<JsonElement> Report(string unit, string period) => await Ok(_client, $"/api/units/{unit}/reports/{period}");

    private async Task PutReport(string unit, string period, object values) =>
        Assert.Equal(200, (await Put(_client, $"/api/units/{unit}/reports/{period}", new { values })).Status);

    [Fact]
    public async Task AFormulaImportsByItsComputedValueAndOneWithoutAValueIsAConflictNamingTheCell()
    {
        await PutReport("F02", "2023", new { households = 880, poor_households = 20, income_total = 600 });

        // openpyxl stores the formula alone: the row is refused and F02 keeps its report.
        var (status, summary) = await Upload(Fixture("report-openpyxl-formula-without-value.xlsx"), Xlsx);
        Assert.True(status == 200, summary.ToString());
        var conflict = Assert.Single(summary.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(3, conflict.GetProperty("row").GetInt32());
        Assert.Equal("income_total", conflict.GetProperty("column").GetString());
        Assert.Equal("=200+60.25", conflict.GetProperty("value").GetString());
        Assert.StartsWith("E3: a formula without a computed value", conflict.GetProperty("message").GetString());
        Assert.Equal((1, 0, 1), (summary.GetProperty("created").GetInt32(), summary.GetProperty("updated").GetInt32(), summary.GetProperty("ignored").GetInt32()));
        var f02 = await Report("F02", "2023");
        Assert.Equal(1, f02.GetProperty("version").GetInt32());
        Assert.Equal(600m, f02.GetProperty("values").GetProperty("income_total").GetDecimal());
        Assert.Equal(410.5m, (await Report("F01", "2023")).GetProperty("values").GetProperty("income_total").GetDecimal());

        // LibreOffice stores the computed value with the formula: it is imported.
        (status, summary) = await Upload(Fixture("report-libreoffice-formula-with-value.xlsx"), Xlsx);
        Assert.True(status == 200, summary.ToString());
        Assert.Empty(summary.GetProperty("conflicts").EnumerateArray());
        Assert.Equal((1, 1), (summary.GetProperty("updated").GetInt32(), summary.GetProperty("unchanged").GetInt32()));
        var values = (await Report("F02", "2023")).GetProperty("values");
        Assert.Equal((900m, 18m, 260.25m), (values.GetProperty("households").GetDecimal(), values.GetProperty("poor_households").GetDecimal(), values.GetProperty("income_total").GetDecimal()));
    }

    [Fact]
    public async Task AnEmptyCellKeepsTheStoredValueAndAFilledOneReplacesIt()
    {
        await PutReport("F01", "2024", new { households = 1000, poor_households = 10, income_total = 700 });
        var (_, summary) = await Upload(Encoding.UTF8.GetBytes("unit,period,households,poor_households,income_total\nF01,2024,1100,,\n"), "text/csv");
        Assert.Equal(1, summary.GetProperty("updated").GetInt32());
        var values = (await Report("F01", "2024")).GetProperty("values");
        Assert.Equal((1100m, 10m, 700m), (values.GetProperty("households").GetDecimal(), values.GetProperty("poor_households").GetDecimal(), values.GetProperty("income_total").GetDecimal()));

        // The same cells again change nothing, although the row does not list every element.
        var (_, again) = await Upload(Encoding.UTF8.GetBytes("unit,period,households\nF01,2024,1100\n"), "text/csv");
        Assert.Equal((0, 1), (again.GetProperty("updated").GetInt32(), again.GetProperty("unchanged").GetInt32()));
        Assert.Equal(2, (await Report("F01", "2024")).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task AMergedRowIsValidatedAsTheWholeReportItMakes()
    {
        await PutReport("F02", "2025", new { households = 100, poor_households = 10 });
        var (_, summary) = await Upload(Encoding.UTF8.GetBytes("unit,period,poor_households\nF02,2025,150\n"), "text/csv");
        var conflict = Assert.Single(summary.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(("poor_households", "150"), (conflict.GetProperty("column").GetString(), conflict.GetProperty("value").GetString()));

        // Lowering households below the stored poor households: the stored value is named as such.
        (_, summary) = await Upload(Encoding.UTF8.GetBytes("unit,period,households\nF02,2025,5\n"), "text/csv");
        conflict = Assert.Single(summary.GetProperty("conflicts").EnumerateArray());
        Assert.Equal("poor_households", conflict.GetProperty("column").GetString());
        Assert.Contains("stored value", conflict.GetProperty("message").GetString());
        Assert.Equal(1, (await Report("F02", "2025")).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task NumbersStoredAsTextInAnXlsxImportAsNumbers()
    {
        using var buffer = new MemoryStream();
        buffer.Write(Fixture("report-libreoffice-formula-with-value.xlsx"));
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }
            // Households typed as text (Excel's green triangle), the period as an inline string.
            xml = xml.Replace("<c r=\"C2\" s=\"0\" t=\"n\"><v>1200</v></c>", "<c r=\"C2\" s=\"0\" t=\"inlineStr\"><is><t>1 250</t></is></c>")
                .Replace("<c r=\"B2\" s=\"0\" t=\"n\"><v>2023</v></c>", "<c r=\"B2\" s=\"0\" t=\"inlineStr\"><is><t>2027</t></is></c>")
                .Replace("<c r=\"B3\" s=\"0\" t=\"n\"><v>2023</v></c>", "<c r=\"B3\" s=\"0\" t=\"n\"><v>2027</v></c>");
            Assert.Contains("1 250", xml);
            Assert.DoesNotContain("2023", xml);
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            writer.Write(xml);
        }
        var (status, summary) = await Upload(buffer.ToArray(), Xlsx);
        Assert.True(status == 200, summary.ToString());
        Assert.Empty(summary.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(1250m, (await Report("F01", "2027")).GetProperty("values").GetProperty("households").GetDecimal());
    }

    [Fact]
    public async Task APutStillReplacesTheWholeReport()
    {
        await PutReport("F02", "2026", new { households = 100, poor_households = 10 });
        await PutReport("F02", "2026", new { households = 120 });
        var values = (await Report("F02", "2026")).GetProperty("values");
        Assert.False(values.TryGetProperty("poor_households", out _));
    }
}
