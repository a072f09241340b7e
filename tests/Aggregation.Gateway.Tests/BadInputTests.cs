using System.Text.Json;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

/// <summary>Every refusal of SPEC section 3 and 6: the listed status, a problem naming the field, and nothing stored.</summary>
public sealed class BadInputOnSqlite(SqliteSampleGateway gateway) : BadInputTests(gateway), IClassFixture<SqliteSampleGateway>;

public sealed class BadInputOnPostgres(PostgresSampleGateway gateway) : BadInputTests(gateway), IClassFixture<PostgresSampleGateway>;

public abstract class BadInputTests(SampleGateway gateway)
{
    private readonly HttpClient _client = gateway.Client;
    private const string Commune = "10945";

    public static TheoryData<string, string, int, string> Refusals => new()
    {
        { "unknown element", """{"values":{"households":10,"tractors":3}}""", 422, "tractors" },
        { "string instead of number", """{"values":{"households":"12"}}""", 422, "households" },
        { "null value", """{"values":{"households":null}}""", 422, "households" },
        { "NaN as text", """{"values":{"households":"NaN"}}""", 422, "households" },
        { "Infinity as text", """{"values":{"income_total":"Infinity"}}""", 422, "income_total" },
        { "negative", """{"values":{"income_total":-1}}""", 422, "income_total" },
        { "fractional count", """{"values":{"households":10.5}}""", 422, "households" },
        { "above 1e15", """{"values":{"income_total":1e16}}""", 422, "income_total" },
        { "beyond decimal range", """{"values":{"income_total":1e300}}""", 422, "income_total" },
        { "poor above households", """{"values":{"households":10,"poor_households":11}}""", 422, "poor_households" },
        { "cultural above households", """{"values":{"households":10,"cultural_households":11}}""", 422, "cultural_households" },
        { "malnourished above weighed", """{"values":{"children_under5_weighed":10,"children_under5_malnourished":11}}""", 422, "children_under5_malnourished" },
        { "online above total", """{"values":{"dossiers_total":10,"dossiers_online_l34":11}}""", 422, "dossiers_online_l34" },
        { "more than 19 criteria", """{"values":{"ntm_criteria_met":20}}""", 422, "ntm_criteria_met" },
        { "empty values", """{"values":{}}""", 422, "values" },
        { "no values", """{}""", 400, "values" },
        { "malformed JSON", """{"values":{"households":10""", 400, "" },
        { "NaN literal", """{"values":{"households":NaN}}""", 400, "" },
        { "JSON array body", """[1,2]""", 400, "" },
        { "stale expected version", """{"values":{"households":10},"expectedVersion":99}""", 409, "expectedVersion" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task RefusedReportsChangeNothing(string why, string body, int status, string field)
    {
        var before = await Snapshot();
        var (actual, problem, contentType) = await Send(_client, HttpMethod.Put, $"/api/units/{Commune}/reports/2023", body);

        Assert.True(status == actual, $"{why}: expected {status}, got {actual}: {problem}");
        Assert.Equal("application/problem+json", contentType);
        if (field.Length > 0)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{why}: errors should name '{field}': {problem}");
        }
        Assert.Equal(before, await Snapshot());
    }

    [Theory]
    [InlineData("/api/units/296/reports/2023", """{"values":{"households":10}}""", 422)] // not a leaf
    [InlineData("/api/units/99999/reports/2023", """{"values":{"households":10}}""", 404)]
    [InlineData("/api/units/10945/reports/2023X", """{"values":{"households":10}}""", 400)]
    [InlineData("/api/units/x';DROP%20TABLE%20x/reports/2023", """{"values":{"households":10}}""", 400)]
    [InlineData("/api/units/10945/plans/2023", """{"targets":{"poverty_rate":"low"}}""", 422)]
    [InlineData("/api/units/10945/plans/2023", """{"targets":{"no_such":1}}""", 422)]
    [InlineData("/api/units/10945/plans/2023", """{"targets":{"poverty_rate":{"comparator":"~","value":1}}}""", 422)]
    [InlineData("/api/units/10945/plans/20x3", """{"targets":{}}""", 400)]
    [InlineData("/api/units/new1", """{"name":"","level":"commune","parent":"296"}""", 422)]
    [InlineData("/api/units/new2", """{"name":"Xã Mới","level":"commune","parent":"nowhere"}""", 422)]
    [InlineData("/api/units/30", """{"name":"Tỉnh Hải Dương","level":"province","parent":"10945"}""", 422)] // a cycle
    [InlineData("/api/units/new3", """{"name":"Thôn","level":"village","parent":"10945"}""", 409)] // 10945 has reports
    public async Task OtherRefusalsAreProblemsAndChangeNothing(string path, string body, int status)
    {
        var before = await Snapshot();
        var (actual, problem, contentType) = await Send(_client, HttpMethod.Put, path, body);
        Assert.True(status == actual, $"{path}: expected {status}, got {actual}: {problem}");
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task OversizedBodiesAreRefusedWith413()
    {
        var huge = "{\"values\":{\"households\":1}, \"pad\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/units/{Commune}/reports/2023")
        {
            Content = new StringContent(huge, System.Text.Encoding.UTF8, "application/json"),
        };
        // Wait for the server's verdict before sending the body: otherwise the refusal can close the
        // connection while the client is still writing, and the client sees a broken pipe, not the 413.
        request.Headers.ExpectContinue = true;
        using var response = await _client.SendAsync(request);
        Assert.Equal(413, (int)response.StatusCode);
    }

    [Fact]
    public async Task UnknownThingsAre404Problems()
    {
        Assert.Equal(404, (await Get(_client, "/api/units/99999")).Status);
        Assert.Equal(404, (await Get(_client, "/api/units/99999/indicators/2023")).Status);
        Assert.Equal(404, (await Get(_client, "/api/units/10945/reports/1999")).Status);
        Assert.Equal(422, (await Get(_client, "/api/units/296/comparison/2023?indicator=nope")).Status);
        Assert.Equal(400, (await Get(_client, "/api/units/296/indicators/20233")).Status);
    }

    /// <summary>Everything a refusal could have touched: the commune's history, the district and nation totals, units and plans.</summary>
    private async Task<string> Snapshot()
    {
        var parts = new[]
        {
            $"/api/units/{Commune}/reports/2023/history", "/api/units/296/indicators/2023", "/api/units/VN/indicators/2023",
            "/api/units/296", "/api/units/30", "/api/units/10945/plans/2023",
        };
        var texts = await Task.WhenAll(parts.Select(async p => (await Get(_client, p)).Body.GetRawText()));
        return string.Join("\n", texts) + (await Get(_client, "/api/units/new1")).Status + (await Get(_client, "/api/units/new3")).Status;
    }
}
