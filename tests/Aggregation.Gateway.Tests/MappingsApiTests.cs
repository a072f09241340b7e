using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Aggregation.Contracts;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Security;
using Aggregation.Domain.Trees;
using Aggregation.Domain.Units;
using Microsoft.Extensions.DependencyInjection;
using static Aggregation.Gateway.Tests.Keys;

namespace Aggregation.Gateway.Tests;

public sealed class MappingsApiOnSqlite(VnTreesGateway.OnSqlite gateway) : MappingsApiTests(gateway), IClassFixture<VnTreesGateway.OnSqlite>;

public sealed class MappingsApiOnPostgres(VnTreesGateway.OnPostgres gateway) : MappingsApiTests(gateway), IClassFixture<VnTreesGateway.OnPostgres>;

/// <summary>
/// A gateway holding the real trees for the communes of Xã Bình Giang: district 296 Bình Giang of 2023-04, province 30
/// Hải Dương of 2025-03 and province 31 Hải Phòng of 2025-07 (from data/vn-units), loaded through the unit grains.
/// </summary>
public abstract class VnTreesGateway(string provider) : OwnGateway(provider, seedSample: false)
{
    public sealed class OnSqlite() : VnTreesGateway("sqlite");

    public sealed class OnPostgres() : VnTreesGateway("postgres");

    public static readonly KeyPrincipal Loader = new("loader", "tree loader", "admin", "");

    protected override async Task Seed()
    {
        await Tree("2023-04", new DateOnly(2023, 4, 15), "units-2023-04.csv", "296");
        await Tree("2025-03", new DateOnly(2025, 3, 1), "units-2025-03.csv", "30");
        await Tree("2025-07", new DateOnly(2025, 7, 1), "units-2025-07.csv", "31");
    }

    /// <summary>The tree with the units of the list at or under <paramref name="under"/>, and the units above it up to the nation.</summary>
    private async Task Tree(string id, DateOnly validFrom, string file, string under)
    {
        Assert.Null((await Grains.TreeBook().Put(new TreeInfo(id, validFrom, $"Danh mục {id}"), Loader)).Refusal);
        var units = Repository.Read("data", "vn-units", file).Split('\n').Skip(1).Where(l => l.Length > 0)
            .Select(l => l.TrimEnd('\r').Split(',')).Select(f => new UnitDefinition(f[0], f[1], f[2], f[3].Length == 0 ? null : f[3])).ToList();
        var byCode = units.ToDictionary(u => u.Code);
        var above = new HashSet<string>();
        for (var code = byCode[under].Parent; code is not null; code = byCode[code].Parent)
        {
            above.Add(code);
        }
        bool AtOrUnder(string? code)
        {
            for (; code is not null; code = byCode[code].Parent)
            {
                if (code == under)
                {
                    return true;
                }
            }
            return false;
        }
        var chosen = units.Select(u => u.Code).Where(c => above.Contains(c) || AtOrUnder(c)).ToHashSet();
        foreach (var level in new[] { "nation", "province", "district", "commune" })
        {
            await Task.WhenAll(units.Where(u => u.Level == level && chosen.Contains(u.Code)).Select(async u =>
                Assert.Empty((await Grains.UpsertUnit(new UnitKey(id, u.Code), new UnitInput(u.Name, u.Level, u.Parent), Loader)).Refusals)));
        }
    }
}

/// <summary>Mappings between trees and the lineage of units, on the real lists and small trees of their own.</summary>
public abstract class MappingsApiTests(VnTreesGateway gateway)
{
    private readonly HttpClient _admin = gateway.Client;

    private static string DataFile(string file) => Repository.Read("data", "vn-units", file);

    private async Task<Answer> Post(string path, string? csv) => await Send(_admin, HttpMethod.Post, path, csv, contentType: "text/csv");

    private async Task<JsonElement> Lineage(string tree, string code)
    {
        var answer = await Send(_admin, HttpMethod.Get, $"/api/trees/{tree}/units/{code}/lineage");
        Assert.True(answer.Status == 200, answer.Text);
        return answer.Json;
    }

    private static List<(string Tree, string Unit, string? Name, decimal Share, bool Estimated)> Links(JsonElement lineage, string way) =>
        [.. lineage.GetProperty(way).EnumerateArray()
            .Select(l => (l.GetProperty("tree").GetString()!, l.GetProperty("unit").GetString()!, l.GetProperty("name").GetString(),
                l.GetProperty("share").GetDecimal(), l.GetProperty("estimated").GetBoolean()))
            .OrderBy(l => l.Item2, StringComparer.Ordinal)];

    private static (int, int, int, int, int) Counts(JsonElement answer) => (answer.GetProperty("links").GetInt32(), answer.GetProperty("full").GetInt32(),
        answer.GetProperty("partial").GetInt32(), answer.GetProperty("estimated").GetInt32(), answer.GetProperty("unmappedLeaves").GetInt32());

    /// <summary>
    /// Two trees of this test's own, in force from <paramref name="year"/> (nothing else is then): old leaves A, B, C, D
    /// under R, new leaves X and Y under R. Codes are prefixed by the year, the trees are <c>o{year}</c> and <c>n{year}</c>.
    /// </summary>
    private async Task<(string Old, string New)> SmallTrees(int year)
    {
        var (old, @new) = ($"o{year}", $"n{year}");
        foreach (var (tree, day, leaves) in new[] { (old, new DateOnly(year, 1, 1), "ABCD"), (@new, new DateOnly(year, 7, 1), "XY") })
        {
            Assert.Null((await gateway.Grains.TreeBook().Put(new TreeInfo(tree, day, tree), VnTreesGateway.Loader)).Refusal);
            Assert.Empty((await gateway.Grains.UpsertUnit(new UnitKey(tree, "R"), new UnitInput("Gốc", "nation", null), VnTreesGateway.Loader)).Refusals);
            foreach (var leaf in leaves)
            {
                Assert.Empty((await gateway.Grains.UpsertUnit(new UnitKey(tree, $"{leaf}{year}"), new UnitInput($"Xã {leaf}", "commune", "R"), VnTreesGateway.Loader)).Refusals);
            }
        }
        return (old, @new);
    }

    [Fact]
    public async Task TheReformMapsHaiDuongIntoHaiPhongAndListsTheCodesOfTheOtherProvinces()
    {
        var answer = await Post("/api/trees/2025-07/mapping?from=2025-03", DataFile("mapping-2025-03-to-2025-07.csv"));

        Assert.True(answer.Status == 200, answer.Text);
        var body = answer.Json;
        Assert.Equal(("2025-03", "2025-07", false, true), (body.GetProperty("from").GetString(), body.GetProperty("to").GetString(),
            body.GetProperty("dryRun").GetBoolean(), body.GetProperty("stored").GetBoolean()));
        Assert.Equal(10_603, body.GetProperty("rows").GetInt32());
        // Hải Dương's 207 communes went into 114 communes of Hải Phòng: 173 whole, 70 parts of 2025-03 communes that were split.
        Assert.Equal((243, 173, 70, 70, 0), Counts(body));
        var unknown = body.GetProperty("unknownCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(9_850, unknown.Count); // the other provinces' codes, and the twelve codes of no 2025-03 list
        Assert.Contains("07693", unknown);
        Assert.Contains("00001", unknown);
        Assert.DoesNotContain("10966", unknown);
        Assert.Empty(body.GetProperty("conflicts").EnumerateArray());
        Assert.Empty(body.GetProperty("unmapped").EnumerateArray());

        // Xã Bình Giang: Tân Việt, Long Xuyên, Hồng Khê and Cổ Bì whole, and an estimated half of Vĩnh Hồng (split with Kẻ Sặt).
        var lineage = await Lineage("2025-07", "10966");
        Assert.Equal(("2025-07", "10966", "Xã Bình Giang"), (lineage.GetProperty("tree").GetString(), lineage.GetProperty("unit").GetString(), lineage.GetProperty("name").GetString()));
        Assert.Equal(
        [
            ("2025-03", "10960", "Xã Vĩnh Hồng", 0.5m, true),
            ("2025-03", "10963", "Xã Long Xuyên", 1m, false),
            ("2025-03", "10966", "Xã Tân Việt", 1m, false),
            ("2025-03", "10978", "Xã Hồng Khê", 1m, false),
            ("2025-03", "10984", "Xã Cổ Bì", 1m, false),
        ], Links(lineage, "predecessors"));
        Assert.Empty(lineage.GetProperty("successors").EnumerateArray());
        Assert.Equal(["10945", "10966"], Links(await Lineage("2025-03", "10960"), "successors").Select(l => l.Unit));
    }

    [Fact]
    public async Task PersistingCodesMap2023Into2025MarchAfterADryRunThatStoresNothing()
    {
        var dry = await Post("/api/trees/2025-03/mapping?from=2023-04&by=code&dryRun=true", null);
        Assert.True(dry.Status == 200, dry.Text);
        Assert.Equal((15, 15, 0, 0, 1), Counts(dry.Json));
        Assert.Equal((true, false), (dry.Json.GetProperty("dryRun").GetBoolean(), dry.Json.GetProperty("stored").GetBoolean()));
        Assert.False(dry.Json.TryGetProperty("rows", out _));
        Assert.Empty(Links(await Lineage("2025-03", "10966"), "predecessors"));

        var stored = await Post("/api/trees/2025-03/mapping?from=2023-04&by=code", "");
        Assert.True(stored.Status == 200, stored.Text);
        Assert.Equal((15, 15, 0, 0, 1), Counts(stored.Json));
        // Xã Thái Học (10975) was merged by 2025: unmapped, listed, never guessed.
        Assert.Equal(["10975"], stored.Json.GetProperty("unmapped").EnumerateArray().Select(c => c.GetString()));
        Assert.Empty(stored.Json.GetProperty("unknownCodes").EnumerateArray());

        Assert.Equal([("2023-04", "10966", "Xã Tân Việt", 1m, false)], Links(await Lineage("2025-03", "10966"), "predecessors"));
        Assert.Equal([("2025-03", "10966", "Xã Tân Việt", 1m, false)], Links(await Lineage("2023-04", "10966"), "successors"));
        Assert.Empty(Links(await Lineage("2023-04", "10975"), "successors"));
        Assert.Empty(Links(await Lineage("2023-04", "10966"), "predecessors"));
    }

    [Fact]
    public async Task SharesAboveOneAreRefusedNamingTheLeafAndNothingIsStored()
    {
        var (old, @new) = await SmallTrees(2031);
        var first = await Post($"/api/trees/{@new}/mapping?from={old}", "from,to,share\nA2031,X2031,0.6\nA2031,Y2031,0.4\nB2031,Y2031,1\n");
        Assert.True(first.Status == 200, first.Text);
        Assert.Equal((3, 1, 2, 0, 2), Counts(first.Json));
        Assert.Equal(["C2031", "D2031"], first.Json.GetProperty("unmapped").EnumerateArray().Select(c => c.GetString()));

        var refused = await Post($"/api/trees/{@new}/mapping?from={old}", "from,to,share\nA2031,X2031,0.7\nA2031,Y2031,0.4\nC2031,Y2031,1\n");

        Assert.Equal(422, refused.Status);
        Assert.Equal("application/problem+json", refused.ContentType);
        var error = Assert.Single(refused.Json.GetProperty("fieldErrors").EnumerateArray());
        Assert.Equal(("A2031", RefusalCodes.SharesAboveOne), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal("A2031", error.GetProperty("args").GetProperty("leaf").GetString());
        Assert.Equal(1.1m, error.GetProperty("args").GetProperty("sum").GetDecimal());
        // The first mapping stands: C is still unmapped, A still splits 0.6 / 0.4.
        Assert.Empty(Links(await Lineage(old, "C2031"), "successors"));
        Assert.Equal([(@new, "X2031", "Xã X", 0.6m, false), (@new, "Y2031", "Xã Y", 0.4m, false)], Links(await Lineage(old, "A2031"), "successors"));
    }

    [Fact]
    public async Task UnreadableRowsAreConflictsAndNothingIsStored()
    {
        var (old, @new) = await SmallTrees(2032);

        var answer = await Post($"/api/trees/{@new}/mapping?from={old}", "from,to,link\nA2032,X2032,full\nB2032,Y2032,most\nC2032,bad code,full\n");

        Assert.True(answer.Status == 200, answer.Text);
        Assert.False(answer.Json.GetProperty("stored").GetBoolean());
        var conflicts = answer.Json.GetProperty("conflicts").EnumerateArray()
            .Select(c => (c.GetProperty("row").GetInt32(), c.GetProperty("column").GetString(), c.GetProperty("code").GetString())).ToList();
        Assert.Equal([(3, "link", RefusalCodes.InvalidLink), (4, "to", RefusalCodes.InvalidCode)], conflicts);
        Assert.Empty(Links(await Lineage(@new, "X2032"), "predecessors"));
    }

    [Fact]
    public async Task AFileSentAsMultipartReplacesTheMappingAndEstimatesUnsharedParts()
    {
        var (old, @new) = await SmallTrees(2033);
        Assert.Equal(200, (await Post($"/api/trees/{@new}/mapping?from={old}", "from,to,link\nA2033,X2033,full\nB2033,X2033,full\n")).Status);

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("from,to,link\nA2033,Y2033,full\nC2033,X2033,partial\nC2033,Y2033,partial\n"));
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
        form.Add(file, "file", "mapping.csv");
        using var response = await _admin.PostAsync($"/api/trees/{@new}/mapping?from={old}", form);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal((3, 1, 2, 2, 2), Counts(body));
        Assert.Equal([(old, "A2033", "Xã A", 1m, false), (old, "C2033", "Xã C", 0.5m, true)], Links(await Lineage(@new, "Y2033"), "predecessors"));
        Assert.Equal([(old, "C2033", "Xã C", 0.5m, true)], Links(await Lineage(@new, "X2033"), "predecessors"));
        Assert.Empty(Links(await Lineage(old, "B2033"), "successors"));
    }

    [Theory]
    [InlineData("/api/trees/2025-07/mapping?from=2023-04&by=code", 422, RefusalCodes.NotPrevious)]
    [InlineData("/api/trees/2025-03/mapping?from=2025-07&by=code", 422, RefusalCodes.NotNewer)]
    [InlineData("/api/trees/2025-03/mapping?from=2025-03&by=code", 422, RefusalCodes.NotNewer)]
    [InlineData("/api/trees/2025-07/mapping?from=1999-01&by=code", 404, RefusalCodes.TreeNotFound)]
    [InlineData("/api/trees/2099-01/mapping?from=2025-07&by=code", 404, RefusalCodes.TreeNotFound)]
    [InlineData("/api/trees/2025-07/mapping?by=code", 400, RefusalCodes.Required)]
    [InlineData("/api/trees/2025-07/mapping?from=2025-03&by=name", 400, RefusalCodes.InvalidValue)]
    [InlineData("/api/trees/2025-07/mapping?from=a@b&by=code", 400, RefusalCodes.InvalidCode)]
    public async Task AMappingComesFromTheTreeRightBeforeAnExistingTree(string path, int status, string code)
    {
        var answer = await Post(path, null);

        Assert.Equal(status, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        var json = answer.Json;
        var codes = json.TryGetProperty("fieldErrors", out var errors)
            ? errors.EnumerateArray().Select(e => e.GetProperty("code").GetString()).ToList()
            : [json.GetProperty("code").GetString()];
        Assert.Contains(code, codes);
        if (status == 422)
        {
            Assert.Equal("from", errors.EnumerateArray().Single().GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task AFileThatIsNoCsvOrAByCodeMappingWithAFileIsRefused()
    {
        var withFile = await Post("/api/trees/2025-07/mapping?from=2025-03&by=code", "from,to,link\n10966,10966,full\n");
        Assert.Equal((400, "file"), (withFile.Status, withFile.Json.GetProperty("fieldErrors")[0].GetProperty("field").GetString()));
        var xlsx = await Send(_admin, HttpMethod.Post, "/api/trees/2025-07/mapping?from=2025-03", "PK", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        Assert.Equal(415, xlsx.Status);
        var empty = await Post("/api/trees/2025-07/mapping?from=2025-03", "");
        Assert.Equal((422, RefusalCodes.EmptyFile), (empty.Status, empty.Json.GetProperty("fieldErrors")[0].GetProperty("code").GetString()));
        var quote = await Post("/api/trees/2025-07/mapping?from=2025-03", "from,to,link\n10966,10\"966,full\n");
        Assert.True(quote.Status == 422, quote.Text);
        Assert.Equal((422, RefusalCodes.UnreadableFile), (quote.Status, quote.Json.GetProperty("fieldErrors")[0].GetProperty("code").GetString()));
        // A quote never closed would swallow the rest of the file into one cell.
        var unclosed = await Post("/api/trees/2025-07/mapping?from=2025-03", "from,to,link\n10966,\"10966,full\n");
        Assert.Equal((422, RefusalCodes.UnreadableFile), (unclosed.Status, unclosed.Json.GetProperty("fieldErrors")[0].GetProperty("code").GetString()));
        Assert.DoesNotContain(Links(await Lineage("2025-07", "10945"), "predecessors"), l => l.Unit == "10966");
    }

    [Theory]
    [InlineData("/api/trees/1999-01/units/10966/lineage", 404, RefusalCodes.TreeNotFound)]
    [InlineData("/api/trees/2025-07/units/99999/lineage", 404, RefusalCodes.UnitNotFound)]
    [InlineData("/api/trees/2025-07/units/a@b/lineage", 400, RefusalCodes.InvalidCode)]
    public async Task LineageOfAnUnknownTreeOrUnitIsRefused(string path, int status, string code)
    {
        var answer = await Send(_admin, HttpMethod.Get, path);

        Assert.Equal(status, answer.Status);
        var json = answer.Json;
        Assert.Equal(code, json.TryGetProperty("fieldErrors", out var errors) ? errors[0].GetProperty("code").GetString() : json.GetProperty("code").GetString());
    }

    /// <summary>A key stored through its grain: the keys API checks its unit in the tree requests name by code alone.</summary>
    private async Task<string> Key(string name, string role, string unit)
    {
        var (id, secret) = (ApiKeyToken.NewId(), ApiKeyToken.NewSecret());
        Assert.True(await gateway.Grains.GetGrain<IApiKeyGrain>(id).Create(
            new NewApiKey(name, role, unit, null, ApiKeyToken.Hash(secret), VnTreesGateway.Loader.Signature()), VnTreesGateway.Loader));
        return ApiKeyToken.Format(id, secret);
    }

    [Fact]
    public async Task LineageIsReadInTheKeysScopeOfThatTreeAndOnlyAdministratorsMap()
    {
        var bare = gateway.Factory.ClientWithKey(null);
        // An analyst of Hải Phòng: its 31 is a province of 2025-07; 2025-03 here holds Hải Dương only.
        var analyst = await Key("Hải Phòng analyst", "analyst", "31");
        var reporter = await Key("Bình Giang reporter", "reporter", "10966");

        Assert.Equal(200, (await Send(bare, HttpMethod.Get, "/api/trees/2025-07/units/10966/lineage", token: analyst)).Status);
        Assert.Equal(403, (await Send(bare, HttpMethod.Get, "/api/trees/2025-03/units/10966/lineage", token: analyst)).Status);
        Assert.Equal(200, (await Send(bare, HttpMethod.Get, "/api/trees/2025-07/units/10966/lineage", token: reporter)).Status);
        Assert.Equal(403, (await Send(bare, HttpMethod.Get, "/api/trees/2025-07/units/10945/lineage", token: reporter)).Status);
        Assert.Equal(401, (await Send(bare, HttpMethod.Get, "/api/trees/2025-07/units/10966/lineage")).Status);
        foreach (var token in new[] { analyst, reporter })
        {
            var refused = await Send(bare, HttpMethod.Post, "/api/trees/2025-03/mapping?from=2023-04&by=code", null, token);
            Assert.Equal(403, refused.Status);
        }
    }
}
