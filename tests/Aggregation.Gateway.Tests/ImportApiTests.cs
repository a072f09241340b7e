using System.Net.Http.Headers;
using System.Text;
using MiniExcelLibs;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

public sealed class ImportApiOnSqlite(SqliteSampleGateway gateway) : ImportApiTests(gateway), IClassFixture<SqliteSampleGateway>;

/// <summary>Report templates and imports: round trips, dry runs, strategies, and every malformed file refused cleanly.</summary>
public abstract class ImportApiTests(SampleGateway gateway)
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private readonly HttpClient _client = gateway.Client;

    private async Task<(int Status, System.Text.Json.JsonElement Body)> Upload(byte[] file, string contentType, string query = "")
    {
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await _client.PostAsync("/api/import/reports" + query, content);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : System.Text.Json.JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<string[]> CsvTemplate(string unit, string period) =>
        (await _client.GetStringAsync($"/api/units/{unit}/reports/{period}/template.csv")).TrimEnd().Split("\r\n");

    private async Task<int> Version(string unit, string period) => (await Ok(_client, $"/api/units/{unit}/reports/{period}")).GetProperty("version").GetInt32();

    [Fact]
    public async Task ACsvTemplateFilledInAndImportedChangesExactlyWhatWasEdited()
    {
        var lines = await CsvTemplate("295", "2023");
        Assert.Equal(18, lines.Length); // header + 17 communes of Cẩm Giàng
        Assert.StartsWith("Mã đơn vị (unit),Tên đơn vị (name),Kỳ báo cáo (period),Tổng thu nhập xã hội [billion VND] (income_total)", lines[0]);
        var table = CsvText.Parse(string.Join("\n", lines));
        var poor = Array.IndexOf(table[0], "Hộ nghèo [households] (poor_households)");
        var unit = table[1][0];
        var before = await Version(unit, "2023");
        var edited = decimal.Parse(table[1][poor], System.Globalization.CultureInfo.InvariantCulture) + 1;
        table[1][poor] = edited.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var file = Encoding.UTF8.GetBytes(CsvText.Write(table));

        var (status, summary) = await Upload(file, "text/csv");
        Assert.True(status == 200, summary.ToString());
        Assert.Equal(17, summary.GetProperty("rows").GetInt32());
        Assert.Equal(1, summary.GetProperty("updated").GetInt32());
        Assert.Equal(16, summary.GetProperty("unchanged").GetInt32());
        Assert.Empty(summary.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(before + 1, await Version(unit, "2023"));
        Assert.Equal(edited, (await Ok(_client, $"/api/units/{unit}/reports/2023")).GetProperty("values").GetProperty("poor_households").GetDecimal());

        var (_, again) = await Upload(file, "text/csv"); // re-import is idempotent
        Assert.Equal(17, again.GetProperty("unchanged").GetInt32());
        Assert.Equal(before + 1, await Version(unit, "2023"));
    }

    private static string Column(IDictionary<string, object> row, string code) => row.Keys.Single(k => k.EndsWith($"({code})"));

    [Fact]
    public async Task MergedCellsLeaveTheRowsTheyCoverWithoutAUnitAndSaySo()
    {
        var rows = new List<Dictionary<string, object?>>
        {
            new() { ["unit"] = "10912", ["period"] = "2028", ["households"] = 100 },
            new() { ["unit"] = "10933", ["period"] = "2028", ["households"] = 200 },
        };
        using var plain = new MemoryStream();
        MiniExcel.SaveAs(plain, rows);
        // Merge A2:A3, as a hand-edited sheet might: the second commune's code disappears under the merge.
        using var merged = new MemoryStream();
        plain.Position = 0;
        plain.CopyTo(merged);
        using (var zip = new System.IO.Compression.ZipArchive(merged, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }
            xml = System.Text.RegularExpressions.Regex.Replace(xml, "(<x:c r=\"A3\"[^>]*>.*?</x:c>|<c r=\"A3\"[^>]*>.*?</c>)", "");
            xml = xml.Replace("</x:sheetData>", "</x:sheetData><x:mergeCells count=\"1\"><x:mergeCell ref=\"A2:A3\"/></x:mergeCells>")
                .Replace("</sheetData>", "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A2:A3\"/></mergeCells>");
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            writer.Write(xml);
        }
        var (status, summary) = await Upload(merged.ToArray(), Xlsx);
        Assert.True(status == 200, summary.ToString());
        Assert.Equal(1, summary.GetProperty("created").GetInt32());
        var conflict = Assert.Single(summary.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(3, conflict.GetProperty("row").GetInt32());
        Assert.Equal("unit", conflict.GetProperty("column").GetString());
        Assert.Equal(404, (await Get(_client, "/api/units/10933/reports/2028")).Status);
    }

    [Fact]
    public async Task PlanTemplatesListTheUnitAndItsChildrenWithCurrentTargets()
    {
        var csv = CsvText.Parse(await _client.GetStringAsync("/api/units/296/plans/2023/template.csv"));
        Assert.Equal(18, csv.Count); // header, the district, 16 communes
        var growth = Array.FindIndex(csv[0], h => h.EndsWith("(growth_rate)"));
        Assert.Contains(">=", csv[0][growth]);
        Assert.Equal("296", csv[1][0]);
        Assert.Equal("11", csv[1][growth]);
        var seed = csv.Single(r => r[0] == "10966");
        Assert.Equal("891", seed[Array.FindIndex(csv[0], h => h.EndsWith("(social_income)"))]);
        using var xlsx = await _client.GetAsync("/api/units/296/plans/2023/template.xlsx");
        Assert.Equal(17, MiniExcel.Query(await xlsx.Content.ReadAsStreamAsync(), useHeaderRow: true).Count());
    }

    [Fact]
    public async Task AnXlsxTemplateRoundTripsThroughExcelCellsAsMultipart()
    {
        var template = await _client.GetByteArrayAsync("/api/units/296/reports/2024/template.xlsx");
        var rows = MiniExcel.Query(new MemoryStream(template), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(16, rows.Count);
        foreach (var (row, i) in rows.Select((r, i) => (r, i)))
        {
            row[Column(row, "households")] = 1000 + i;
            row[Column(row, "poor_households")] = 10;
            row[Column(row, "income_total")] = 812.5;
        }
        using var filled = new MemoryStream();
        MiniExcel.SaveAs(filled, rows);

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(filled.ToArray());
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(Xlsx);
        form.Add(file, "file", "bao-cao.xlsx");
        using var response = await _client.PostAsync("/api/import/reports", form);
        var summary = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True((int)response.StatusCode == 200, summary.ToString());
        Assert.Equal(16, summary.GetProperty("created").GetInt32());

        var district = await Ok(_client, "/api/units/296/indicators/2024");
        Assert.Equal(16 * 1000 + 120, district.GetProperty("elements").GetProperty("households").GetDecimal());
        Assert.Equal(16 * 812.5m, district.GetProperty("elements").GetProperty("income_total").GetDecimal());
    }

    [Fact]
    public async Task ADryRunReportsWhatWouldHappenAndStoresNothing()
    {
        var csv = "unit;period;households;poor_households;income_total\n10888;2025;2000;30;812,5\n10891;2025;2500;25;900\n";
        var (_, summary) = await Upload(Encoding.UTF8.GetBytes(csv), "text/csv", "?dryRun=true");
        Assert.Equal(2, summary.GetProperty("created").GetInt32());
        Assert.Equal(404, (await Get(_client, "/api/units/10888/reports/2025")).Status);
    }

    [Fact]
    public async Task AllOrNothingStoresNothingWhenOneRowFailsWhilePerRowStoresTheGoodRows()
    {
        var csv = "\uFEFFMã đơn vị (unit),Tổng số hộ (households),Hộ nghèo (poor_households)\n10894,3000,20\n10897,100,200\n";
        var file = Encoding.UTF8.GetBytes(csv);
        var (_, strict) = await Upload(file, "text/csv", "?period=2026&strategy=all-or-nothing");
        var conflict = Assert.Single(strict.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(3, conflict.GetProperty("row").GetInt32());
        Assert.Equal("poor_households", conflict.GetProperty("column").GetString());
        Assert.Equal(0, strict.GetProperty("created").GetInt32());
        Assert.Equal(404, (await Get(_client, "/api/units/10894/reports/2026")).Status);

        var (_, lenient) = await Upload(file, "text/csv", "?period=2026&strategy=per-row");
        Assert.Equal(1, lenient.GetProperty("created").GetInt32());
        Assert.Single(lenient.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(1, await Version("10894", "2026"));
        Assert.Equal(404, (await Get(_client, "/api/units/10897/reports/2026")).Status);
    }

    [Fact]
    public async Task BadCellsBlankRowsAndUnknownUnitsAreListedRowByRow()
    {
        var csv = "unit,period,households,poor_households,income_total\n"
            + "10900,2027,abc,1,5\n"        // text in a number cell
            + ",,,,\n"                       // blank row
            + "99999,2027,100,1,5\n"         // unknown unit
            + "295,2027,100,1,5\n"           // not a leaf
            + "10903,2027,\"1,234\",1,5\n"   // ambiguous thousands separator
            + "10906,2027,100,1,\"8,3\"\n"  // Vietnamese decimal comma
            + "10909,2027,,,\n";             // listed, nothing filled in
        var (status, summary) = await Upload(Encoding.UTF8.GetBytes(csv), "text/csv");
        Assert.True(status == 200, summary.ToString());
        var conflicts = summary.GetProperty("conflicts").EnumerateArray().Select(c => (c.GetProperty("row").GetInt32(), c.GetProperty("column").GetString())).ToList();
        Assert.Equal([(2, "households"), (4, "unit"), (5, "unit"), (6, "households")], conflicts);
        Assert.Equal(["not_a_number", "unit_not_found", "not_a_leaf", "ambiguous_number"],
            summary.GetProperty("conflicts").EnumerateArray().Select(c => c.GetProperty("code").GetString()));
        Assert.Equal(1, summary.GetProperty("created").GetInt32());
        Assert.Equal(5, summary.GetProperty("ignored").GetInt32()); // four refused rows and one with nothing filled in
        Assert.Equal(8.3m, (await Ok(_client, "/api/units/10906/reports/2027")).GetProperty("values").GetProperty("income_total").GetDecimal());
    }

    [Theory]
    [InlineData("unit,tractors\n10888,1\n", "text/csv")]
    [InlineData("households,poor_households\n1,0\n", "text/csv")]
    [InlineData("", "text/csv")]
    [InlineData("this is not a workbook", Xlsx)]
    public async Task FilesThatAreNotReportSheetsAreRefusedWithNothingStored(string content, string type)
    {
        var (status, problem) = await Upload(Encoding.UTF8.GetBytes(content), type, "?period=2028");
        Assert.True(status == 422, problem.ToString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
        Assert.Equal(404, (await Get(_client, "/api/units/10888/reports/2028")).Status);
    }

    [Fact]
    public async Task FilesOverTheUploadLimitAreRefusedWith413()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/import/reports")
        {
            Content = new ByteArrayContent(new byte[65 * 1024 * 1024]),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
        request.Headers.ExpectContinue = true; // the refusal must not race the upload
        using var response = await _client.SendAsync(request);
        Assert.Equal(413, (int)response.StatusCode);

        // Above the 1 MiB limit of other requests, well below the import limit: accepted.
        var large = "unit,households\n" + string.Concat(Enumerable.Repeat(",\n", 1024 * 1024));
        var (status, summary) = await Upload(Encoding.UTF8.GetBytes(large), "text/csv", "?period=2029");
        Assert.True(status == 200, summary.ToString());
        Assert.Equal(0, summary.GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task UnsupportedTypesAndStrategiesAreRefused()
    {
        Assert.Equal(415, (await Upload("x"u8.ToArray(), "application/pdf")).Status);
        Assert.Equal(400, (await Upload("unit\n"u8.ToArray(), "text/csv", "?strategy=maybe")).Status);
        Assert.Equal(404, (await Get(_client, "/api/units/99999/reports/2023/template.csv")).Status);
    }
}

/// <summary>Indicator and comparison exports carry the same numbers as the JSON answers.</summary>
public sealed class ExportTests(SqliteSampleGateway gateway) : IClassFixture<SqliteSampleGateway>
{
    private readonly HttpClient _client = gateway.Client;

    [Fact]
    public async Task IndicatorExportsListTheUnitThenEachChildWithRealNumbers()
    {
        var json = await Ok(_client, "/api/units/296/indicators/2023");
        using var xlsx = await _client.GetAsync("/api/units/296/indicators/2023?format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        var rows = MiniExcel.Query(await xlsx.Content.ReadAsStreamAsync(), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(17, rows.Count); // the district and its 16 communes
        Assert.Equal("296", rows[0]["Mã đơn vị (unit)"]?.ToString());
        var poverty = rows[0]["Tỷ lệ hộ nghèo (poverty_rate) [%]"];
        Assert.IsType<double>(poverty); // a numeric cell, not text
        Assert.Equal((double)Value(json, "poverty_rate")!.Value, (double)poverty, 9);

        var csv = await _client.GetStringAsync("/api/units/296/indicators/2023?format=csv");
        Assert.Equal(18, csv.TrimEnd().Split("\r\n").Length);
        Assert.Equal(400, (await Get(_client, "/api/units/296/indicators/2023?format=pdf")).Status);
    }

    [Fact]
    public async Task ComparisonExportsKeepTheRanking()
    {
        var json = await Ok(_client, "/api/units/296/comparison/2023?indicator=poverty_rate");
        var csv = (await _client.GetStringAsync("/api/units/296/comparison/2023?indicator=poverty_rate&format=csv")).TrimEnd().Split("\r\n");
        Assert.StartsWith("\uFEFFHạng (rank),Mã đơn vị (unit)", csv[0]);
        Assert.Equal(json.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("unit").GetString()), csv.Skip(1).Select(l => l.Split(',')[1]));
        using var xlsx = await _client.GetAsync("/api/units/296/comparison/2023?indicator=poverty_rate&format=xlsx");
        var rows = MiniExcel.Query(await xlsx.Content.ReadAsStreamAsync(), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(16, rows.Count);
        Assert.Equal(1d, rows[0]["Hạng (rank)"]);
    }
}
