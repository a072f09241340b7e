using System.Text.Json;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

public sealed class SampleTreeApiOnSqlite(SqliteSampleTreeGateway gateway) : SampleTreeApiTests(gateway), IClassFixture<SqliteSampleTreeGateway>;

/// <summary>The sample as a fresh installation loads it: with its tree of 1 July 2025 (SPEC section 8).</summary>
public sealed class SqliteSampleTreeGateway() : OwnGateway("sqlite", seedSample: true, new Dictionary<string, string> { ["Aggregation:SampleTrees"] = "true" });

/// <summary>The sample's 2023 communes seen on today's: Thành phố Hải Phòng of 1 July 2025, restated and reporting 2025.</summary>
public abstract class SampleTreeApiTests(SqliteSampleTreeGateway gateway)
{
    private readonly HttpClient _client = gateway.Client;

    private static decimal Element(JsonElement view, string element) => view.GetProperty("elements").GetProperty(element).GetDecimal();

    private async Task<decimal> Households2023(string code) =>
        (await Ok(_client, $"/api/units/{code}/reports/2023")).GetProperty("values").GetProperty("households").GetDecimal();

    [Fact]
    public async Task TheSampleHasItsOwnTreeDatedAndTheTreeOfJuly2025()
    {
        var trees = (await Ok(_client, "/api/trees")).EnumerateArray().ToList();
        Assert.Equal(["default", "2025-07"], trees.Select(t => t.GetProperty("id").GetString()));
        Assert.Equal("2023-04-15", trees[0].GetProperty("validFrom").GetString());
        Assert.Equal((37, 33), (trees[0].GetProperty("units").GetInt32(), trees[0].GetProperty("leaves").GetInt32()));
        Assert.Equal((116, 114), (trees[1].GetProperty("units").GetInt32(), trees[1].GetProperty("leaves").GetInt32()));

        // A unit's own page is on the newest tree: 10966 is Xã Bình Giang there, Xã Tân Việt on the sample's own tree.
        Assert.Equal("Xã Bình Giang", (await Ok(_client, "/api/units/10966")).GetProperty("name").GetString());
        Assert.Equal("Xã Tân Việt", (await Ok(_client, "/api/units/10966?tree=default")).GetProperty("name").GetString());
        Assert.Equal(404, (await Get(_client, "/api/units/296")).Status);
    }

    [Fact]
    public async Task Province31Shows2023OnTodaysCommunesWithTheCommunesOutsideTheSampleNotReported()
    {
        var province = await OkOnce(_client, "/api/units/31/indicators/2023?tree=2025-07", v => v.GetProperty("reportedLeaves").GetInt32() == 7);
        Assert.Equal(114, province.GetProperty("expectedLeaves").GetInt32());
        Assert.Equal(["default"], province.GetProperty("dataTrees").EnumerateArray().Select(t => t.GetString()));
        Assert.True(province.GetProperty("estimated").GetBoolean());

        var binhGiang = await Ok(_client, "/api/units/10966/indicators/2023?tree=2025-07");
        var expected = await Households2023("10966") + await Households2023("10963") + await Households2023("10978")
            + await Households2023("10984") + 0.5m * await Households2023("10960");
        Assert.Equal(expected, Element(binhGiang, "households"));

        var nation = await Ok(_client, "/api/units/VN/indicators/2023?tree=2025-07");
        Assert.Equal(8, nation.GetProperty("unmappedLeaves").GetInt32());

        var lineage = await Ok(_client, "/api/trees/2025-07/units/10966/lineage");
        Assert.Equal(["Xã Cổ Bì", "Xã Hồng Khê", "Xã Long Xuyên", "Xã Tân Việt", "Xã Vĩnh Hồng"],
            lineage.GetProperty("predecessors").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RankingsAndStandingsOnTodaysTreeRankTheRestatedCommunes()
    {
        var ranking = await OkOnce(_client, "/api/indicators/poverty_rate/2023/ranking?tree=2025-07",
            r => r.GetProperty("withoutValue").GetInt32() == 107);
        Assert.Equal(("2025-07", 114), (ranking.GetProperty("tree").GetString(), ranking.GetProperty("total").GetInt32()));
        var rows = ranking.GetProperty("rows").EnumerateArray().ToList();
        Assert.All(rows, r => Assert.Equal("31", r.GetProperty("parent").GetString()));
        var binhGiang = rows.Single(r => r.GetProperty("unit").GetString() == "10966");
        var restated = await Ok(_client, "/api/units/10966/indicators/2023?tree=2025-07");
        Assert.Equal(Value(restated, "poverty_rate"), binhGiang.GetProperty("value").GetDecimal());

        var standing = await Ok(_client, "/api/units/10966/standing/2023?tree=2025-07");
        var entries = standing.GetProperty("indicators").GetProperty("poverty_rate").GetProperty("standings").EnumerateArray().ToList();
        Assert.Equal(["31", "VN"], entries.Select(e => e.GetProperty("scope").GetString()));
        Assert.Equal((binhGiang.GetProperty("rank").GetInt32(), 7, 114),
            (entries[0].GetProperty("rank").GetInt32(), entries[0].GetProperty("of").GetInt32(), entries[0].GetProperty("total").GetInt32()));
    }

    [Fact]
    public async Task TheNewCommunesReport2025OnTheirOwnTree()
    {
        var province = await OkOnce(_client, "/api/units/31/indicators/2025", v => v.GetProperty("reportedLeaves").GetInt32() == 7);
        // 2025's first half is on the sample's own tree: the year may hold restated months, and says so.
        Assert.Equal(["default", "2025-07"], province.GetProperty("dataTrees").EnumerateArray().Select(t => t.GetString()));
        Assert.False((await Ok(_client, "/api/units/31/indicators/2025Q3")).TryGetProperty("tree", out _));
        var binhGiang = await Ok(_client, "/api/units/10966/reports/2025");
        Assert.True(binhGiang.GetProperty("values").GetProperty("households").GetDecimal() > 0);
        // 2025's reports are Bình Giang's; 2023's are still Tân Việt's.
        Assert.Equal(await Households2023("10966"), (await Ok(_client, "/api/units/10966/indicators/2023")).GetProperty("elements").GetProperty("households").GetDecimal());
    }
}
