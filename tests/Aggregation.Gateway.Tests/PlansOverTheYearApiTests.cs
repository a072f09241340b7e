using System.Text.Json;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

/// <summary>Annual plans in a quarter: cumulative indicators show their progress of the year's target unjudged, rates are judged as for the year.</summary>
public abstract class PlansOverTheYearApiTests(SampleGateway sample)
{
    private const string Commune = "10951";
    private readonly HttpClient _client = sample.Client;

    /// <summary>A plan for 2037 and three months of reports: income 1000, 1000 and 1100.7; 11 poor households of 1000.</summary>
    private async Task FirstQuarterOf2037()
    {
        var (status, plan, _) = await Send(_client, HttpMethod.Put, $"/api/units/{Commune}/plans/2037",
            """{"targets":{"social_income":4000,"poverty_rate":{"comparator":"<=","value":0.88}}}""");
        Assert.True(status == 200, plan.ToString());
        foreach (var (month, income) in new[] { ("203701", 1000m), ("203702", 1000m), ("203703", 1100.7m) })
        {
            var (put, receipt, _) = await Put(_client, $"/api/units/{Commune}/reports/{month}",
                new { values = new Dictionary<string, decimal> { ["income_total"] = income, ["households"] = 1000, ["poor_households"] = 11 } });
            Assert.True(put == 200, receipt.ToString());
        }
    }

    private static JsonElement Indicator(JsonElement answer, string code) => answer.GetProperty("indicators").GetProperty(code);

    [Fact]
    public async Task AQuarterShowsTheCumulativeIndicatorsProgressOfTheYearAndJudgesTheRate()
    {
        await FirstQuarterOf2037();

        var quarter = await Ok(_client, $"/api/units/{Commune}/indicators/2037Q1");
        var income = Indicator(quarter, "social_income");
        Assert.Equal(3100.7m, income.GetProperty("value").GetDecimal());
        Assert.Equal(77.5175m, income.GetProperty("progressOfYear").GetDecimal());
        Assert.Equal(JsonValueKind.Null, income.GetProperty("attained").ValueKind);
        Assert.Equal(JsonValueKind.Null, income.GetProperty("progress").ValueKind);
        Assert.Equal(JsonValueKind.Null, income.GetProperty("reasonCode").ValueKind);
        var point = Assert.Single((await Ok(_client, $"/api/units/{Commune}/series/social_income?from=2037Q1&to=2037Q1")).EnumerateArray());
        Assert.Equal(77.5175m, point.GetProperty("progressOfYear").GetDecimal());
        Assert.Equal(JsonValueKind.Null, point.GetProperty("attained").ValueKind);
        var poverty = Indicator(quarter, "poverty_rate");
        Assert.False(poverty.GetProperty("attained").GetBoolean());
        Assert.Equal(JsonValueKind.Null, poverty.GetProperty("progressOfYear").ValueKind);

        // The year, reported directly, is judged: attained and progress, no progress of the year.
        Assert.Equal(200, (await Put(_client, $"/api/units/{Commune}/reports/2037",
            new { values = new Dictionary<string, decimal> { ["income_total"] = 4400, ["households"] = 1000, ["poor_households"] = 8 } })).Status);
        var year = Indicator(await Ok(_client, $"/api/units/{Commune}/indicators/2037"), "social_income");
        Assert.True(year.GetProperty("attained").GetBoolean());
        Assert.Equal(110m, year.GetProperty("progress").GetDecimal());
        Assert.Equal(JsonValueKind.Null, year.GetProperty("progressOfYear").ValueKind);
    }

    [Fact]
    public async Task TheComparisonAndTheWhatIfCarryTheProgressOfTheYear()
    {
        await FirstQuarterOf2037();
        var parent = (await Ok(_client, $"/api/units/{Commune}")).GetProperty("parent").GetProperty("code").GetString();

        var comparison = await Ok(_client, $"/api/units/{parent}/comparison/2037Q1?indicator=social_income");
        var row = comparison.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("unit").GetString() == Commune);
        Assert.Equal(77.5175m, row.GetProperty("progressOfYear").GetDecimal());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("attained").ValueKind);

        var body = new { unit = Commune, period = "2037Q1", overrides = new[] { new Dictionary<string, object> { ["unit"] = Commune, ["element"] = "income_total", ["scale"] = 2m } } };
        var (status, result, _) = await Send(_client, HttpMethod.Post, "/api/what-if", JsonSerializer.Serialize(body));
        Assert.True(status == 200, result.ToString());
        var income = Indicator(result, "social_income");
        Assert.Equal(77.5175m, income.GetProperty("progressOfYearBaseline").GetDecimal());
        // Twice the quarter's income: 6201.4 of 4000.
        Assert.Equal(155.035m, income.GetProperty("progressOfYearScenario").GetDecimal());
        Assert.Equal(JsonValueKind.Null, income.GetProperty("attainedScenario").ValueKind);
    }

    [Fact]
    public async Task AZeroTargetLeavesTheProgressOfTheYearNullWithItsReason()
    {
        await FirstQuarterOf2037();
        Assert.Equal(200, (await Send(_client, HttpMethod.Put, $"/api/units/{Commune}/plans/2037", """{"targets":{"social_income":0}}""")).Status);

        var income = Indicator(await Ok(_client, $"/api/units/{Commune}/indicators/2037Q1"), "social_income");
        Assert.Equal(JsonValueKind.Null, income.GetProperty("progressOfYear").ValueKind);
        Assert.Equal("zero_denominator", income.GetProperty("reasonCode").GetString());
    }

    [Fact]
    public async Task ProgressOfTheYearIsRoundedLikeOtherValuesUnlessExactIsAsked()
    {
        await FirstQuarterOf2037();
        Assert.Equal(200, (await Send(_client, HttpMethod.Put, $"/api/units/{Commune}/plans/2037", """{"targets":{"social_income":3000}}""")).Status);

        var shown = Indicator(await Ok(_client, $"/api/units/{Commune}/indicators/2037Q1"), "social_income");
        var exact = Indicator(await Ok(_client, $"/api/units/{Commune}/indicators/2037Q1?exact=true"), "social_income");
        Assert.Equal(3100.7m / 3000m * 100m, exact.GetProperty("progressOfYear").GetDecimal());
        Assert.Equal(103.356667m, shown.GetProperty("progressOfYear").GetDecimal());
    }
}

public sealed class PlansOverTheYearOnSqlite(SqliteSampleGateway sample) : PlansOverTheYearApiTests(sample), IClassFixture<SqliteSampleGateway>;

public sealed class PlansOverTheYearOnPostgres(PostgresSampleGateway sample) : PlansOverTheYearApiTests(sample), IClassFixture<PostgresSampleGateway>;
