using System.Data.Common;
using System.Text.Json;
using Aggregation.Contracts;
using Aggregation.Silo.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

/// <summary>
/// The list of root units (<see cref="IUnitRootsGrain"/>) that a query over everything starts from: a store
/// written before the list existed gets it rebuilt from its stored units, and a new store starts with an empty one.
/// </summary>
public sealed class RootsRebuildTests
{
    private static readonly object Report = new { values = new Dictionary<string, decimal> { ["households"] = 2000, ["poor_households"] = 30 } };

    // Roots the provider stores in three ways: "08" as the number 8 (its children name it exactly), "77" as
    // 0x77 with no child to name it, "XA" as a string.
    private static readonly string[] Roots = ["08", "77", "XA"];

    private static readonly string[] RootsAndNew = [.. Roots, "99"];

    private static readonly string[] Leaves = ["08011", "08012", "77", "XA-1"];

    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AStoreWithoutTheRootsListGetsItRebuiltAndItsReportsAudited(string provider)
    {
        var store = GatewayStore.New(provider);
        try
        {
            await using (var first = new GatewayFactory(store, seedSample: false))
            {
                var client = first.CreateClient();
                await Unit(client, "08", "province", null);
                await Unit(client, "0801", "district", "08");
                await Unit(client, "08011", "commune", "0801");
                await Unit(client, "08012", "commune", "0801");
                await Unit(client, "77", "commune", null);
                await Unit(client, "XA", "province", null);
                await Unit(client, "XA-1", "commune", "XA");
                foreach (var leaf in Leaves)
                {
                    Assert.Equal(200, (await Put(client, $"/api/units/{leaf}/reports/2024", Report)).Status);
                }
                Assert.Equal(Leaves, await ReportedUnits(client));
            }

            // What a store from before the list looks like.
            Assert.Equal(1, await Execute(store, "DELETE FROM OrleansStorage WHERE GrainTypeString = 'unit-roots'"));
            Assert.Null(await StoredRoots(store));

            await using (var second = new GatewayFactory(store, seedSample: false))
            {
                var client = second.CreateClient();
                Assert.Equal(Leaves, await ReportedUnits(client));
                Assert.Equal(Roots, await RootsOf(second));
                // The rebuilt list is kept up to date as before.
                await Unit(client, "99", "province", null);
                Assert.Equal(RootsAndNew, await RootsOf(second));
            }
            var stored = await StoredRoots(store);
            Assert.NotNull(stored);
            Assert.Equal(RootsAndNew, stored);
        }
        finally
        {
            store.Delete();
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnEmptyStoreStoresAnEmptyRootsListAndThenKeepsItUpToDate(string provider)
    {
        var store = GatewayStore.New(provider);
        try
        {
            await using var gateway = new GatewayFactory(store, seedSample: false);
            var client = gateway.CreateClient();
            Assert.Empty((await Ok(client, "/api/audit")).EnumerateArray());
            // Stored, so the next start reads it instead of scanning the store again.
            var stored = await StoredRoots(store);
            Assert.NotNull(stored);
            Assert.Empty(stored);

            await Unit(client, "VN", "nation", null);
            await Unit(client, "01", "province", "VN");
            Assert.Equal(200, (await Put(client, "/api/units/01/reports/2024", Report)).Status);
            Assert.Equal(new[] { "VN" }, await RootsOf(gateway));
            Assert.Equal(new[] { "01" }, await ReportedUnits(client));
        }
        finally
        {
            store.Delete();
        }
    }

    private static async Task Unit(HttpClient client, string code, string level, string? parent)
    {
        var (status, body, _) = await Put(client, $"/api/units/{code}", new { name = "Unit " + code, level, parent });
        Assert.True(status == 200, $"PUT /api/units/{code} answered {status}: {body}");
    }

    /// <summary>The units with report entries in the whole audit trail (admin key, no <c>unit=</c>), ordered.</summary>
    private static async Task<string[]> ReportedUnits(HttpClient client) =>
        (await Ok(client, "/api/audit")).EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "report")
            .Select(e => e.GetProperty("unit").GetString()!)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static async Task<string[]> RootsOf(GatewayFactory gateway) =>
        [.. await gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IUnitRootsGrain>(0).List()];

    /// <summary>The stored roots list, or null when the store has no record of it.</summary>
    private static async Task<string[]?> StoredRoots(GatewayStore store)
    {
        await using var connection = await Open(store);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT PayloadBinary FROM OrleansStorage WHERE GrainTypeString = 'unit-roots'";
        return await command.ExecuteScalarAsync() is byte[] payload
            ? JsonDocument.Parse(payload).RootElement.GetProperty("ids").EnumerateArray().Select(i => i.GetString()!).ToArray()
            : null;
    }

    private static async Task<int> Execute(GatewayStore store, string sql)
    {
        await using var connection = await Open(store);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<DbConnection> Open(GatewayStore store)
    {
        DbConnection connection = store.Provider == "sqlite"
            ? new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(store.Directory!, SqliteStore.DatabaseFileName),
                Pooling = false,
            }.ToString())
            : new NpgsqlConnection(store.Settings["Aggregation:Storage:ConnectionString"]);
        await connection.OpenAsync();
        return connection;
    }
}
