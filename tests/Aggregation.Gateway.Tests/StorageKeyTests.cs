using Aggregation.Grains;
using Aggregation.Silo;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

/// <summary>
/// GSO codes such as province "01", district "001" and commune "00001" are different units, though the
/// ADO.NET provider would read all three as the number 1 and store them in one row.
/// </summary>
public sealed class StorageKeyTests
{
    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    private static readonly (string Code, string Level, string? Parent)[] Units =
    [
        ("01", "province", null), ("001", "district", "01"), ("00001", "commune", "001"), ("1", "commune", "001"),
        ("AB", "commune", "001"), ("ab", "commune", "001"), ("0ab", "commune", "001"),
    ];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CodesThatReadAsTheSameNumberStayDifferentUnitsAcrossARestart(string provider)
    {
        var store = GatewayStore.New(provider);
        try
        {
            await using (var first = new GatewayFactory(store, seedSample: false))
            {
                var client = first.CreateClient();
                foreach (var (code, level, parent) in Units)
                {
                    var (status, body, _) = await Put(client, $"/api/units/{code}", new { name = "Unit " + code, level, parent });
                    Assert.True(status == 200, $"PUT /api/units/{code} answered {status}: {body}");
                }
                Assert.Equal(200, (await Put(client, "/api/units/00001/reports/2024", Households(1000))).Status);
                Assert.Equal(200, (await Put(client, "/api/units/1/reports/2024", Households(20))).Status);
                Assert.Equal(200, (await Put(client, "/api/units/ab/reports/2024", Households(3))).Status);
                await CheckUnits(client);
            }
            await using var second = new GatewayFactory(store, seedSample: false);
            var again = second.CreateClient();
            await CheckUnits(again);
            var households = (await Ok(again, "/api/units/01/indicators/2024")).GetProperty("elements").GetProperty("households").GetDecimal();
            Assert.Equal(1023m, households);
            Assert.Equal(20m, (await Ok(again, "/api/units/1/reports/2024")).GetProperty("values").GetProperty("households").GetDecimal());
        }
        finally
        {
            store.Delete();
        }
    }

    private static object Households(decimal n) => new { values = new Dictionary<string, decimal> { ["households"] = n, ["poor_households"] = 0 } };

    private static async Task CheckUnits(HttpClient client)
    {
        foreach (var (code, level, parent) in Units)
        {
            var unit = await Ok(client, $"/api/units/{code}");
            Assert.Equal(("Unit " + code, level), (unit.GetProperty("name").GetString(), unit.GetProperty("level").GetString()));
            Assert.Equal(parent, unit.GetProperty("parent").ValueKind == System.Text.Json.JsonValueKind.Null ? null : unit.GetProperty("parent").GetProperty("code").GetString());
        }
        var district = await Ok(client, "/api/units/001");
        Assert.Equal(["00001", "0ab", "1", "AB", "ab"], district.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("code").GetString()).Order(StringComparer.Ordinal));
    }
}
