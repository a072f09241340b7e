using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

public sealed class DataValueSetsApiOnSqlite(SqliteSampleGateway gateway) : DataValueSetsApiTests(gateway), IClassFixture<SqliteSampleGateway>;

public sealed class DataValueSetsApiOnPostgres(PostgresSampleGateway gateway) : DataValueSetsApiTests(gateway), IClassFixture<PostgresSampleGateway>;

/// <summary>
/// DHIS2's data value sets (SPEC section 12) on the sample province: merges into one version per (orgUnit, period),
/// per-group atomicity, dry runs, strategies, the import summary, reading back, and keys sent as ApiToken.
/// Each test writes its own years, so the tests of a class never meet.
/// </summary>
public abstract class DataValueSetsApiTests(SampleGateway gateway)
{
    private readonly HttpClient _client = gateway.Client;

    /// <summary>The communes of district 295 (Cẩm Giàng), in the order the unit lists them.</summary>
    private async Task<string[]> Communes() =>
        (await Ok(_client, "/api/units/295")).GetProperty("children").EnumerateArray().Select(c => c.GetProperty("code").GetString()!).ToArray();

    private static readonly Dictionary<string, decimal> Full = new()
    {
        ["households"] = 1000, ["poor_households"] = 30, ["population"] = 4000, ["income_total"] = 120,
    };

    private async Task PutReport(string unit, string period, Dictionary<string, decimal> values)
    {
        var (status, body, _) = await Put(_client, $"/api/units/{unit}/reports/{period}", new { values });
        Assert.True(status == 200, $"PUT {unit}/{period}: {status} {body}");
    }

    private async Task<(int Version, Dictionary<string, decimal> Values)> Report(string unit, string period)
    {
        var (status, body, _) = await Get(_client, $"/api/units/{unit}/reports/{period}");
        return status == 404
            ? (0, [])
            : (body.GetProperty("version").GetInt32(), body.GetProperty("values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDecimal()));
    }

    private async Task<(int Status, JsonElement Body)> Post(object set, string query = "", HttpClient? client = null, AuthenticationHeaderValue? auth = null) =>
        await PostText(JsonSerializer.Serialize(set), query, client, auth);

    private async Task<(int Status, JsonElement Body)> PostText(string json, string query = "", HttpClient? client = null, AuthenticationHeaderValue? auth = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/dataValueSets" + query) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (auth is not null)
        {
            request.Headers.Authorization = auth;
        }
        using var response = await (client ?? _client).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static object Value(string element, object value, string? orgUnit = null, string? period = null) =>
        new { dataElement = element, value, orgUnit, period };

    private static (int Imported, int Updated, int Ignored, int Deleted) Count(JsonElement answer)
    {
        var c = answer.GetProperty("response").GetProperty("importCount");
        return (c.GetProperty("imported").GetInt32(), c.GetProperty("updated").GetInt32(), c.GetProperty("ignored").GetInt32(), c.GetProperty("deleted").GetInt32());
    }

    private static List<JsonElement> Conflicts(JsonElement answer) => answer.GetProperty("response").GetProperty("conflicts").EnumerateArray().ToList();

    [Fact]
    public async Task TheValuesOfAnOrgUnitAndPeriodBecomeOneVersionKeepingTheOtherElements()
    {
        var unit = (await Communes())[0];
        await PutReport(unit, "2041", Full);

        var (status, answer) = await Post(new
        {
            period = "2041", orgUnit = unit,
            dataValues = new[] { Value("households", "1000"), Value("poor_households", 40), Value("cultural_households", "512") },
        });
        Assert.True(status == 200, answer.ToString());
        Assert.Equal("OK", answer.GetProperty("status").GetString());
        Assert.Equal(200, answer.GetProperty("httpStatusCode").GetInt32());
        Assert.Equal("ImportSummary", answer.GetProperty("response").GetProperty("responseType").GetString());
        Assert.Equal("SUCCESS", answer.GetProperty("response").GetProperty("status").GetString());
        Assert.Equal((1, 1, 1, 0), Count(answer));
        Assert.Empty(Conflicts(answer));

        var (version, values) = await Report(unit, "2041");
        Assert.Equal(2, version);
        Assert.Equal(40m, values["poor_households"]);
        Assert.Equal(512m, values["cultural_households"]);
        Assert.Equal(4000m, values["population"]);
        Assert.Equal(120m, values["income_total"]);
        Assert.Equal(5, values.Count);

        // Nothing changed: every value ignored, no version added.
        var (_, again) = await Post(new { period = "2041", orgUnit = unit, dataValues = new[] { Value("poor_households", "40"), Value("cultural_households", 512.0m) } });
        Assert.Equal((0, 0, 2, 0), Count(again));
        Assert.Equal(2, (await Report(unit, "2041")).Version);
    }

    [Fact]
    public async Task CodesReadTheSameWrittenPlainOrEscapedAndInAnyOrder()
    {
        var communes = await Communes();
        var (a, b) = (communes[0], communes[1]);
        // The units alternate, so a code repeats only after another; \u escapes spell the same codes.
        var json = $$"""
            {"dataValues": [
              {"dataElement": "households", "period": "2049", "orgUnit": "{{a}}", "value": "100"},
              {"dataElement": "households", "period": "2049", "orgUnit": "{{b}}", "value": "200"},
              {"dataElement": "\u0070oor_households", "period": "2049", "orgUnit": "{{a}}", "value": "3"},
              {"dataElement": "poor_households", "period": "\u0032049", "orgUnit": "{{b}}", "value": "4"},
              {"dataElement": "population", "period": "2049", "orgUnit": "{{string.Concat(a.Select(c => $"\\u{(int)c:x4}"))}}", "value": "400"}
            ]}
            """;
        var (status, answer) = await PostText(json);
        Assert.True(status == 200, answer.ToString());
        Assert.Equal((5, 0, 0, 0), Count(answer));
        Assert.Equal(new Dictionary<string, decimal> { ["households"] = 100, ["poor_households"] = 3, ["population"] = 400 }, (await Report(a, "2049")).Values);
        Assert.Equal(new Dictionary<string, decimal> { ["households"] = 200, ["poor_households"] = 4 }, (await Report(b, "2049")).Values);
    }

    [Fact]
    public async Task AGroupWithARefusedValueStoresNoneOfItsValuesAndTheOtherGroupsAreStored()
    {
        var communes = await Communes();
        var (good, bad) = (communes[1], communes[2]);
        await PutReport(bad, "2042", Full);

        var (status, answer) = await Post(new
        {
            period = "2042",
            dataValues = new[]
            {
                Value("households", 800, good), Value("poor_households", 20, good),
                Value("population", 4100, bad), Value("poor_households", 1500, bad), // more poor households than households
            },
        });
        Assert.Equal(409, status);
        Assert.Equal("WARNING", answer.GetProperty("status").GetString());
        Assert.Equal("Conflict", answer.GetProperty("httpStatus").GetString());
        Assert.Equal("WARNING", answer.GetProperty("response").GetProperty("status").GetString());
        Assert.Equal((2, 0, 2, 0), Count(answer));
        var conflict = Assert.Single(Conflicts(answer));
        Assert.Equal($"{bad}/2042/poor_households", conflict.GetProperty("object").GetString());
        Assert.Equal("value", conflict.GetProperty("property").GetString());
        Assert.StartsWith("exceeds_", conflict.GetProperty("errorCode").GetString());
        Assert.Equal([3], conflict.GetProperty("indexes").EnumerateArray().Select(i => i.GetInt32()));

        var (badVersion, badValues) = await Report(bad, "2042");
        Assert.Equal(1, badVersion);
        Assert.Equal(Full, badValues);
        Assert.Equal(1, (await Report(good, "2042")).Version);

        // Every value refused: nothing stored, ERROR.
        var (allStatus, all) = await Post(new { period = "2042", orgUnit = bad, dataValues = new[] { Value("poor_households", 1001) } });
        Assert.Equal(409, allStatus);
        Assert.Equal("ERROR", all.GetProperty("status").GetString());
        Assert.Equal("ERROR", all.GetProperty("response").GetProperty("status").GetString());
        Assert.Equal((0, 0, 1, 0), Count(all));
        Assert.Equal(1, (await Report(bad, "2042")).Version);
    }

    [Fact]
    public async Task ADryRunAnswersWhatTheImportWouldAndStoresNothing()
    {
        var communes = await Communes();
        await PutReport(communes[3], "2043", Full);
        var set = new
        {
            period = "2043",
            dataValues = new[]
            {
                Value("poor_households", 31, communes[3]), Value("insured_people", 900, communes[3]),
                Value("households", 500, communes[4]), Value("poor_households", "many", communes[4]),
            },
        };

        var (dryStatus, dry) = await Post(set, "?dryRun=true");
        var (version, values) = await Report(communes[3], "2043");
        Assert.Equal(1, version);
        Assert.Equal(Full, values);
        Assert.Equal(0, (await Report(communes[4], "2043")).Version);

        var (status, real) = await Post(set);
        Assert.Equal(status, dryStatus);
        Assert.True(dry.GetProperty("response").GetProperty("importOptions").GetProperty("dryRun").GetBoolean());
        Assert.Equal(Count(real), Count(dry));
        Assert.Equal((1, 1, 2, 0), Count(real));
        Assert.Equal(Conflicts(real).Select(c => c.ToString()), Conflicts(dry).Select(c => c.ToString()));
        Assert.Equal(2, (await Report(communes[3], "2043")).Version);
    }

    [Fact]
    public async Task DeleteRemovesTheNamedElementsAndAnEmptyValueRemovesOne()
    {
        var unit = (await Communes())[5];
        await PutReport(unit, "2044", Full);

        var (status, answer) = await Post(new { period = "2044", orgUnit = unit, dataValues = new[] { Value("income_total", ""), Value("cultural_households", "") } },
            "?importStrategy=DELETE");
        Assert.True(status == 200, answer.ToString());
        Assert.Equal((0, 0, 1, 1), Count(answer)); // cultural_households was never there
        var (version, values) = await Report(unit, "2044");
        Assert.Equal(2, version);
        Assert.False(values.ContainsKey("income_total"));
        Assert.Equal(3, values.Count);

        // Under the default strategy an empty value removes its element, the others apply in the same version.
        var (_, mixed) = await Post(new { period = "2044", orgUnit = unit, dataValues = new[] { Value("population", ""), Value("poor_households", 25) } });
        Assert.Equal((0, 1, 0, 1), Count(mixed));
        (version, values) = await Report(unit, "2044");
        Assert.Equal(3, version);
        Assert.Equal(new Dictionary<string, decimal> { ["households"] = 1000, ["poor_households"] = 25 }, values);

        // A report cannot be emptied: deleting every element is refused and changes nothing.
        var (emptyStatus, empty) = await Post(new { period = "2044", orgUnit = unit, dataValues = new[] { Value("households", ""), Value("poor_households", "") } },
            "?importStrategy=DELETE");
        Assert.Equal(409, emptyStatus);
        Assert.Equal("required", Assert.Single(Conflicts(empty)).GetProperty("errorCode").GetString());
        Assert.Equal(3, (await Report(unit, "2044")).Version);
    }

    [Fact]
    public async Task CreateOnlyAddsElementsAndUpdateOnlyChangesThem()
    {
        var unit = (await Communes())[6];
        await PutReport(unit, "2045", Full);

        var (_, create) = await Post(new { period = "2045", orgUnit = unit, dataValues = new[] { Value("poor_households", 10), Value("cultural_households", 300) } },
            "?importStrategy=CREATE");
        Assert.Equal((1, 0, 1, 0), Count(create));
        var (_, values) = await Report(unit, "2045");
        Assert.Equal(30m, values["poor_households"]);
        Assert.Equal(300m, values["cultural_households"]);

        var (_, update) = await Post(new { period = "2045", orgUnit = unit, dataValues = new[] { Value("poor_households", 10), Value("insured_people", 700) } },
            "?importStrategy=update");
        Assert.Equal((0, 1, 1, 0), Count(update));
        (_, values) = await Report(unit, "2045");
        Assert.Equal(10m, values["poor_households"]);
        Assert.False(values.ContainsKey("insured_people"));
    }

    [Fact]
    public async Task ValidationJudgesTheReportThatWouldResult()
    {
        var unit = (await Communes())[7];
        await PutReport(unit, "2046", Full);
        var (status, answer) = await Post(new { period = "2046", orgUnit = unit, dataValues = new[] { Value("poor_households", 1001) } });
        Assert.Equal(409, status);
        var conflict = Assert.Single(Conflicts(answer));
        Assert.Equal($"{unit}/2046/poor_households", conflict.GetProperty("object").GetString());
        Assert.Equal(1, (await Report(unit, "2046")).Version);
    }

    [Fact]
    public async Task WhatIsReadBackAndPostedAgainChangesNothing()
    {
        var (status, set, contentType) = await Get(_client, "/api/dataValueSets?orgUnit=295&period=2023&children=true");
        Assert.Equal(200, status);
        Assert.Equal("application/json", contentType);
        var values = set.GetProperty("dataValues").EnumerateArray().ToList();
        var communes = await Communes();
        Assert.Equal(communes.ToHashSet(), values.Select(v => v.GetProperty("orgUnit").GetString()!).ToHashSet());
        var first = await Report(communes[0], "2023");
        var hers = values.Where(v => v.GetProperty("orgUnit").GetString() == communes[0]).ToList();
        Assert.Equal(first.Values.Count, hers.Count);
        Assert.All(hers, v =>
        {
            Assert.Equal("2023", v.GetProperty("period").GetString());
            Assert.Equal("default", v.GetProperty("categoryOptionCombo").GetString());
            Assert.Equal(first.Values[v.GetProperty("dataElement").GetString()!], decimal.Parse(v.GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        });
        var versions = await Task.WhenAll(communes.Select(c => Report(c, "2023")));

        var (postStatus, answer) = await PostText(set.ToString());
        Assert.True(postStatus == 200, answer.ToString());
        Assert.Equal((0, 0, values.Count, 0), Count(answer));
        Assert.Equal(versions.Select(v => v.Version), (await Task.WhenAll(communes.Select(c => Report(c, "2023")))).Select(v => v.Version));

        // A unit that is not a leaf stores no values of its own; one element can be asked for.
        Assert.Empty((await Ok(_client, "/api/dataValueSets?orgUnit=295&period=2023")).GetProperty("dataValues").EnumerateArray());
        var one = await Ok(_client, $"/api/dataValueSets?orgUnit={communes[0]}&orgUnit={communes[1]}&period=2023&dataElement=households");
        Assert.Equal(2, one.GetProperty("dataValues").GetArrayLength());
    }

    [Fact]
    public async Task KeysAreTakenAsApiTokensWithTheirScopes()
    {
        var communes = await Communes();
        var (reporter, _) = await Keys.Create(_client, "DHIS2 exchange", "reporter", communes[8]);
        var (analyst, _) = await Keys.Create(_client, "DHIS2 reader", "analyst", "295");
        using var bare = gateway.Factory.ClientWithKey(null);

        var (status, answer) = await Post(new
        {
            period = "2047",
            dataValues = new[] { Value("households", 900, communes[8]), Value("households", 900, communes[9]) },
        }, client: bare, auth: new AuthenticationHeaderValue("ApiToken", reporter));
        Assert.Equal(409, status);
        Assert.Equal((1, 0, 1, 0), Count(answer));
        var conflict = Assert.Single(Conflicts(answer));
        Assert.Equal($"{communes[9]}/2047", conflict.GetProperty("object").GetString());
        Assert.Equal("forbidden", conflict.GetProperty("errorCode").GetString());
        Assert.Equal(1, (await Report(communes[8], "2047")).Version);
        Assert.Equal(0, (await Report(communes[9], "2047")).Version);

        // An analyst reads with ApiToken inside its scope, and may not write.
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/dataValueSets?orgUnit={communes[8]}&period=2047");
        read.Headers.Authorization = new AuthenticationHeaderValue("ApiToken", analyst);
        using var readAnswer = await bare.SendAsync(read);
        Assert.Equal(200, (int)readAnswer.StatusCode);
        using var outside = new HttpRequestMessage(HttpMethod.Get, "/api/dataValueSets?orgUnit=296&period=2023");
        outside.Headers.Authorization = new AuthenticationHeaderValue("ApiToken", analyst);
        Assert.Equal(403, (int)(await bare.SendAsync(outside)).StatusCode);
        var (writeStatus, _) = await Post(new { dataValues = Array.Empty<object>() }, client: bare, auth: new AuthenticationHeaderValue("ApiToken", analyst));
        Assert.Equal(403, writeStatus);
        var (unknownStatus, unknown) = await Post(new { dataValues = Array.Empty<object>() }, client: bare, auth: new AuthenticationHeaderValue("ApiToken", "agg_nokey"));
        Assert.Equal(401, unknownStatus);
        Assert.Equal("unauthorized", unknown.GetProperty("code").GetString());
    }

    [Fact]
    public async Task EachValueAtFaultIsAConflictNamingItsProperty()
    {
        var communes = await Communes();
        var (status, answer) = await Post(new
        {
            period = "2048",
            dataValues = new object[]
            {
                new { dataElement = "households", value = "100", orgUnit = communes[10] },
                new { dataElement = "no_such_element", value = "1", orgUnit = communes[10] },
                new { dataElement = "households", value = "100", orgUnit = communes[11], categoryOptionCombo = "HllvX50cXC0" },
                new { dataElement = "households", value = "1,000", orgUnit = communes[12] },
                new { dataElement = "households", value = "100" },
                new { dataElement = "households", value = "100", orgUnit = communes[13], period = "2048W3" },
                new { dataElement = "households", value = "100", orgUnit = "29999" },
                new { dataElement = "households", value = "100", orgUnit = "295" },
                new { dataElement = "households", value = "100", orgUnit = communes[14], attributeOptionCombo = "default" },
            },
        });
        Assert.Equal(409, status);
        var byIndex = Conflicts(answer).ToDictionary(c => c.GetProperty("indexes")[0].GetInt32());
        Assert.Equal(("dataElement", "unknown_element"), Property(byIndex[1]));
        Assert.Equal(("categoryOptionCombo", "unsupported_option_combo"), Property(byIndex[2]));
        Assert.Equal(("value", "not_a_number"), Property(byIndex[3]));
        Assert.Equal(("orgUnit", "invalid_code"), Property(byIndex[4]));
        Assert.Equal(("period", "invalid_period"), Property(byIndex[5]));
        Assert.Equal(("orgUnit", "unit_not_found"), Property(byIndex[6]));
        Assert.Equal(("orgUnit", "not_a_leaf"), Property(byIndex[7]));
        Assert.Equal(7, byIndex.Count);
        Assert.Equal((1, 0, 8, 0), Count(answer));
        Assert.Equal(0, (await Report(communes[10], "2048")).Version); // its group had an unknown element
        Assert.Equal(1, (await Report(communes[14], "2048")).Version);
    }

    private static (string?, string?) Property(JsonElement conflict) =>
        (conflict.GetProperty("property").GetString(), conflict.GetProperty("errorCode").GetString());

    [Theory]
    [InlineData("POST", "", "{\"dataValues\": [", "dataValues[0]")]
    [InlineData("POST", "", "{\"period\": \"2049\"}", "dataValues")]
    [InlineData("POST", "", "{\"dataValues\": [{\"dataElement\": 5}]}", "dataValues[0].dataElement")]
    [InlineData("POST", "", "{\"dataValues\": [{\"dataElement\": \"households\"}, null]}", "dataValues[1]")]
    [InlineData("POST", "", "{\"dataValues\": [{\"orgUnit\": [\"29500\"]}]}", "dataValues[0].orgUnit")]
    [InlineData("POST", "?importStrategy=MERGE", "{\"dataValues\": []}", "importStrategy")]
    [InlineData("POST", "?idScheme=UID", "{\"dataValues\": []}", "idScheme")]
    [InlineData("POST", "?dryRun=maybe", "{\"dataValues\": []}", "dryRun")]
    [InlineData("GET", "?period=2023", null, "orgUnit")]
    [InlineData("GET", "?orgUnit=295", null, "period")]
    [InlineData("GET", "?orgUnit=295&period=2023W60", null, "period")]
    [InlineData("GET", "?orgUnit=295&period=2023&dataElement=nope", null, "dataElement")]
    public async Task BadRequestsAreProblemsNamingTheField(string method, string query, string? body, string field)
    {
        var answer = await Keys.Send(_client, new HttpMethod(method), "/api/dataValueSets" + query, body);
        Assert.True(answer.Status == 400, answer.Text);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.True(answer.Json.GetProperty("errors").TryGetProperty(field, out _), answer.Text);
    }

    [Fact]
    public async Task AnUnknownUnitIsNotFound()
    {
        var answer = await Keys.Send(_client, HttpMethod.Get, "/api/dataValueSets?orgUnit=29999&period=2023");
        Assert.Equal(404, answer.Status);
        Assert.Equal("unit_not_found", answer.Json.GetProperty("code").GetString());
    }
}
