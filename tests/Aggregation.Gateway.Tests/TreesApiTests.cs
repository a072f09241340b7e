using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

public sealed class TreesApiOnSqlite(SqliteTreesGateway gateway) : TreesApiTests(gateway), IClassFixture<SqliteTreesGateway>;

public sealed class TreesApiOnPostgres(PostgresTreesGateway gateway) : TreesApiTests(gateway), IClassFixture<PostgresTreesGateway>;

/// <summary>
/// A gateway without the sample, with the two trees of SPEC section 10's example loaded by file: <c>t2023</c>
/// (from 2020-01-01) where 10966 is Xã Tân Việt of district 296, and <c>t2025</c> (from 2025-07-01) where
/// 10966 is Xã Bình Giang straight under province 31. Tests that add trees date them before 2000, so the
/// periods the example uses stay on these two.
/// </summary>
public abstract class TreesGateway(string provider) : OwnGateway(provider, seedSample: false)
{
    public const string Units2023 = """
        code,name,level,parent,kind
        VN,Việt Nam,nation,,
        30,Tỉnh Hải Dương,province,VN,Tỉnh
        296,Huyện Bình Giang,district,30,Huyện
        10966,Xã Tân Việt,commune,296,Xã
        10963,Xã Long Xuyên,commune,296,Xã
        297,Huyện Gia Lộc,district,30,Huyện
        11020,Xã Gia Tân,commune,297,Xã
        """;

    public const string Units2025 = """
        code,name,level,parent,kind
        VN,Việt Nam,nation,,
        31,Thành phố Hải Phòng,province,VN,Thành phố
        10966,Xã Bình Giang,commune,31,Xã
        10945,Xã Kẻ Sặt,commune,31,Xã
        """;

    protected override async Task Seed()
    {
        foreach (var (id, day) in new[] { ("t2023", "2020-01-01"), ("t2025", "2025-07-01") })
        {
            var (status, body, _) = await Put(Client, $"/api/trees/{id}", new { validFrom = day, name = id });
            Assert.True(status == 201, $"PUT tree {id}: {status} {body}");
        }
        foreach (var (id, file) in new[] { ("t2023", Units2023), ("t2025", Units2025) })
        {
            var (status, body) = await TreesApiTests.Load(Client, id, file);
            Assert.True(status == 200 && body.GetProperty("conflicts").GetArrayLength() == 0, $"loading {id}: {status} {body}");
        }
    }
}

public sealed class SqliteTreesGateway() : TreesGateway("sqlite");

public sealed class PostgresTreesGateway() : TreesGateway("postgres");

/// <summary>Trees over HTTP: the book, bulk loads of units, and requests routed to the unit of the period's tree.</summary>
public abstract class TreesApiTests(TreesGateway gateway)
{
    private readonly HttpClient _client = gateway.Client;

    public static async Task<(int Status, JsonElement Body)> Load(HttpClient client, string tree, string csv, string query = "", string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/trees/{tree}/units{query}")
        {
            Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static (int Rows, int Created, int Updated, int Unchanged) Counts(JsonElement summary) => (
        summary.GetProperty("rows").GetInt32(), summary.GetProperty("created").GetInt32(),
        summary.GetProperty("updated").GetInt32(), summary.GetProperty("unchanged").GetInt32());

    private async Task<JsonElement> Tree(string id) =>
        (await Ok(_client, "/api/trees")).EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);

    private static List<string> FieldCodes(JsonElement problem) =>
        problem.GetProperty("fieldErrors").EnumerateArray().Select(e => $"{e.GetProperty("field").GetString()}:{e.GetProperty("code").GetString()}").ToList();

    [Fact]
    public async Task TreesAreListedOldestFirstWithTheirUnitsAndLeaves()
    {
        var trees = (await Ok(_client, "/api/trees")).EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        Assert.True(trees.IndexOf("t2023") < trees.IndexOf("t2025"), string.Join(", ", trees));
        var t2023 = await Tree("t2023");
        Assert.Equal("2020-01-01", t2023.GetProperty("validFrom").GetString());
        Assert.Equal((7, 3), (t2023.GetProperty("units").GetInt32(), t2023.GetProperty("leaves").GetInt32()));
        var t2025 = await Tree("t2025");
        Assert.Equal((4, 2), (t2025.GetProperty("units").GetInt32(), t2025.GetProperty("leaves").GetInt32()));
    }

    [Fact]
    public async Task PuttingATreeCreatesItThenRenamesItAndRefusesWhatBreaksTheRules()
    {
        var (created, body, _) = await Put(_client, "/api/trees/t1990", new { validFrom = "1990-01-01", name = "Danh mục 1990" });
        Assert.Equal(201, created);
        Assert.Equal(("t1990", "1990-01-01", 0), (body.GetProperty("id").GetString(), body.GetProperty("validFrom").GetString(), body.GetProperty("units").GetInt32()));
        var (renamed, again, _) = await Put(_client, "/api/trees/t1990", new { validFrom = "1990-02-01", name = "Danh mục 1990 (sửa)" });
        Assert.Equal(200, renamed); // no units yet: its day may still change
        Assert.Equal(("1990-02-01", "Danh mục 1990 (sửa)"), (again.GetProperty("validFrom").GetString(), again.GetProperty("name").GetString()));

        async Task Refused(string id, object tree, int status, string fieldCode)
        {
            var (code, problem, type) = await Put(_client, $"/api/trees/{id}", tree);
            Assert.True(code == status, $"PUT {id} {JsonSerializer.Serialize(tree)}: {code} {problem}");
            Assert.Equal("application/problem+json", type);
            Assert.Contains(fieldCode, FieldCodes(problem));
        }
        await Refused("bad id!", new { validFrom = "1991-01-01", name = "x" }, 422, "id:invalid_code");
        await Refused("t1991", new { validFrom = "1991-01-01", name = " " }, 422, "name:invalid_name");
        await Refused("t1991", new { name = "x" }, 422, "validFrom:required");
        await Refused("t1991", new { validFrom = "2025-02-30", name = "x" }, 422, "validFrom:invalid_date");
        await Refused("t1991", new { validFrom = "01/07/2025", name = "x" }, 422, "validFrom:invalid_date");
        await Refused("t1991", new { validFrom = "2020-01-01", name = "x" }, 422, "validFrom:same_valid_from");
        await Refused("t2023", new { validFrom = "2019-01-01", name = "t2023" }, 409, "validFrom:tree_in_use");
        Assert.Equal("2020-01-01", (await Tree("t2023")).GetProperty("validFrom").GetString());
        Assert.DoesNotContain((await Ok(_client, "/api/trees")).EnumerateArray(), t => t.GetProperty("id").GetString() == "t1991");

        var (analyst, _) = await Keys.Create(_client, "trees-analyst", "analyst", "VN");
        var forbidden = await Keys.Send(_client, HttpMethod.Put, "/api/trees/t1992", """{"validFrom":"1992-01-01","name":"x"}""", analyst);
        Assert.Equal(403, forbidden.Status);
        Assert.Equal(200, (await Keys.Send(_client, HttpMethod.Get, "/api/trees", token: analyst)).Status);
    }

    [Fact]
    public async Task ADryRunStoresNothingAndAReloadCountsWhatChanged()
    {
        const string file = """
            code,name,level,parent,kind
            VN,Việt Nam,nation,,
            01,Thành phố Hà Nội,province,VN,Thành phố
            00004,Phường Ba Đình,commune,01,Phường
            00008,Phường Ngọc Hà,commune,01,Phường
            """;
        Assert.Equal(201, (await Put(_client, "/api/trees/t1980", new { validFrom = "1980-01-01", name = "1980" })).Status);
        var (status, dry) = await Load(_client, "t1980", file, "?dryRun=true");
        Assert.Equal(200, status);
        Assert.Equal((4, 4, 0, 0), Counts(dry));
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.Equal(404, (await Get(_client, "/api/units/01?tree=t1980")).Status);
        Assert.Equal(0, (await Tree("t1980")).GetProperty("units").GetInt32());

        var (_, stored) = await Load(_client, "t1980", file);
        Assert.Equal((4, 4, 0, 0), Counts(stored));
        var hanoi = await Ok(_client, "/api/units/01?tree=t1980");
        Assert.Equal(("Thành phố Hà Nội", "Thành phố", "t1980", 2), (hanoi.GetProperty("name").GetString(), hanoi.GetProperty("kind").GetString(),
            hanoi.GetProperty("tree").GetString(), hanoi.GetProperty("leafCount").GetInt32()));
        Assert.Equal((4, 2), ((await Tree("t1980")).GetProperty("units").GetInt32(), (await Tree("t1980")).GetProperty("leaves").GetInt32()));

        var (_, same) = await Load(_client, "t1980", file);
        Assert.Equal((4, 0, 0, 4), Counts(same));
        // A rename, a new commune under an existing province, and a commune moved under a new district.
        var (_, changed) = await Load(_client, "t1980", """
            code,name,level,parent
            00004,Phường Ba Đình mới,commune,01
            00012,Phường Giảng Võ,commune,01
            001,Quận Ba Đình,district,01
            00008,Phường Ngọc Hà,commune,001
            """);
        Assert.Empty(changed.GetProperty("conflicts").EnumerateArray());
        Assert.Equal((4, 2, 2, 0), Counts(changed));
        Assert.Equal("Phường Ba Đình mới", (await Ok(_client, "/api/units/00004?tree=t1980")).GetProperty("name").GetString());
        Assert.Equal("001", (await Ok(_client, "/api/units/00008?tree=t1980")).GetProperty("parent").GetProperty("code").GetString());
        var tree = await Tree("t1980");
        Assert.Equal((6, 3), (tree.GetProperty("units").GetInt32(), tree.GetProperty("leaves").GetInt32()));
        Assert.Equal(3, (await Ok(_client, "/api/units/01?tree=t1980")).GetProperty("children").GetArrayLength());
    }

    [Fact]
    public async Task ALoadWithConflictsStoresNothingAndNamesEachRow()
    {
        var (status, summary) = await Load(_client, "t2023", """
            code,name,level,parent
            298,Huyện Cẩm Giàng,district,30
            11100,Xã Cẩm Điền,commune,298
            11101,,commune,298
            11102,Xã Lương Điền,hamlet,298
            11103,Xã Cẩm Phúc,commune,999
            11100,Xã Cẩm Điền,commune,298
            """);
        Assert.Equal(200, status);
        var conflicts = summary.GetProperty("conflicts").EnumerateArray()
            .Select(c => (c.GetProperty("row").GetInt32(), c.GetProperty("column").GetString(), c.GetProperty("code").GetString())).ToList();
        Assert.Equal([(4, "name", "invalid_name"), (5, "level", "invalid_level"), (6, "parent", "parent_not_found"), (7, "code", "repeated_row")], conflicts);
        Assert.Equal(404, (await Get(_client, "/api/units/298?tree=t2023")).Status);
        Assert.Equal(7, (await Tree("t2023")).GetProperty("units").GetInt32());

        var (missing, problem) = await Load(_client, "no-such-tree", "code,name,level,parent\nVN,Việt Nam,nation,\n");
        Assert.Equal(404, missing);
        Assert.Equal("tree_not_found", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ALeafWithReportsTakesNoChildrenFromALoad()
    {
        Assert.Equal(201, (await Put(_client, "/api/trees/t1940", new { validFrom = "1940-01-01", name = "1940" })).Status);
        Assert.Empty((await Load(_client, "t1940", "code,name,level,parent\nVN,Việt Nam,nation,\n001,Quận Ba Đình,district,VN\n")).Body.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(200, (await Put(_client, "/api/units/001/reports/1941", new { values = new { households = 500 } })).Status);

        var (_, summary) = await Load(_client, "t1940", "code,name,level,parent\n00001,Phường Phúc Xá,commune,001\n");
        var conflict = Assert.Single(summary.GetProperty("conflicts").EnumerateArray());
        Assert.Equal((2, "parent", "has_reports"), (conflict.GetProperty("row").GetInt32(), conflict.GetProperty("column").GetString(), conflict.GetProperty("code").GetString()));
        Assert.Equal(404, (await Get(_client, "/api/units/00001?tree=t1940")).Status);
        Assert.True((await Ok(_client, "/api/units/001?tree=t1940")).GetProperty("isLeaf").GetBoolean());
    }

    [Fact]
    public async Task AMultipartFileLoadsAndOnlyAdminsLoad()
    {
        Assert.Equal(201, (await Put(_client, "/api/trees/t1970", new { validFrom = "1970-01-01", name = "1970" })).Status);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("code,name,level,parent\nVN,Việt Nam,nation,\n01,Hà Nội,province,VN\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "units.csv");
        using var response = await _client.PostAsync("/api/trees/t1970/units", form);
        var summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal((2, 2, 0, 0), Counts(summary));

        var (analyst, _) = await Keys.Create(_client, "load-analyst", "analyst", "VN");
        var (forbidden, _) = await Load(_client, "t1970", "code,name,level,parent\n02,Hà Giang,province,VN\n", token: analyst);
        Assert.Equal(403, forbidden);
        var (noFile, problem, _) = await Send(_client, HttpMethod.Post, "/api/trees/t1970/units", null);
        Assert.Equal(415, noFile);
        Assert.Equal("file", problem.GetProperty("fieldErrors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task TheRealListOfOneProvinceLoads()
    {
        var lines = Repository.Read("data", "vn-units", "units-2025-07.csv").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Hải Phòng (31): the nation, the province and every commune under it.
        var province = lines.Where(l => l.Split(',') is var c && (c[0] is "VN" or "31" || c[3] == "31")).ToList();
        Assert.Equal(Assert.Single(lines, l => l.StartsWith("31,")), province[1]);
        Assert.Equal(201, (await Put(_client, "/api/trees/t1960", new { validFrom = "1960-01-01", name = "2025-07 (Hải Phòng)" })).Status);
        var (status, summary) = await Load(_client, "t1960", string.Join("\n", [lines[0], .. province]));
        Assert.Equal(200, status);
        Assert.Empty(summary.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(province.Count, summary.GetProperty("created").GetInt32());
        var tree = await Tree("t1960");
        Assert.Equal((province.Count, province.Count - 2), (tree.GetProperty("units").GetInt32(), tree.GetProperty("leaves").GetInt32()));
        var binhGiang = await Ok(_client, "/api/units/10966?tree=t1960");
        Assert.Equal(("Xã Bình Giang", "Xã", "31"), (binhGiang.GetProperty("name").GetString(), binhGiang.GetProperty("kind").GetString(),
            binhGiang.GetProperty("parent").GetProperty("code").GetString()));
    }

    [Fact]
    public async Task ReportsGoToTheUnitOfThePeriodsTree()
    {
        async Task Submit(string period, int households)
        {
            var (status, body, _) = await Put(_client, $"/api/units/10966/reports/{period}", new { values = new { households } });
            Assert.True(status == 200, $"PUT {period}: {status} {body}");
        }
        await Submit("2023", 2000);
        await Submit("2025", 9000);
        await Submit("2025S1", 2100);

        async Task<decimal> Households(string path) => (await Ok(_client, path)).GetProperty("values").GetProperty("households").GetDecimal();
        Assert.Equal(2000, await Households("/api/units/10966/reports/2023"));
        Assert.Equal(9000, await Households("/api/units/10966/reports/2025"));
        Assert.Equal(2100, await Households("/api/units/10966/reports/2025S1"));
        // Each landed on its tree's unit: Tân Việt's district has 2023 and 2025S1, Bình Giang's province 2025.
        async Task<decimal> Total(string path) => (await Ok(_client, path)).GetProperty("elements").GetProperty("households").GetDecimal();
        Assert.Equal(2000, await Total("/api/units/296/indicators/2023"));
        Assert.Equal(2100, await Total("/api/units/296/indicators/2025S1"));
        Assert.Equal(9000, await Total("/api/units/31/indicators/2025"));
        Assert.Equal(404, (await Get(_client, "/api/units/296/indicators/2025")).Status); // 296 is no unit of t2025

        // ?tree= the period's own tree is accepted; an older tree refused; a newer one is a view on that tree.
        Assert.Equal(2000, await Total("/api/units/296/indicators/2023?tree=t2023"));
        var (older, problem, _) = await Get(_client, "/api/units/31/indicators/2025?tree=t2023");
        Assert.Equal(422, older);
        Assert.Contains("tree:not_newer_tree", FieldCodes(problem));
        var (unknown, notFound, _) = await Get(_client, "/api/units/10966/indicators/2023?tree=t9999");
        Assert.Equal((404, "tree_not_found"), (unknown, notFound.GetProperty("code").GetString()));
        Assert.Equal(200, (await Get(_client, "/api/units/31/indicators/2023?tree=t2025")).Status);
        Assert.Equal(200, (await Get(_client, "/api/units/31/missing/2023?tree=t2025")).Status);
    }

    [Fact]
    public async Task AUnitIsShownOnTheNewestTreeOrTheTreeAsked()
    {
        var newest = await Ok(_client, "/api/units/10966");
        Assert.Equal(("Xã Bình Giang", "t2025", "31"), (newest.GetProperty("name").GetString(), newest.GetProperty("tree").GetString(),
            newest.GetProperty("parent").GetProperty("code").GetString()));
        var old = await Ok(_client, "/api/units/10966?tree=t2023");
        Assert.Equal(("Xã Tân Việt", "t2023", "296"), (old.GetProperty("name").GetString(), old.GetProperty("tree").GetString(),
            old.GetProperty("parent").GetProperty("code").GetString()));
        Assert.Equal(404, (await Get(_client, "/api/units/296")).Status);
        Assert.Equal("tree_not_found", (await Get(_client, "/api/units/10966?tree=nope")).Body.GetProperty("code").GetString());

        // A PUT goes to the newest tree too, or to the tree asked.
        Assert.Equal(201, (await Put(_client, "/api/trees/t1950", new { validFrom = "1950-01-01", name = "1950" })).Status);
        var (put, _, _) = await Put(_client, "/api/units/VN?tree=t1950", new { name = "Việt Nam Dân chủ Cộng hòa", level = "nation" });
        Assert.Equal(200, put);
        Assert.Equal("Việt Nam", (await Ok(_client, "/api/units/VN")).GetProperty("name").GetString());
        Assert.Equal("Việt Nam Dân chủ Cộng hòa", (await Ok(_client, "/api/units/VN?tree=t1950")).GetProperty("name").GetString());
    }
}
