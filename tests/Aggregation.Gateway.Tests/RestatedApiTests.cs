using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using static Aggregation.Gateway.Tests.Http;
using static Aggregation.Tests.Shared.BinhGiangExample;

namespace Aggregation.Gateway.Tests;

public sealed class RestatedApiOnSqlite(SqliteRestatedGateway gateway) : RestatedApiTests(gateway), IClassFixture<SqliteRestatedGateway>;

public sealed class RestatedApiOnPostgres(PostgresRestatedGateway gateway) : RestatedApiTests(gateway), IClassFixture<PostgresRestatedGateway>;

/// <summary>
/// The worked example of docs/trees.md over HTTP: tree <c>t2023</c> with Bình Giang's five communes (and Gia Tân of
/// another district, which no link takes on), tree <c>t2025</c> where they became Xã Bình Giang (10966) and, for the
/// other half of Vĩnh Hồng, Xã Kẻ Sặt (10945); their 2023 reports, and the mapping between the trees.
/// </summary>
public abstract class RestatedGateway(string provider) : OwnGateway(provider, seedSample: false)
{
    protected override async Task Seed()
    {
        foreach (var (id, day, units) in new[] { ("t2023", "2020-01-01", Units2023), ("t2025", "2025-07-01", Units2025) })
        {
            Assert.Equal(201, (await Put(Client, $"/api/trees/{id}", new { validFrom = day, name = id })).Status);
            var (status, body) = await TreesApiTests.Load(Client, id, units);
            Assert.True(status == 200, $"loading {id}: {status} {body}");
        }
        foreach (var (code, (households, poor, criteria)) in Reports2023)
        {
            await Report(code, "2023", households, poor, criteria);
        }
        using var mapping = await Client.PostAsync("/api/trees/t2025/mapping?from=t2023", new StringContent(Mapping, Encoding.UTF8, "text/csv"));
        Assert.True(mapping.IsSuccessStatusCode, await mapping.Content.ReadAsStringAsync());
    }

    public async Task Report(string code, string period, int households, int poor, int criteria)
    {
        var (status, body, _) = await Put(Client, $"/api/units/{code}/reports/{period}",
            new { values = new { households, poor_households = poor, ntm_criteria_met = criteria } });
        Assert.True(status == 200, $"PUT {code} {period}: {status} {body}");
    }
}

public sealed class SqliteRestatedGateway() : RestatedGateway("sqlite");

public sealed class PostgresRestatedGateway() : RestatedGateway("postgres");

/// <summary>Older periods on a newer tree (SPEC section 10): restated components, recomputed rates, where the figures come from.</summary>
public abstract class RestatedApiTests(RestatedGateway gateway)
{
    private readonly HttpClient _client = gateway.Client;

    private static decimal Element(JsonElement view, string element) => view.GetProperty("elements").GetProperty(element).GetDecimal();

    private static decimal? Value(JsonElement view, string indicator) =>
        view.GetProperty("indicators").GetProperty(indicator).GetProperty("value") is { ValueKind: JsonValueKind.Number } v ? v.GetDecimal() : null;

    [Fact]
    public async Task XaBinhGiangShows2023AsTheSharesOfItsFivePredecessorsWithTheRateRecomputed()
    {
        var binhGiang = await OkOnce(_client, "/api/units/10966/indicators/2023?tree=t2025", v => v.GetProperty("reportedLeaves").GetInt32() == 1);
        Assert.Equal(9000m, Element(binhGiang, "households"));
        Assert.Equal(314m, Element(binhGiang, "poor_households"));
        Assert.Equal(3.488889m, Value(binhGiang, "poverty_rate"));
        Assert.Equal(18.444444m, decimal.Round(Element(binhGiang, "ntm_criteria_met"), 6));
        Assert.Equal(0m, Value(binhGiang, "ntm_standard_share"));
        Assert.Equal("t2025", binhGiang.GetProperty("tree").GetString());
        Assert.Equal(["t2023"], binhGiang.GetProperty("dataTrees").EnumerateArray().Select(t => t.GetString()));
        Assert.True(binhGiang.GetProperty("estimated").GetBoolean());
        Assert.Equal(1, binhGiang.GetProperty("estimatedLeaves").GetInt32());
        Assert.False(binhGiang.TryGetProperty("unmappedLeaves", out _));

        // On its own tree the same code is Tân Việt, and the answer says nothing of trees.
        var tanViet = await Ok(_client, "/api/units/10966/indicators/2023");
        Assert.Equal(2000m, Element(tanViet, "households"));
        Assert.False(tanViet.TryGetProperty("tree", out _));
        Assert.Equal(3m, Value(tanViet, "poverty_rate"));
    }

    [Fact]
    public async Task TheRestatedNationCountsTheOldLeavesNoLinkTakesOn()
    {
        var nation = await OkOnce(_client, "/api/units/VN/indicators/2023?tree=t2025", v => v.GetProperty("reportedLeaves").GetInt32() == 2);
        Assert.Equal(2, nation.GetProperty("expectedLeaves").GetInt32());
        Assert.Equal(2, nation.GetProperty("estimatedLeaves").GetInt32());
        Assert.Equal(1, nation.GetProperty("unmappedLeaves").GetInt32());
        Assert.Equal(10_500m, Element(nation, "households"));
        Assert.Equal(11_500m, Element(await Ok(_client, "/api/units/VN/indicators/2023"), "households"));

        var comparison = await Ok(_client, "/api/units/31/comparison/2023?indicator=poverty_rate&tree=t2025");
        Assert.Equal(["10966", "10945"], comparison.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("unit").GetString()));
        Assert.Equal(["t2023"], comparison.GetProperty("dataTrees").EnumerateArray().Select(t => t.GetString()));

        var missing = await Ok(_client, "/api/units/31/missing/2023?tree=t2025");
        Assert.Equal(0, missing.GetProperty("missing").GetArrayLength());
        Assert.Equal("t2025", missing.GetProperty("tree").GetString());
    }

    [Fact]
    public async Task ACorrectionOfAnOldReportMovesTheRestatedFigures()
    {
        await OkOnce(_client, "/api/units/VN/indicators/2023?tree=t2025", v => v.GetProperty("reportedLeaves").GetInt32() == 2);
        await gateway.Report("10984", "2023", 2400, 44, 19);
        var nation = await OkOnce(_client, "/api/units/VN/indicators/2023?tree=t2025", v => Element(v, "households") == 10_700m);
        Assert.Equal(9200m, Element(await Ok(_client, "/api/units/10966/indicators/2023?tree=t2025"), "households"));
        await gateway.Report("10984", "2023", 2200, 44, 19);
        await OkOnce(_client, "/api/units/VN/indicators/2023?tree=t2025", v => Element(v, "households") == 10_500m);
        Assert.Equal(2, nation.GetProperty("reportedLeaves").GetInt32());
    }

    [Fact]
    public async Task AWhatIfOnTheNewTreeStartsFromTheRestatedFigures()
    {
        await OkOnce(_client, "/api/units/31/indicators/2023?tree=t2025", v => v.GetProperty("reportedLeaves").GetInt32() == 2);
        var (status, body, _) = await Send(_client, HttpMethod.Post, "/api/what-if", JsonSerializer.Serialize(new
        {
            unit = "31", period = "2023", tree = "t2025",
            overrides = new[] { new { unit = "10966", element = "poor_households", set = 0 } },
        }));
        Assert.True(status == 200, $"{status} {body}");
        var poverty = body.GetProperty("indicators").GetProperty("poverty_rate");
        Assert.Equal(3.704762m, poverty.GetProperty("baseline").GetDecimal());
        Assert.Equal(0.714286m, poverty.GetProperty("scenario").GetDecimal());
    }

    [Fact]
    public async Task ASavedScenarioKeepsTheTreeItWasSavedOn()
    {
        await OkOnce(_client, "/api/units/31/indicators/2023?tree=t2025", v => v.GetProperty("reportedLeaves").GetInt32() == 2);
        var (status, saved, _) = await Send(_client, HttpMethod.Post, "/api/scenarios", JsonSerializer.Serialize(new
        {
            name = "Bình Giang không còn hộ nghèo", unit = "31", period = "2023", tree = "t2025",
            overrides = new[] { new { unit = "10966", element = "poor_households", set = 0 } },
        }));
        Assert.True(status == 201, $"{status} {saved}");
        Assert.Equal("t2025", saved.GetProperty("tree").GetString());
        var result = await Ok(_client, $"/api/scenarios/{saved.GetProperty("id").GetString()}/result");
        Assert.Equal(0.714286m, result.GetProperty("indicators").GetProperty("poverty_rate").GetProperty("scenario").GetDecimal());
        // Without `tree`, a scenario is on its period's own tree, which it names as well.
        (status, saved, _) = await Send(_client, HttpMethod.Post, "/api/scenarios", JsonSerializer.Serialize(new
        {
            name = "Tân Việt", unit = "296", period = "2023",
            overrides = new[] { new { unit = "10966", element = "poor_households", set = 0 } },
        }));
        Assert.True(status == 201, $"{status} {saved}");
        Assert.Equal("t2023", saved.GetProperty("tree").GetString());
    }

    [Fact]
    public async Task AViewOntoAnOlderTreeIsRefused()
    {
        var (status, body, _) = await Get(_client, "/api/units/10966/indicators/2025?tree=t2023");
        Assert.Equal(422, status);
        Assert.Equal("not_newer_tree", body.GetProperty("fieldErrors")[0].GetProperty("code").GetString());
        Assert.Equal("tree", body.GetProperty("fieldErrors")[0].GetProperty("field").GetString());
    }
}
