using Aggregation.Contracts;
using Aggregation.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

/// <summary>A move stored but not carried through (the process died between its steps) completes when the unit next wakes.</summary>
public sealed class InterruptedMoveTests
{
    public static TheoryData<string> Providers => ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AMoveInterruptedAfterItsParentWasStoredCompletesOnTheNextActivation(string provider)
    {
        var store = GatewayStore.New(provider);
        try
        {
            await using var gateway = new GatewayFactory(store, seedSample: false);
            var client = gateway.CreateClient();
            foreach (var (code, level, parent) in new[] { ("old", "province", (string?)null), ("new", "province", null), ("u", "district", "old"), ("l", "commune", "u") })
            {
                Assert.Equal(200, (await Put(client, $"/api/units/{code}", new { name = code, level, parent })).Status);
            }
            Assert.Equal(200, (await Put(client, "/api/units/l/reports/2023", new { values = new { households = 900 } })).Status);

            // As stored by a process that died right after writing the unit's new parent: the old parent
            // still lists the unit and holds its data, the new one has never heard of its data.
            var storage = gateway.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
            var unit = new GrainState<UnitState>(new UnitState());
            await storage.ReadStateAsync("unit", GrainId.Create("unit", "u"), unit);
            Assert.True(unit.RecordExists);
            unit.State!.Parent = "new";
            unit.State.Moving = new PendingMove { From = "old" };
            await storage.WriteStateAsync("unit", GrainId.Create("unit", "u"), unit);
            await gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

            Assert.Equal("new", (await Ok(client, "/api/units/u")).GetProperty("parent").GetProperty("code").GetString());
            await Eventually(async () =>
                (await Ok(client, "/api/units/old")).GetProperty("children").GetArrayLength() == 0
                && (await Ok(client, "/api/units/new")).GetProperty("leafCount").GetInt32() == 1
                && (await Ok(client, "/api/units/new/indicators/2023")).GetProperty("elements").TryGetProperty("households", out var h) && h.GetDecimal() == 900m
                && !(await Ok(client, "/api/units/old/indicators/2023")).GetProperty("elements").TryGetProperty("households", out _));
            foreach (var root in new[] { "old", "new" })
            {
                var (status, verify, _) = await Send(client, HttpMethod.Post, $"/api/admin/verify/{root}/2023");
                Assert.Equal(200, status);
                Assert.Empty(verify.GetProperty("drift").EnumerateArray());
            }
        }
        finally
        {
            store.Delete();
        }
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail("the interrupted move did not complete within 10 s");
    }
}
