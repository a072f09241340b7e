using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

/// <summary>Acknowledged reports survive a clean restart and a kill -9 of the whole process.</summary>
public sealed class DurabilityTests
{
    private static readonly object Report = new { values = new Dictionary<string, decimal> { ["households"] = 2000, ["poor_households"] = 30, ["income_total"] = 812.5m } };

    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ReportsAndTotalsSurviveACleanRestart(string provider)
    {
        var store = GatewayStore.New(provider);
        try
        {
            decimal? before;
            await using (var first = new GatewayFactory(store))
            {
                var client = first.CreateClient();
                Assert.Equal(200, (await Put(client, "/api/units/10945/reports/2024", Report)).Status);
                before = Value(await Ok(client, "/api/units/296/indicators/2024"), "poverty_rate");
            }
            await using var second = new GatewayFactory(store);
            var again = second.CreateClient();
            var report = await Ok(again, "/api/units/10945/reports/2024");
            Assert.Equal(812.5m, report.GetProperty("values").GetProperty("income_total").GetDecimal());
            Assert.Equal(1.5m, before);
            Assert.Equal(before, Value(await Ok(again, "/api/units/296/indicators/2024"), "poverty_rate"));
            Assert.Equal(before, Value(await Ok(again, "/api/units/VN/indicators/2024"), "poverty_rate"));
            // The sample was loaded once: the restart found a store that was already set up.
            Assert.Single((await Ok(again, "/api/units/10945/reports/2023/history")).EnumerateArray());
        }
        finally
        {
            store.Delete();
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ApprovalsKeysAndTheAuditTrailSurviveARestart(string provider)
    {
        var store = GatewayStore.New(provider);
        try
        {
            string token;
            await using (var first = new GatewayFactory(store))
            {
                var client = first.CreateClient();
                Assert.Equal(200, (await Put(client, "/api/units/10945/reports/2024", Report)).Status);
                Assert.Equal(200, (await Send(client, HttpMethod.Post, "/api/units/10945/approvals/2024")).Status);
                token = (await Keys.Create(client, "kept", "analyst", "296")).Token;
            }
            await using var second = new GatewayFactory(store);
            var again = second.CreateClient();
            Assert.Equal(409, (await Put(again, "/api/units/10945/reports/2024", Report)).Status);
            Assert.Equal(1, (await Ok(again, "/api/units/296/indicators/2024")).GetProperty("approvedLeaves").GetInt32());
            Assert.Equal(1, (await Ok(again, "/api/units/VN/indicators/2024")).GetProperty("approvedLeaves").GetInt32());
            var audit = await Ok(again, "/api/audit?unit=10945&period=2024");
            Assert.Equal(["report", "approval"], audit.EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
            Assert.Equal(200, (await Keys.Send(second.ClientWithKey(token), HttpMethod.Get, "/api/units/296")).Status);
        }
        finally
        {
            store.Delete();
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnAcknowledgedReportSurvivesKillDashNine(string provider)
    {
        var store = GatewayStore.New(provider);
        try
        {
            var (process, client) = await Processes.StartGateway(store);
            Assert.Equal(200, (await Put(client, "/api/units/10951/reports/2024", Report)).Status);
            process.Kill(entireProcessTree: true); // SIGKILL: no shutdown hooks run
            await process.WaitForExitAsync();

            var (restarted, again) = await Processes.StartGateway(store);
            try
            {
                var report = await OkOnceAvailable(again, "/api/units/10951/reports/2024");
                Assert.Equal(30m, report.GetProperty("values").GetProperty("poor_households").GetDecimal());
                Assert.Equal(1.5m, Value(await OkOnceAvailable(again, "/api/units/30/indicators/2024"), "poverty_rate"));
            }
            finally
            {
                restarted.Kill(entireProcessTree: true);
                await restarted.WaitForExitAsync();
            }
        }
        finally
        {
            store.Delete();
        }
    }
}
