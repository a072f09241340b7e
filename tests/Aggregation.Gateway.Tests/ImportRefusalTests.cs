using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MiniExcelLibs;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

/// <summary>Import rows and files that are refused: nothing of them reaches a report, and each refusal names its row, column and value.</summary>
public sealed class ImportRefusalTests(SqliteSampleGateway gateway) : IClassFixture<SqliteSampleGateway>
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private readonly HttpClient _client = gateway.Client;

    private async Task<(int Status, JsonElement Body)> Upload(byte[] file, string contentType, string query = "")
    {
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await _client.PostAsync("/api/import/reports" + query, content);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private Task<(int Status, JsonElement Body)> UploadCsv(string csv, string query = "") => Upload(Encoding.UTF8.GetBytes(csv), "text/csv", query);

    private static List<(int Row, string? Column, string? Value, string Message)> Conflicts(JsonElement summary) =>
        summary.GetProperty("conflicts").EnumerateArray().Select(c => (c.GetProperty("row").GetInt32(), c.GetProperty("column").GetString(),
            c.GetProperty("value").GetString(), c.GetProperty("message").GetString()!)).ToList();

    private static void Counts(JsonElement summary, int created, int updated, int unchanged, int ignored)
    {
        Assert.Equal((created, updated, unchanged, ignored), (summary.GetProperty("created").GetInt32(), summary.GetProperty("updated").GetInt32(),
            summary.GetProperty("unchanged").GetInt32(), summary.GetProperty("ignored").GetInt32()));
    }

    [Fact]
    public async Task EveryRowOfARepeatedUnitAndPeriodIsRefusedNamingTheOthersAndNoneIsStored()
    {
        var csv = "unit,period,households,poor_households\n10945,2031,4800,50\n10969,2031,100,1\n10945,2031,4900,60\n";
        var (status, summary) = await UploadCsv(csv);
        Assert.True(status == 200, summary.ToString());
        var conflicts = Conflicts(summary);
        Assert.Equal([(2, "unit", "10945"), (4, "unit", "10945")], conflicts.Select(c => (c.Row, c.Column, c.Value)));
        Assert.Contains("row 4", conflicts[0].Message);
        Assert.Contains("row 2", conflicts[1].Message);
        Counts(summary, created: 1, updated: 0, unchanged: 0, ignored: 2);
        Assert.Equal(404, (await Get(_client, "/api/units/10945/reports/2031")).Status);
        Assert.Equal(1, (await Ok(_client, "/api/units/10969/reports/2031")).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task ACsvRowWithMoreFilledCellsThanTheHeaderIsRefused()
    {
        var csv = "unit,period,households\n10951,2032,100,7\n10954,2032,200,\n";
        var (_, summary) = await UploadCsv(csv);
        var conflict = Assert.Single(Conflicts(summary));
        Assert.Equal(2, conflict.Row);
        Assert.Equal("7", conflict.Value);
        Assert.Contains("header", conflict.Message);
        Counts(summary, created: 1, updated: 0, unchanged: 0, ignored: 1);
        Assert.Equal(404, (await Get(_client, "/api/units/10951/reports/2032")).Status);
    }

    [Fact]
    public async Task AnUnterminatedQuoteIsAConflictOnTheRowWhereItOpens()
    {
        var csv = "unit,period,households\n10972,2033,100\n10960,2033,\"200\n10963,2033,300\n";
        var (status, summary) = await UploadCsv(csv);
        Assert.True(status == 200, summary.ToString());
        var conflict = Assert.Single(Conflicts(summary));
        Assert.Equal((3, "households"), (conflict.Row, conflict.Column));
        Assert.Contains("quote", conflict.Message);
        Counts(summary, created: 1, updated: 0, unchanged: 0, ignored: 1);
        Assert.Equal(404, (await Get(_client, "/api/units/10960/reports/2033")).Status);
        Assert.Equal(404, (await Get(_client, "/api/units/10963/reports/2033")).Status);
    }

    [Fact]
    public async Task ALockedRowNamesThePeriodColumnWithItsValue()
    {
        Assert.Equal(200, (await Send(_client, HttpMethod.Post, "/api/units/10966/approvals/2023")).Status);
        var (_, fromColumn) = await UploadCsv("Mã đơn vị (unit),Kỳ báo cáo (period),Tổng số hộ (households)\n10966,2023,10\n");
        Assert.Equal((2, "period", "2023"), Conflicts(fromColumn).Select(c => (c.Row, c.Column, c.Value)).Single());
        var (_, fromQuery) = await UploadCsv("unit,households\n10966,10\n", "?period=2023");
        Assert.Equal((2, "period", "2023"), Conflicts(fromQuery).Select(c => (c.Row, c.Column, c.Value)).Single());
    }

    [Fact]
    public async Task ACellThatIsNotANumberIsNamedByItsColumnCode()
    {
        var (_, summary) = await UploadCsv("Mã đơn vị (unit),Kỳ báo cáo (period),Tổng số hộ (households)\n10984,2034,abc\n");
        Assert.Equal((2, "households", "abc"), Conflicts(summary).Select(c => (c.Row, c.Column, c.Value)).Single());
    }

    public static TheoryData<string> BrokenSheets => new()
    {
        "cut",      // the sheet XML ends in the middle of a data row
        "garbled",  // a data row is not XML
    };

    [Theory]
    [MemberData(nameof(BrokenSheets))]
    public async Task AnXlsxWhoseSheetIsBrokenAfterTheHeaderIsRefusedWithNothingStored(string damage)
    {
        using var sheet = new MemoryStream();
        MiniExcel.SaveAs(sheet, new[]
        {
            new Dictionary<string, object?> { ["unit"] = "10987", ["period"] = "2035", ["households"] = 100 },
            new Dictionary<string, object?> { ["unit"] = "10990", ["period"] = "2035", ["households"] = 200 },
        });
        var broken = RewriteSheet(sheet.ToArray(), xml =>
        {
            var secondRow = xml.IndexOf("<x:row r=\"3\"", StringComparison.Ordinal) is var i and >= 0 ? i : xml.IndexOf("<row r=\"3\"", StringComparison.Ordinal);
            Assert.True(secondRow > 0, xml);
            return damage == "cut" ? xml[..(secondRow + 20)] : xml[..secondRow] + "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</c></row>" + xml[secondRow..];
        });
        var (status, problem) = await Upload(broken, Xlsx);
        Assert.True(status is 400 or 422, $"{status} {problem}");
        Assert.Contains("sheet", problem.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Equal(404, (await Get(_client, "/api/units/10987/reports/2035")).Status);
    }

    private static byte[] RewriteSheet(byte[] workbook, Func<string, string> rewrite)
    {
        using var buffer = new MemoryStream();
        buffer.Write(workbook);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            writer.Write(rewrite(xml));
        }
        return buffer.ToArray();
    }

    [Theory]
    [InlineData("multipart/form-data", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\n\r\nunit,households\n10993,1\r\n--b--\r\n")]
    [InlineData("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\n\r\nunit,households\n10993,1\n")]
    [InlineData("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\n")]
    public async Task AMultipartBodyWithoutItsBoundaryIsRefusedAs400(string contentType, string body)
    {
        var (status, problem) = await Upload(Encoding.UTF8.GetBytes(body), contentType, "?period=2036");
        Assert.True(status == 400, $"{status} {problem}");
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _), problem.ToString());
        Assert.Equal(404, (await Get(_client, "/api/units/10993/reports/2036")).Status);
    }
}
