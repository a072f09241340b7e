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
                var report = await Ok(again, "/api/units/10951/reports/2024");
                Assert.Equal(30m, report.GetProperty("values").GetProperty("poor_households").GetDecimal());
                Assert.Equal(1.5m, Value(await Ok(again, "/api/units/30/indicators/2024"), "poverty_rate"));
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
