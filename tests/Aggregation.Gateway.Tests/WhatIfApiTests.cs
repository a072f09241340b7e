using System.Text.Json;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

public sealed class WhatIfApiOnSqlite(SqliteSampleGateway gateway) : WhatIfApiTests(gateway), IClassFixture<SqliteSampleGateway>;

public sealed class WhatIfApiOnPostgres(PostgresSampleGateway gateway) : WhatIfApiTests(gateway), IClassFixture<PostgresSampleGateway>;

/// <summary>The what-if endpoint on the sample: the district analyst's poverty question, refusals, no side effects.</summary>
public abstract class WhatIfApiTests(SampleGateway gateway)
{
    private readonly HttpClient _client = gateway.Client;

    [Fact]
    public async Task CuttingPovertyByAThirdInTheThreeWeakestCommunesIsRecomputedFromTheirReports()
    {
        var ranking = await Ok(_client, "/api/units/296/comparison/2023?indicator=poverty_rate");
        var weakest = ranking.GetProperty("children").EnumerateArray().TakeLast(3).Select(c => c.GetProperty("unit").GetString()!).ToList();
        var before = await Snapshot();

        var body = new
        {
            unit = "296",
            period = "2023",
            overrides = weakest.Select(u => new Dictionary<string, object> { ["unit"] = u, ["element"] = "poor_households", ["scale"] = 2m / 3m }),
        };
        var (status, result, _) = await Send(_client, HttpMethod.Post, "/api/what-if?exact=true", JsonSerializer.Serialize(body));

        Assert.True(status == 200, result.ToString());
        decimal poor = 0, households = 0;
        foreach (var child in ranking.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("unit").GetString()!))
        {
            var values = (await Ok(_client, $"/api/units/{child}/reports/2023")).GetProperty("values");
            var p = values.GetProperty("poor_households").GetDecimal();
            poor += weakest.Contains(child) ? Math.Round(p * (2m / 3m), 6, MidpointRounding.ToEven) : p;
            households += values.GetProperty("households").GetDecimal();
        }
        var poverty = result.GetProperty("indicators").GetProperty("poverty_rate");
        Assert.Equal(poor / households * 100m, poverty.GetProperty("scenario").GetDecimal());
        // Without ?exact=true the scenario value, the baseline and the delta are rounded to 6 places.
        var shown = (await Send(_client, HttpMethod.Post, "/api/what-if", JsonSerializer.Serialize(body))).Body.GetProperty("indicators").GetProperty("poverty_rate");
        Assert.Equal(Math.Round(poor / households * 100m, 6, MidpointRounding.AwayFromZero), shown.GetProperty("scenario").GetDecimal());
        Assert.Equal(Math.Round(poverty.GetProperty("delta").GetDecimal(), 6, MidpointRounding.AwayFromZero), shown.GetProperty("delta").GetDecimal());
        Assert.True(poverty.GetProperty("delta").GetDecimal() < 0);
        Assert.Equal(weakest.Order(StringComparer.Ordinal), result.GetProperty("changedLeaves").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(16, result.GetProperty("children").GetArrayLength());
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task AWhatIfAnswerSaysHowLongTheEvaluationTookInside()
    {
        using var response = await _client.PostAsync("/api/what-if", new StringContent(
            """{"unit":"296","period":"2023","overrides":[{"unit":"10945","element":"poor_households","set":1}]}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var timing = Assert.Single(response.Headers.GetValues("Server-Timing"));
        var match = System.Text.RegularExpressions.Regex.Match(timing, @"^evaluate;dur=(\d+(\.\d+)?)$");
        Assert.True(match.Success, timing);
        Assert.True(double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, timing);
    }

    [Fact]
    public async Task GoalSeekFindsTheUniformCutThatMeetsTheDistrictPovertyTarget()
    {
        var before = await Snapshot();
        var body = """{"unit":"296","period":"2023","indicator":"poverty_rate","target":0.88,"lever":{"element":"poor_households","under":"296","mode":"scale"}}""";
        var (status, result, _) = await Send(_client, HttpMethod.Post, "/api/what-if/goal-seek", body);
        Assert.True(status == 200, result.ToString());
        Assert.True(result.GetProperty("reachable").GetBoolean());
        var factor = result.GetProperty("factor").GetDecimal();
        Assert.InRange(factor, 0m, 1m);
        Assert.InRange(result.GetProperty("value").GetDecimal(), 0.88m - 0.0001m, 0.88m + 0.0001m);
        Assert.True(result.GetProperty("monotone").GetBoolean());

        // The factor, applied as a what-if, gives the same value.
        var check = $$"""{"unit":"296","period":"2023","overrides":[{"unit":"296","element":"poor_households","scale":{{factor}}}]}""";
        var (_, scenario, _) = await Send(_client, HttpMethod.Post, "/api/what-if", check);
        Assert.Equal(result.GetProperty("value").GetDecimal(), scenario.GetProperty("indicators").GetProperty("poverty_rate").GetProperty("scenario").GetDecimal());

        var growth = """{"unit":"296","period":"2023","indicator":"growth_rate","target":11,"lever":{"element":"income_total","units":["296"],"mode":"growth"}}""";
        var (_, seek, _) = await Send(_client, HttpMethod.Post, "/api/what-if/goal-seek", growth);
        Assert.InRange(seek.GetProperty("growth").GetDecimal(), 10.99m, 11.01m);

        var unreachable = """{"unit":"296","period":"2023","indicator":"ntm_criteria_avg","target":25,"lever":{"element":"ntm_criteria_met","under":"296","mode":"scale"}}""";
        var (_, none, _) = await Send(_client, HttpMethod.Post, "/api/what-if/goal-seek", unreachable);
        Assert.False(none.GetProperty("reachable").GetBoolean());
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task ASavedScenarioIsALiveDeltaReEvaluatedOnNewReports()
    {
        var definition = """{"name":"Kẻ Sặt halves poverty","unit":"296","period":"2023","overrides":[{"unit":"10945","element":"poor_households","scale":0.5}]}""";
        var (status, created, _) = await Send(_client, HttpMethod.Post, "/api/scenarios", definition);
        Assert.True(status == 201, created.ToString());
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(0.5m, created.GetProperty("overrides")[0].GetProperty("scale").GetDecimal());
        Assert.Contains((await Ok(_client, "/api/scenarios")).EnumerateArray(), s => s.GetProperty("id").GetString() == id);

        var first = await Ok(_client, $"/api/scenarios/{id}/result");
        var baseline = first.GetProperty("indicators").GetProperty("poverty_rate").GetProperty("baseline").GetDecimal();

        // New live data for a commune the scenario does not touch shows up in both baseline and scenario.
        var values = JsonSerializer.Deserialize<Dictionary<string, decimal>>((await Ok(_client, "/api/units/10969/reports/2023")).GetProperty("values").GetRawText())!;
        values["poor_households"] += 10;
        Assert.Equal(200, (await Put(_client, "/api/units/10969/reports/2023", new { values })).Status);
        var second = await Ok(_client, $"/api/scenarios/{id}/result");
        var poverty = second.GetProperty("indicators").GetProperty("poverty_rate");
        Assert.True(poverty.GetProperty("baseline").GetDecimal() > baseline);
        var live = Value(await Ok(_client, "/api/units/296/indicators/2023"), "poverty_rate");
        Assert.Equal(live, poverty.GetProperty("baseline").GetDecimal());
        Assert.True(poverty.GetProperty("scenario").GetDecimal() < poverty.GetProperty("baseline").GetDecimal());

        var replaced = """{"name":"no change","unit":"296","period":"2023","overrides":[]}""";
        Assert.Equal(200, (await Send(_client, HttpMethod.Put, $"/api/scenarios/{id}", replaced)).Status);
        var third = await Ok(_client, $"/api/scenarios/{id}/result");
        Assert.Equal(live, third.GetProperty("indicators").GetProperty("poverty_rate").GetProperty("scenario").GetDecimal());

        Assert.Equal(204, (await Send(_client, HttpMethod.Delete, $"/api/scenarios/{id}")).Status);
        Assert.Equal(404, (await Get(_client, $"/api/scenarios/{id}")).Status);
        Assert.Equal(404, (await Get(_client, $"/api/scenarios/{id}/result")).Status);
        Assert.Equal(404, (await Send(_client, HttpMethod.Put, $"/api/scenarios/{id}", replaced)).Status);
    }

    [Theory]
    [InlineData("""{"name":"","unit":"296","period":"2023","overrides":[]}""", 422, "name")]
    [InlineData("""{"name":"x","unit":"296","period":"2023","overrides":[{"unit":"10945","element":"poor_households","set":100000}]}""", 422, "overrides[0].poor_households")]
    [InlineData("""{"name":"x","unit":"99999","period":"2023","overrides":[]}""", 404, "")]
    [InlineData("""{"name":"x","unit":"296","overrides":[]}""", 400, "body")]
    public async Task InvalidSavedScenariosAreNotStored(string body, int status, string field)
    {
        var before = (await Ok(_client, "/api/scenarios")).GetArrayLength();
        var (actual, problem, _) = await Send(_client, HttpMethod.Post, "/api/scenarios", body);
        Assert.True(status == actual, $"expected {status}, got {actual}: {problem}");
        if (field.Length > 0)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
        }
        Assert.Equal(before, (await Ok(_client, "/api/scenarios")).GetArrayLength());
    }

    [Theory]
    [InlineData("/api/what-if/goal-seek", """{"unit":"296","period":"2023","indicator":"nope","target":1,"lever":{"element":"poor_households","under":"296","mode":"scale"}}""", 422, "indicator")]
    [InlineData("/api/what-if/goal-seek", """{"unit":"296","period":"2023","indicator":"poverty_rate","target":1,"lever":{"element":"poor_households","under":"296","mode":"double"}}""", 422, "lever.mode")]
    [InlineData("/api/what-if/goal-seek", """{"unit":"296","period":"2023","indicator":"poverty_rate","target":1,"lever":{"element":"poor_households","under":"295","mode":"scale"}}""", 422, "lever.units")]
    [InlineData("/api/what-if/goal-seek", """{"unit":"296","period":"2023","indicator":"poverty_rate","target":1}""", 400, "body")]
    public async Task InvalidGoalSeeksAreRefused(string path, string body, int status, string field)
    {
        var (actual, problem, _) = await Send(_client, HttpMethod.Post, path, body);
        Assert.True(status == actual, $"expected {status}, got {actual}: {problem}");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
    }

    [Theory]
    [InlineData("""{"unit":"296","period":"2023","overrides":[{"unit":"10945","element":"poor_households","scale":1,"set":2}]}""", 422, "overrides[0]")]
    [InlineData("""{"unit":"296","period":"2023","overrides":[{"unit":"10945","element":"poor_households","scale":"x"}]}""", 422, "overrides[0].scale")]
    [InlineData("""{"unit":"296","period":"2023","overrides":[{"unit":"10888","element":"poor_households","scale":2}]}""", 422, "overrides[0].unit")]
    [InlineData("""{"unit":"296","period":"2023","overrides":[{"unit":"10945","element":"tractors","set":2}]}""", 422, "overrides[0].element")]
    [InlineData("""{"unit":"296","period":"2023","overrides":[{"unit":"10945","element":"poor_households","set":100000}]}""", 422, "overrides[0].poor_households")]
    [InlineData("""{"unit":"296","period":"2023","overrides":[{"unit":"10945","element":"households","delta":-1000000}]}""", 422, "overrides[0].households")]
    [InlineData("""{"unit":"99999","period":"2023","overrides":[]}""", 404, "")]
    [InlineData("""{"unit":"296","period":"20X3","overrides":[]}""", 400, "period")]
    [InlineData("""{"unit":"296"}""", 400, "body")]
    [InlineData("""{"unit":"296","period":"2023","overrides":[1]""", 400, "")]
    public async Task InvalidScenariosAreRefusedAndChangeNothing(string body, int status, string field)
    {
        var before = await Snapshot();
        var (actual, problem, contentType) = await Send(_client, HttpMethod.Post, "/api/what-if", body);
        Assert.True(status == actual, $"expected {status}, got {actual}: {problem}");
        Assert.Equal("application/problem+json", contentType);
        if (field.Length > 0)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
        }
        Assert.Equal(before, await Snapshot());
    }

    /// <summary>Every live value a scenario on district 296 could touch: each commune's report history and every level's indicators.</summary>
    private async Task<string> Snapshot()
    {
        var communes = (await Ok(_client, "/api/units/296")).GetProperty("children").EnumerateArray().Select(c => c.GetProperty("code").GetString()!);
        var paths = communes.SelectMany(c => new[] { $"/api/units/{c}/reports/2023/history", $"/api/units/{c}/reports/2024/history", $"/api/units/{c}/indicators/2023" })
            .Concat(["/api/units/296/indicators/2023", "/api/units/296/indicators/2024", "/api/units/30/indicators/2023", "/api/units/VN/indicators/2023"]);
        return string.Join("\n", await Task.WhenAll(paths.Select(async p => (await Get(_client, p)).Body.GetRawText())));
    }
}
