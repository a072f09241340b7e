using System.Text.Json;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

/// <summary>
/// Changes to the hierarchy racing each other or a report: exactly one of two conflicting changes wins,
/// neither answers 5xx, and the live totals match the leaves' reports afterwards.
/// </summary>
public sealed class HierarchyRacesOnSqlite(SqliteSampleGateway gateway) : HierarchyRaceTests(gateway), IClassFixture<SqliteSampleGateway>;

public sealed class HierarchyRacesOnPostgres(PostgresSampleGateway gateway) : HierarchyRaceTests(gateway), IClassFixture<PostgresSampleGateway>;

public abstract class HierarchyRaceTests(SampleGateway gateway)
{
    private const int Rounds = 12;
    private readonly HttpClient _admin = gateway.Client;

    [Fact]
    public async Task AReportRacingANewChildLeavesEitherALeafWithDataOrAParentWithout()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var (root, leaf, child) = ($"race-r{round}-{Guid.NewGuid():N}"[..20], $"race-p{round}-{Guid.NewGuid():N}"[..20], $"race-c{round}-{Guid.NewGuid():N}"[..20]);
            await Unit(root, "province", null);
            await Unit(leaf, "district", root);

            var report = Put(_admin, $"/api/units/{leaf}/reports/2023", new { values = new { households = 800, poor_households = 8 } });
            var adopt = Put(_admin, $"/api/units/{child}", new { name = "Xã Mới", level = "commune", parent = leaf });
            var (reported, adopted) = ((await report).Status, (await adopt).Status);

            // A leaf with data refuses children; a unit with a child refuses reports: one of the two wins.
            Assert.True(reported == 200 ^ adopted == 200, $"round {round}: report {reported}, new child {adopted}");
            Assert.True(reported is 200 or 422, $"round {round}: report answered {reported}");
            Assert.True(adopted is 200 or 409, $"round {round}: new child answered {adopted}");
            var unit = await Ok(_admin, $"/api/units/{leaf}");
            Assert.Equal(adopted == 200, !unit.GetProperty("isLeaf").GetBoolean());
            Assert.Equal(reported == 200 ? 200 : 404, (await Get(_admin, $"/api/units/{leaf}/reports/2023")).Status);
            Assert.Equal(adopted == 200 ? 200 : 404, (await Get(_admin, $"/api/units/{child}")).Status);
            await ExpectNoDrift(root);
            var households = Elements(await Ok(_admin, $"/api/units/{root}/indicators/2023"), "households");
            Assert.Equal(reported == 200 ? 800m : null, households);
        }
    }

    [Fact]
    public async Task TwoMovesThatWouldMakeACycleTogetherLeaveOneApplied()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var (a, b) = ($"mv-a{round}-{Guid.NewGuid():N}"[..20], $"mv-b{round}-{Guid.NewGuid():N}"[..20]);
            await Unit(a, "province", null);
            await Unit(b, "province", null);
            await Unit(a + "x", "commune", a);
            await Unit(b + "x", "commune", b);
            Assert.Equal(200, (await Put(_admin, $"/api/units/{a}x/reports/2023", new { values = new { households = 700 } })).Status);
            Assert.Equal(200, (await Put(_admin, $"/api/units/{b}x/reports/2023", new { values = new { households = 800 } })).Status);

            var aUnderB = Put(_admin, $"/api/units/{a}", new { name = a, level = "province", parent = b });
            var bUnderA = Put(_admin, $"/api/units/{b}", new { name = b, level = "province", parent = a });
            var (first, second) = ((await aUnderB).Status, (await bUnderA).Status);

            Assert.True(first == 200 ^ second == 200, $"round {round}: A under B {first}, B under A {second}");
            Assert.True(first is 200 or 422 && second is 200 or 422, $"round {round}: A under B {first}, B under A {second}");
            var (top, moved) = first == 200 ? (b, a) : (a, b);
            var topUnit = await Ok(_admin, $"/api/units/{top}");
            var movedUnit = await Ok(_admin, $"/api/units/{moved}");
            Assert.Equal(JsonValueKind.Null, topUnit.GetProperty("parent").ValueKind);
            Assert.Equal(top, movedUnit.GetProperty("parent").GetProperty("code").GetString());
            Assert.Contains(moved, topUnit.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("code").GetString()));
            Assert.Equal(2, topUnit.GetProperty("leafCount").GetInt32());
            await ExpectNoDrift(top);
            Assert.Equal(1500m, Elements(await Ok(_admin, $"/api/units/{top}/indicators/2023"), "households"));
        }
    }

    private async Task Unit(string code, string level, string? parent)
    {
        var (status, body, _) = await Put(_admin, $"/api/units/{code}", new { name = code, level, parent });
        Assert.True(status == 200, $"PUT unit {code}: {status} {body}");
    }

    private async Task ExpectNoDrift(string unit)
    {
        var (status, body, _) = await Send(_admin, HttpMethod.Post, $"/api/admin/verify/{unit}/2023");
        Assert.Equal(200, status);
        Assert.Empty(body.GetProperty("drift").EnumerateArray());
    }

    private static decimal? Elements(JsonElement indicators, string element) =>
        indicators.GetProperty("elements").TryGetProperty(element, out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDecimal() : null;
}
