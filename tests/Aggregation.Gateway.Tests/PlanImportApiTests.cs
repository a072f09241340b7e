using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using MiniExcelLibs;
using static Aggregation.Gateway.Tests.Http;
using Encoding = System.Text.Encoding;

namespace Aggregation.Gateway.Tests;

/// <summary>The plan template back in through the plan's PUT: round trips, dry runs, and every bad file refused whole.</summary>
public abstract class PlanImportApiTests(SampleGateway sample)
{
    private readonly HttpClient _client = sample.Client;
    private const string District = "296";
    private const string Xlsx = Aggregation.Gateway.Import.ReportSheet.XlsxContentType;

    private async Task<(int Status, JsonElement Body)> Upload(int year, HttpContent content, string query = "", string unit = District)
    {
        using var response = await _client.PutAsync($"/api/units/{unit}/plans/{year}{query}", content);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private Task<(int Status, JsonElement Body)> UploadCsv(int year, IEnumerable<string[]> table, string query = "")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(CsvText.Write(table)));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return Upload(year, content, query);
    }

    private async Task<List<string[]>> CsvTemplate(int year) =>
        CsvText.Parse(await _client.GetStringAsync($"/api/units/{District}/plans/{year}/template.csv"));

    private static int Column(string[] header, string code) => Array.FindIndex(header, h => h.EndsWith($"({code})"));

    private async Task<JsonElement?> Target(string unit, int year, string indicator)
    {
        var (status, plan, _) = await Get(_client, $"/api/units/{unit}/plans/{year}");
        return status == 200 && plan.GetProperty("targets").TryGetProperty(indicator, out var t) ? t : null;
    }

    private static void AssertCounts(JsonElement summary, int rows, int created, int updated, int unchanged)
    {
        Assert.True(summary.GetProperty("conflicts").GetArrayLength() == 0, summary.ToString());
        Assert.Equal((rows, created, updated, unchanged, rows - created - updated - unchanged),
            (summary.GetProperty("rows").GetInt32(), summary.GetProperty("created").GetInt32(), summary.GetProperty("updated").GetInt32(),
             summary.GetProperty("unchanged").GetInt32(), summary.GetProperty("ignored").GetInt32()));
    }

    [Fact]
    public async Task TheSeedPlansTemplateGoesBackInUnchangedAndAnEditChangesOnlyItsTarget()
    {
        var table = await CsvTemplate(2023);
        var header = table[0];
        var withTargets = table.Skip(1).Count(r => r.Skip(3).Any(c => c.Length > 0));
        Assert.True(withTargets > 1, "the sample has plans for 2023");

        var (status, same) = await UploadCsv(2023, table);
        Assert.True(status == 200, same.ToString());
        AssertCounts(same, table.Count - 1, 0, 0, withTargets);

        var income = Column(header, "social_income");
        var seed = table.Single(r => r[0] == "10966");
        var comparator = (await Target("10966", 2023, "social_income"))!.Value.GetProperty("comparator").GetString();
        seed[income] = "950,5"; // a Vietnamese decimal comma, as a spreadsheet in Vietnamese writes it
        var (_, edited) = await UploadCsv(2023, table);
        AssertCounts(edited, table.Count - 1, 0, 1, withTargets - 1);
        var target = (await Target("10966", 2023, "social_income"))!.Value;
        Assert.Equal(950.5m, target.GetProperty("value").GetDecimal());
        Assert.Equal(comparator, target.GetProperty("comparator").GetString());

        var again = await CsvTemplate(2023);
        Assert.Equal("950.5", again.Single(r => r[0] == "10966")[income]);
        var (_, twice) = await UploadCsv(2023, again);
        AssertCounts(twice, table.Count - 1, 0, 0, withTargets);
    }

    [Fact]
    public async Task AnXlsxTemplateFilledInIsCheckedByADryRunThenStored()
    {
        using var download = await _client.GetAsync($"/api/units/{District}/plans/2036/template.xlsx");
        var rows = MiniExcel.Query(await download.Content.ReadAsStreamAsync(), useHeaderRow: true)
            .Cast<IDictionary<string, object?>>().Select(r => new Dictionary<string, object?>(r)).ToList();
        var poverty = rows[0].Keys.Single(k => k.EndsWith("(poverty_rate)"));
        var income = rows[0].Keys.Single(k => k.EndsWith("(social_income)"));
        var commune = Convert.ToString(rows[1].Values.First(), CultureInfo.InvariantCulture)!;
        Assert.Equal(District, Convert.ToString(rows[0].Values.First(), CultureInfo.InvariantCulture));
        rows[0][poverty] = 0.9m;
        rows[1][income] = 1000m;
        using var file = new MemoryStream();
        MiniExcel.SaveAs(file, rows);

        MultipartFormDataContent Form()
        {
            var form = new MultipartFormDataContent();
            var part = new ByteArrayContent(file.ToArray());
            part.Headers.ContentType = new MediaTypeHeaderValue(Xlsx);
            form.Add(part, "file", "ke-hoach-296-2036.xlsx");
            return form;
        }

        var (status, dry) = await Upload(2036, Form(), "?dryRun=true");
        Assert.True(status == 200, dry.ToString());
        AssertCounts(dry, rows.Count, 2, 0, 0);
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.Equal(404, (await Get(_client, $"/api/units/{District}/plans/2036")).Status);

        var (_, stored) = await Upload(2036, Form());
        AssertCounts(stored, rows.Count, 2, 0, 0);
        var target = (await Target(District, 2036, "poverty_rate"))!.Value;
        Assert.Equal(("<=", 0.9m), (target.GetProperty("comparator").GetString(), target.GetProperty("value").GetDecimal()));
        Assert.Equal(1000m, (await Target(commune, 2036, "social_income"))!.Value.GetProperty("value").GetDecimal());
    }

    [Theory]
    [InlineData("99999", "", "social_income", "100", "unit", "unit_not_found")]
    [InlineData("295", "", "social_income", "100", "unit", "unit_not_under")]
    [InlineData("", "", "social_income", "100", "unit", "invalid_code")]
    [InlineData("COMMUNE", "2036", "social_income", "100", "year", "year_mismatch")]
    [InlineData("COMMUNE", "", "social_income", "abc", "social_income", "not_a_number")]
    [InlineData("COMMUNE", "", "social_income", "1,234", "social_income", "ambiguous_number")]
    [InlineData("COMMUNE", "", "poverty_rate", "-5", "poverty_rate", "negative")]
    [InlineData("COMMUNE", "", "growth_rate", "-150", "growth_rate", "below_minimum")]
    [InlineData("COMMUNE", "", "social_income", "1e16", "social_income", "out_of_range")]
    [InlineData("GOOD", "", "social_income", "200", "unit", "repeated_row")]
    public async Task ABadRowRefusesTheWholeFileNamingItsCell(string unit, string year, string indicator, string value, string column, string code)
    {
        var header = (await CsvTemplate(2037))[0];
        var communes = (await CsvTemplate(2037)).Skip(2).Select(r => r[0]).ToList();
        var (good, other) = (communes[0], communes[1]);
        var bad = new string[header.Length];
        Array.Fill(bad, "");
        bad[0] = unit switch { "COMMUNE" => other, "GOOD" => good, _ => unit };
        bad[2] = year;
        bad[Column(header, indicator)] = value;
        var fine = new string[header.Length];
        Array.Fill(fine, "");
        fine[0] = good;
        fine[Column(header, "social_income")] = "100";

        var (status, summary) = await UploadCsv(2037, [header, fine, bad]);

        Assert.True(status == 200, summary.ToString());
        var conflicts = summary.GetProperty("conflicts").EnumerateArray().ToList();
        Assert.Contains(conflicts, c => c.GetProperty("row").GetInt32() == 3 && c.GetProperty("column").GetString() == column && c.GetProperty("code").GetString() == code);
        Assert.Equal((2, 0, 0, 0, 2), (summary.GetProperty("rows").GetInt32(), summary.GetProperty("created").GetInt32(), summary.GetProperty("updated").GetInt32(),
            summary.GetProperty("unchanged").GetInt32(), summary.GetProperty("ignored").GetInt32()));
        Assert.Null(await Target(good, 2037, "social_income"));
        Assert.Null(await Target(other, 2037, indicator));
    }

    [Fact]
    public async Task ABadRowLeavesAStoredPlanWithTheTargetsItHad()
    {
        var table = await CsvTemplate(2040);
        var header = table[0];
        var (commune, other) = (table[2][0], table[3][0]);
        var (status, plan, _) = await Send(_client, HttpMethod.Put, $"/api/units/{commune}/plans/2040", """{"targets":{"social_income":100,"poverty_rate":2}}""");
        Assert.True(status == 200, plan.ToString());
        string[] Row(string unit, string indicator, string value)
        {
            var row = new string[header.Length];
            Array.Fill(row, "");
            row[0] = unit;
            row[Column(header, indicator)] = value;
            return row;
        }

        var (imported, summary) = await UploadCsv(2040, [header, Row(commune, "social_income", "200"), Row(other, "poverty_rate", "-5")]);

        Assert.True(imported == 200, summary.ToString());
        Assert.Equal("negative", Assert.Single(summary.GetProperty("conflicts").EnumerateArray()).GetProperty("code").GetString());
        Assert.Equal(plan.GetProperty("targets").GetRawText(), (await Ok(_client, $"/api/units/{commune}/plans/2040")).GetProperty("targets").GetRawText());
        Assert.Equal(404, (await Get(_client, $"/api/units/{other}/plans/2040")).Status);
    }

    /// <summary>
    /// A JSON PUT sets three targets, the file two of them: taken in turn by the plan's grain, the plan ends as the
    /// JSON plan (the file came first, its summary says created) or the file's two over the JSON plan (it came
    /// second, updated); never the file's two alone, which would lose the third target the PUT stored.
    /// </summary>
    [Fact]
    public async Task AnImportRacingAJsonPutEndsWithOneOfTheTwoWholeWrites()
    {
        var table = await CsvTemplate(2041);
        var (header, commune) = (table[0], table[2][0]);
        var row = new string[header.Length];
        Array.Fill(row, "");
        row[0] = commune;
        row[Column(header, "social_income")] = "700";
        row[Column(header, "poverty_rate")] = "1.5";
        var json = new Dictionary<string, decimal> { ["social_income"] = 500m, ["poverty_rate"] = 3m, ["growth_rate"] = 7m };
        var merged = new Dictionary<string, decimal>(json) { ["social_income"] = 700m, ["poverty_rate"] = 1.5m };

        for (var year = 2041; year < 2061; year++)
        {
            var put = Send(_client, HttpMethod.Put, $"/api/units/{commune}/plans/{year}",
                """{"targets":{"social_income":500,"poverty_rate":3,"growth_rate":7}}""");
            var import = UploadCsv(year, [header, row]);
            await Task.WhenAll(put, import);

            Assert.Equal(200, (await put).Status);
            var (status, summary) = await import;
            Assert.True(status == 200, summary.ToString());
            var stored = (await Ok(_client, $"/api/units/{commune}/plans/{year}")).GetProperty("targets").EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.GetProperty("value").GetDecimal());
            var created = summary.GetProperty("created").GetInt32() == 1;
            Assert.Equal(created ? json : merged, stored);
        }
    }

    [Fact]
    public async Task AFileThatIsNoPlanSheetIsRefusedNamingTheFile()
    {
        var header = (await CsvTemplate(2038))[0];
        var renamed = header.Select(h => h.EndsWith("(poverty_rate)") ? "Hộ nghèo (poor_households)" : h).ToArray();
        var (status, problem) = await UploadCsv(2038, [renamed, ["10966", "", "", .. Enumerable.Repeat("1", header.Length - 3)]]);
        Assert.Equal(422, status);
        var error = Assert.Single(problem.GetProperty("fieldErrors").EnumerateArray());
        Assert.Equal(("file", "unreadable_file"), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        Assert.Contains("poor_households", error.GetProperty("message").GetString());

        // A report sheet from another program is a report, not a plan.
        var foreign = new ByteArrayContent(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "report-libreoffice-formula-with-value.xlsx")));
        foreign.Headers.ContentType = new MediaTypeHeaderValue(Xlsx);
        var (foreignStatus, foreignProblem) = await Upload(2038, foreign);
        Assert.Equal(422, foreignStatus);
        Assert.Equal("file", foreignProblem.GetProperty("fieldErrors")[0].GetProperty("field").GetString());
        Assert.Equal(404, (await Get(_client, "/api/units/10966/plans/2038")).Status);
    }

    [Fact]
    public async Task TheFileGoesToAUnitThatExistsAsCsvOrXlsxAndJsonStaysAsItWas()
    {
        var csv = new StringContent("Mã đơn vị (unit),(social_income)\n10966,1\n", Encoding.UTF8, "text/csv");
        Assert.Equal(404, (await Upload(2039, csv, unit: "99999")).Status);
        var text = new StringContent("10966,1", Encoding.UTF8, "text/plain");
        Assert.Equal(415, (await Upload(2039, text)).Status);

        var (status, plan, _) = await Send(_client, HttpMethod.Put, "/api/units/10966/plans/2039", """{"targets":{"social_income":5}}""");
        Assert.True(status == 200, plan.ToString());
        Assert.Equal(5m, plan.GetProperty("targets").GetProperty("social_income").GetProperty("value").GetDecimal());

        // The document shows one PUT that takes JSON or a file.
        var document = await Ok(_client, "/openapi/v1.json");
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("ImportSummary", out _));
        var put = document.GetProperty("paths").GetProperty("/api/units/{code}/plans/{year}").GetProperty("put");
        Assert.Equal("PutPlan", put.GetProperty("operationId").GetString());
        var types = put.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Subset(types.ToHashSet(), new HashSet<string> { "application/json", "text/csv", Xlsx, "multipart/form-data" });
        var ok = put.GetProperty("responses").GetProperty("200").GetRawText();
        Assert.True(ok.Contains("#/components/schemas/ImportSummary") && ok.Contains("#/components/schemas/PlanView"), ok);
    }
}

public sealed class PlanImportOnSqlite(SqliteSampleGateway sample) : PlanImportApiTests(sample), IClassFixture<SqliteSampleGateway>;

public sealed class PlanImportOnPostgres(PostgresSampleGateway sample) : PlanImportApiTests(sample), IClassFixture<PostgresSampleGateway>;
