using System.Text.Json;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

public sealed class StandingsApiOnSqlite(SqliteSampleGateway gateway) : StandingsApiTests(gateway), IClassFixture<SqliteSampleGateway>;

public sealed class StandingsApiOnPostgres(PostgresSampleGateway gateway) : StandingsApiTests(gateway), IClassFixture<PostgresSampleGateway>;

/// <summary>A gateway keeping no ranking answers writes every one afresh, and they say the same.</summary>
public sealed class SqliteSampleGatewayKeepingNoRankings() : SampleGateway("sqlite", new Dictionary<string, string> { ["Aggregation:Standings:KeptRankingBytes"] = "0" });

public sealed class StandingsApiKeepingNoRankings(SqliteSampleGatewayKeepingNoRankings gateway) : StandingsApiTests(gateway), IClassFixture<SqliteSampleGatewayKeepingNoRankings>;

/// <summary>Standings over HTTP (SPEC section 11) on the sample province: Hải Dương, districts 295 (17 communes) and 296 (16).</summary>
public abstract class StandingsApiTests(SampleGateway gateway)
{
    private readonly HttpClient _client = gateway.Client;

    private static IEnumerable<JsonElement> Rows(JsonElement ranking) => ranking.GetProperty("rows").EnumerateArray();

    private static decimal? Decimal(JsonElement element, string property) =>
        element.GetProperty(property).ValueKind == JsonValueKind.Null ? null : element.GetProperty(property).GetDecimal();

    [Fact]
    public async Task ADistrictsCommunesRankAsTheComparisonOfItsChildrenRanksThem()
    {
        var ranking = await Ok(_client, "/api/indicators/poverty_rate/2023/ranking?scope=296");
        var comparison = await Ok(_client, "/api/units/296/comparison/2023?indicator=poverty_rate");
        Assert.Equal(16, ranking.GetProperty("total").GetInt32());
        Assert.Equal(0, ranking.GetProperty("withoutValue").GetInt32());
        Assert.Equal("296", ranking.GetProperty("scope").GetString());
        Assert.Equal("commune", ranking.GetProperty("level").GetString());
        Assert.Equal(
            comparison.GetProperty("children").EnumerateArray().Select(c => (c.GetProperty("unit").GetString(), c.GetProperty("rank").GetInt32(), Decimal(c, "value"), c.GetProperty("attained").ToString())),
            Rows(ranking).Select(r => (r.GetProperty("unit").GetString(), r.GetProperty("rank").GetInt32(), Decimal(r, "value"), r.GetProperty("attained").ToString())));
        Assert.All(Rows(ranking), r => Assert.Equal("296", r.GetProperty("parent").GetString()));
        Assert.All(Rows(ranking), r => Assert.Equal(JsonValueKind.Object, r.GetProperty("target").ValueKind));
    }

    [Fact]
    public async Task DistrictsRankByTheirOwnAggregatesAndTheDefaultsAreTheRootAndTheLeaves()
    {
        var districts = await Ok(_client, "/api/indicators/poverty_rate/2023/ranking?level=district");
        Assert.Equal("VN", districts.GetProperty("scope").GetString());
        Assert.Equal(2, districts.GetProperty("total").GetInt32());
        foreach (var row in Rows(districts))
        {
            var own = await Ok(_client, $"/api/units/{row.GetProperty("unit").GetString()}/indicators/2023");
            Assert.Equal(Value(own, "poverty_rate"), Decimal(row, "value"));
        }

        var communes = await Ok(_client, "/api/indicators/poverty_rate/2023/ranking?top=5&order=worst");
        Assert.Equal(33, communes.GetProperty("total").GetInt32());
        Assert.Equal(5, Rows(communes).Count());
        var ranks = Rows(communes).Select(r => r.GetProperty("rank").GetInt32()).ToList();
        Assert.Equal(ranks.OrderDescending(), ranks);
        Assert.Equal(33, ranks[0]);

        // The levels a ranking under the scope can take come with every answer, top down; a commune has its own.
        Assert.Equal(["province", "district", "commune"], Levels(districts));
        Assert.Equal(Levels(districts), Levels(communes));
        var commune = Rows(communes).First().GetProperty("unit").GetString();
        Assert.Equal(["commune"], Levels(await Ok(_client, $"/api/indicators/poverty_rate/2023/ranking?scope={commune}")));
    }

    private static List<string> Levels(JsonElement ranking) =>
        ranking.GetProperty("levels").EnumerateArray().Select(l => l.GetString()!).ToList();

    [Fact]
    public async Task TheDistributionDescribesTheRankedValues()
    {
        var ranking = await Ok(_client, "/api/indicators/health_insurance_coverage/2023/ranking");
        var values = Rows(ranking).Select(r => r.GetProperty("value").GetDecimal()).Order().ToList();
        var spread = await Ok(_client, "/api/indicators/health_insurance_coverage/2023/distribution?bins=5");
        Assert.Equal(values.Count, spread.GetProperty("count").GetInt32());
        Assert.Equal(33, spread.GetProperty("total").GetInt32());
        Assert.Equal(values[0], spread.GetProperty("min").GetDecimal());
        Assert.Equal(values[^1], spread.GetProperty("max").GetDecimal());
        Assert.Equal(5, spread.GetProperty("bins").GetArrayLength());
        Assert.Equal(values.Count, spread.GetProperty("bins").EnumerateArray().Sum(b => b.GetProperty("count").GetInt32()));
        Assert.Equal(Rows(ranking).Count(r => r.GetProperty("attained").ValueKind == JsonValueKind.True), spread.GetProperty("attained").GetInt32());
        var median = spread.GetProperty("median").GetDecimal();
        Assert.InRange(median, values[15], values[17]);
    }

    [Fact]
    public async Task AStandingPlacesACommuneInItsDistrictProvinceAndNation()
    {
        var standing = await Ok(_client, "/api/units/10900/standing/2023");
        Assert.Equal("commune", standing.GetProperty("level").GetString());
        var indicators = standing.GetProperty("indicators").EnumerateObject().ToList();
        Assert.Equal(19, indicators.Count);
        var poverty = standing.GetProperty("indicators").GetProperty("poverty_rate").GetProperty("standings").EnumerateArray().ToList();
        Assert.Equal(["295", "30", "VN"], poverty.Select(s => s.GetProperty("scope").GetString()));
        Assert.Equal("Huyện Cẩm Giàng", poverty[0].GetProperty("scopeName").GetString());
        foreach (var entry in poverty)
        {
            var ranking = await Ok(_client, $"/api/indicators/poverty_rate/2023/ranking?scope={entry.GetProperty("scope").GetString()}");
            var row = Rows(ranking).Single(r => r.GetProperty("unit").GetString() == "10900");
            var (rank, of) = (entry.GetProperty("rank").GetInt32(), entry.GetProperty("of").GetInt32());
            Assert.Equal(row.GetProperty("rank").GetInt32(), rank);
            Assert.Equal(Rows(ranking).Count(), of);
            Assert.Equal(Math.Round((of - rank) * 100m / (of - 1), 6), entry.GetProperty("percentile").GetDecimal());
        }
        var district = await Ok(_client, "/api/units/296/standing/2023");
        Assert.Equal(["30", "VN"], district.GetProperty("indicators").GetProperty("poverty_rate").GetProperty("standings").EnumerateArray()
            .Select(s => s.GetProperty("scope").GetString()));
        Assert.Empty((await Ok(_client, "/api/units/VN/standing/2023")).GetProperty("indicators").GetProperty("poverty_rate").GetProperty("standings").EnumerateArray());
    }

    [Fact]
    public async Task ARankingAskedAgainIsTheSameAnswerUntilANewReportChangesIt()
    {
        const string path = "/api/indicators/poverty_rate/2023/ranking?scope=296&top=1";
        var before = await _client.GetStringAsync(path);
        Assert.Equal(before, await _client.GetStringAsync(path));
        Assert.Equal(before, await _client.GetStringAsync(path));
        var worst = Rows(await Ok(_client, "/api/indicators/poverty_rate/2023/ranking?scope=296&order=worst&top=1")).Single().GetProperty("unit").GetString();

        var put = await Put(_client, $"/api/units/{worst}/reports/2023", new { values = new { households = 4000, poor_households = 1 } });
        Assert.Equal(200, put.Status);
        var ranking = await OkOnce(_client, path, r => Rows(r).Single().GetProperty("unit").GetString() == worst);
        Assert.Equal(0.025m, Rows(ranking).Single().GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task ARankingAndADistributionJudgeAgainstThePlansAsTheyNowAre()
    {
        static bool? AttainedOf(JsonElement ranking, string unit) =>
            Rows(ranking).Single(r => r.GetProperty("unit").GetString() == unit).GetProperty("attained") is { ValueKind: JsonValueKind.True or JsonValueKind.False } a ? a.GetBoolean() : null;
        const string path = "/api/indicators/poverty_rate/2023/ranking?scope=295";
        var before = await Ok(_client, path);
        var unit = Rows(before).First(r => r.GetProperty("attained").ValueKind == JsonValueKind.True).GetProperty("unit").GetString()!;
        var attainedBefore = (await Ok(_client, "/api/indicators/poverty_rate/2023/distribution?scope=295")).GetProperty("attained").GetInt32();

        // A target of at most 0 % cannot be met by a commune with poor households.
        Assert.Equal(200, (await Put(_client, $"/api/units/{unit}/plans/2023", new { targets = new { poverty_rate = 0 } })).Status);
        var after = await Ok(_client, path);
        Assert.False(AttainedOf(after, unit));
        Assert.Equal(0m, Rows(after).Single(r => r.GetProperty("unit").GetString() == unit).GetProperty("target").GetProperty("value").GetDecimal());
        Assert.Equal(attainedBefore - 1, (await Ok(_client, "/api/indicators/poverty_rate/2023/distribution?scope=295")).GetProperty("attained").GetInt32());
    }

    [Theory]
    [InlineData("/api/indicators/nope/2023/ranking", 404, null, "unknown_indicator")]
    [InlineData("/api/indicators/poverty_rate/2023-13/ranking", 400, "period", "invalid_period")]
    [InlineData("/api/indicators/poverty_rate/2023/ranking?scope=a%20b", 400, "scope", "invalid_code")]
    [InlineData("/api/indicators/poverty_rate/2023/ranking?scope=nowhere", 404, null, "unit_not_found")]
    [InlineData("/api/indicators/poverty_rate/2023/ranking?scope=296&level=province", 422, "level", "level_not_under")]
    [InlineData("/api/indicators/poverty_rate/2023/ranking?top=0", 400, "top", "invalid_value")]
    [InlineData("/api/indicators/poverty_rate/2023/ranking?top=ten", 400, "top", "invalid_value")]
    [InlineData("/api/indicators/poverty_rate/2023/ranking?order=up", 400, "order", "invalid_value")]
    [InlineData("/api/indicators/poverty_rate/2023/ranking?tree=nowhere", 404, null, "tree_not_found")]
    [InlineData("/api/indicators/poverty_rate/2023/distribution?bins=0", 400, "bins", "invalid_value")]
    [InlineData("/api/indicators/poverty_rate/2023/distribution?bins=101", 400, "bins", "invalid_value")]
    [InlineData("/api/indicators/poverty_rate/2023/distribution?level=", 400, "level", "invalid_level")]
    [InlineData("/api/units/nowhere/standing/2023", 404, null, "unit_not_found")]
    [InlineData("/api/units/10900/standing/20233", 400, "period", "invalid_period")]
    public async Task BadQuestionsAreRefusedNamingWhatIsWrong(string path, int status, string? field, string code)
    {
        var (answered, body, type) = await Get(_client, path);
        Assert.Equal(status, answered);
        Assert.Equal("application/problem+json", type);
        if (field is null)
        {
            Assert.Equal(code, body.GetProperty("code").GetString());
        }
        else
        {
            var error = body.GetProperty("fieldErrors").EnumerateArray().Single();
            Assert.Equal((field, code), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        }
    }

    [Fact]
    public async Task AKeyBelowTheRootRanksWithinItsScope()
    {
        var (token, _) = await Keys.Create(_client, "standings-296", "analyst", "296");
        var analyst = gateway.Factory.ClientWithKey(token);
        var own = await Ok(analyst, "/api/indicators/poverty_rate/2023/ranking");
        Assert.Equal("296", own.GetProperty("scope").GetString());
        Assert.Equal(16, own.GetProperty("total").GetInt32());
        Assert.Equal(403, (await Get(analyst, "/api/indicators/poverty_rate/2023/ranking?scope=295")).Status);
        Assert.Equal(403, (await Get(analyst, "/api/indicators/poverty_rate/2023/distribution?scope=30")).Status);
        Assert.Equal(403, (await Get(analyst, "/api/units/10900/standing/2023")).Status);
        Assert.Equal(200, (await Get(analyst, "/api/units/10987/standing/2023")).Status);
        Assert.Equal(401, (await Get(gateway.Factory.ClientWithKey(null), "/api/indicators/poverty_rate/2023/ranking")).Status);
    }
}
