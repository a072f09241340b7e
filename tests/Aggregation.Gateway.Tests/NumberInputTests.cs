using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

/// <summary>
/// Numbers at the edge of what a decimal holds: refused with a field-named reason when they
/// cannot be kept exactly, never a 500 when accepted, and written back without trailing zeros.
/// </summary>
public sealed class NumberInputTests(SqliteSampleGateway gateway) : IClassFixture<SqliteSampleGateway>
{
    private readonly HttpClient _client = gateway.Client;
    private const string Commune = "10945";

    [Fact]
    public async Task AHugeBudgetAgainstATinyPlanNeverMakesAReadFail()
    {
        Assert.Equal(200, (await Send(_client, HttpMethod.Put, "/api/units/10969/reports/2023", """{"values":{"budget_revenue":1e15,"budget_revenue_plan":0.000001}}""")).Status);
        Assert.Equal(200, (await Send(_client, HttpMethod.Put, "/api/units/10969/plans/2023", """{"targets":{"budget_vs_plan":0.000001}}""")).Status);

        var leaf = (await Ok(_client, "/api/units/10969/indicators/2023")).GetProperty("indicators").GetProperty("budget_vs_plan");
        Assert.Equal(1e23m, leaf.GetProperty("value").GetDecimal());
        Assert.True(leaf.GetProperty("attained").GetBoolean());
        Assert.Equal(JsonValueKind.Null, leaf.GetProperty("progress").ValueKind);
        Assert.StartsWith("progress is out of range", leaf.GetProperty("reason").GetString());
        Assert.Equal("progress_overflow", leaf.GetProperty("reasonCode").GetString());
        await Ok(_client, "/api/units/296/comparison/2023?indicator=budget_vs_plan");
        var (status, whatIf, _) = await Send(_client, HttpMethod.Post, "/api/what-if",
            """{"unit":"296","period":"2023","overrides":[{"unit":"10969","element":"budget_revenue_plan","scale":2}]}""");
        Assert.True(status == 200, whatIf.ToString());
    }

    [Fact]
    public async Task ASectorGrowthOfMinus100PercentIsAPlanWithAWarningNotA500()
    {
        var (status, plan, _) = await Send(_client, HttpMethod.Put, "/api/units/10951/plans/2023",
            """{"targets":{"share_agriculture":8.3,"share_industry":35.7,"share_services":56,"growth_agriculture":-100,"growth_industry":13,"growth_services":15,"growth_rate":11}}""");

        Assert.True(status == 200, plan.ToString());
        Assert.Equal("implied_growth_undefined", plan.GetProperty("warnings")[0].GetProperty("code").GetString());
        var args = plan.GetProperty("warnings")[0].GetProperty("args");
        Assert.Equal(("sector_vanished", "growth_agriculture", -100m), (args.GetProperty("cause").GetString(), args.GetProperty("growthIndicator").GetString(), args.GetProperty("growth").GetDecimal()));
    }

    public static TheoryData<string, string, string, string> Refusals => new()
    {
        { "/api/units/10945/plans/2023", """{"targets":{"poverty_rate":-5}}""", "poverty_rate", "must not be negative" },
        { "/api/units/10945/plans/2023", """{"targets":{"growth_agriculture":{"comparator":">=","value":-101}}}""", "growth_agriculture", "must be at least -100" },
        { "/api/units/10945/plans/2023", """{"targets":{"social_income":1e400}}""", "social_income", "out of range" },
        { "/api/units/10945/plans/2023", """{"targets":{"social_income":1e-400}}""", "social_income", "cannot be kept exactly" },
        { "/api/units/10945/reports/2023", """{"values":{"households":5e-324}}""", "households", "cannot be kept exactly" },
        { "/api/units/10945/reports/2023", """{"values":{"income_total":0.12345678901234567890123456789}}""", "income_total", "cannot be kept exactly" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task NumbersThatCannotBeKeptAsWrittenAreRefusedByName(string path, string body, string field, string message)
    {
        var before = await Snapshot();
        var (status, problem, _) = await Send(_client, HttpMethod.Put, path, body);

        Assert.True(status == 422, problem.ToString());
        Assert.Contains(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(before, await Snapshot());
    }

    [Theory]
    [InlineData("""{"unit":"296","period":"2023","overrides":[{"unit":"10945","element":"households","set":0.0000001}]}""", "overrides[0].set", "at most 6 decimal places")]
    [InlineData("""{"unit":"296","period":"2023","overrides":[{"unit":"10945","element":"households","delta":5e-324}]}""", "overrides[0].delta", "cannot be kept exactly")]
    [InlineData("""{"unit":"296","period":"2023","overrides":[{"unit":"10945","element":"households","scale":1e400}]}""", "overrides[0].scale", "out of range")]
    public async Task WhatIfAmountsThatWouldBeChangedAreRefusedByName(string body, string field, string message)
    {
        var (status, problem, _) = await Send(_client, HttpMethod.Post, "/api/what-if", body);

        Assert.True(status == 422, problem.ToString());
        Assert.Contains(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Theory]
    [InlineData("79228162514264337593543950335")]
    [InlineData("-79228162514264337593543950335")]
    [InlineData("1e400")]
    public async Task GoalSeekTargetsOutOfRangeAreRefusedByName(string target)
    {
        var (status, problem, _) = await Send(_client, HttpMethod.Post, "/api/what-if/goal-seek",
            $$$"""{"unit":"296","period":"2023","indicator":"poverty_rate","target":{{{target}}},"lever":{"element":"poor_households","under":"296","mode":"scale"}}""");

        Assert.True(status == 422, problem.ToString());
        Assert.Contains("out of range", problem.GetProperty("errors").GetProperty("target")[0].GetString());
    }

    [Theory]
    [InlineData("/api/units/10945/reports/2023", """{"values":{"households":4800,"households":10}}""", "values.households")]
    [InlineData("/api/units/10945/reports/2023", """{"values":{"households":4800},"values":{"households":10}}""", "values")]
    [InlineData("/api/units/10945/plans/2023", """{"targets":{"poverty_rate":{"comparator":"<=","value":1,"value":5}}}""", "targets.poverty_rate.value")]
    public async Task DuplicateKeysAreRefusedByName(string path, string body, string field)
    {
        var before = await Snapshot();
        var (status, problem, _) = await Send(_client, HttpMethod.Put, path, body);

        Assert.True(status == 400, problem.ToString());
        Assert.Contains("duplicate key", problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task DuplicateKeysInsideAWhatIfOverrideAreRefusedByName()
    {
        var (status, problem, _) = await Send(_client, HttpMethod.Post, "/api/what-if",
            """{"unit":"296","period":"2023","overrides":[{"unit":"10945","element":"households","set":1,"set":2}]}""");

        Assert.True(status == 400, problem.ToString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("overrides[0].set", out _), problem.ToString());
    }

    [Theory]
    [InlineData("PUT", "/api/units/new9", """[1]""", "body", "a JSON object")]
    [InlineData("PUT", "/api/units/new9", """{"name":5,"level":"commune","parent":"296"}""", "name", "a string")]
    [InlineData("PUT", "/api/units/10945/reports/2023", """{"values":[1]}""", "values", "a JSON object")]
    [InlineData("PUT", "/api/units/10945/reports/2023", """{"values":{"households":1},"expectedVersion":1.5}""", "expectedVersion", "a whole number")]
    [InlineData("POST", "/api/what-if/goal-seek", """{"unit":"296","lever":{"units":[5]}}""", "lever.units[0]", "a string")]
    [InlineData("POST", "/api/what-if", """{"unit":"296","period":"2023","overrides":{}}""", "overrides", "an array")]
    public async Task WrongTypesAreDescribedInWordsNamingTheField(string method, string path, string body, string field, string expected)
    {
        var (status, problem, _) = await Send(_client, new HttpMethod(method), path, body);

        Assert.True(status == 400, problem.ToString());
        Assert.Contains(expected, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.DoesNotMatch(@"Aggregation\.|System\.|`|UnitBody|ReportBody|WhatIfBody|GoalSeekBody|Int32|Decimal", problem.GetRawText());
    }

    [Fact]
    public async Task RunningTotalsAreWrittenWithoutTrailingZerosWhateverScaleTheyCarry()
    {
        var options = gateway.Factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        Assert.Equal("""{"households":51264,"share":0.5}""",
            JsonSerializer.Serialize(new Dictionary<string, decimal> { ["households"] = 51264.000000000000000000000000m, ["share"] = 0.5000m }, options));

        Assert.Equal(200, (await Send(_client, HttpMethod.Put, "/api/units/10954/reports/2023", """{"values":{"households":4800.000000,"poor_households":0e-30}}""")).Status);
        var district = await Send(_client, HttpMethod.Get, "/api/units/296/indicators/2023");
        var text = district.Body.GetRawText();
        var households = district.Body.GetProperty("elements").GetProperty("households");
        var sum = households.ValueKind == JsonValueKind.Object ? households.GetProperty("sum") : households;
        Assert.DoesNotContain(".0", sum.GetRawText());
        Assert.DoesNotMatch(@"\d\.\d*0[,}\]]", text);
    }

    /// <summary>What a refusal could have touched: the commune's history, the district's totals and the commune's plan.</summary>
    private async Task<string> Snapshot()
    {
        var parts = new[] { $"/api/units/{Commune}/reports/2023/history", "/api/units/296/indicators/2023", $"/api/units/{Commune}/plans/2023", "/api/units/new9" };
        // A 404's problem carries a fresh traceId each time: its status is what counts.
        return string.Join("\n", await Task.WhenAll(parts.Select(async p => await Get(_client, p) is var (status, body, _) && status == 200 ? body.ToString() : status.ToString())));
    }
}
