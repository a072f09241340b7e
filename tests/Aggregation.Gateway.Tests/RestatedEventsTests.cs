using System.Text.Json;
using static Aggregation.Gateway.Tests.EventStreams;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

/// <summary>Events on a restated view: 2023 seen on the tree of July 2025, moved by a report of one of the old communes.</summary>
public sealed class RestatedEventsTests(SqliteSampleTreeGateway gateway) : IClassFixture<SqliteSampleTreeGateway>
{
    private readonly HttpClient _client = gateway.Client;

    [Fact]
    public async Task AReportOfAnOldCommuneReachesTheStreamOfTheNewCommuneItBecame()
    {
        const string path = "/api/units/10966/events/2023?tree=2025-07";
        // Wait for the restated figures of the sample to settle before listening.
        await OkOnce(_client, "/api/units/31/indicators/2023?tree=2025-07", v => v.GetProperty("reportedLeaves").GetInt32() == 7);
        await using var stream = await EventStreams.Open(gateway.Factory, path);
        var first = await stream.Next();
        Assert.Equal(await _client.GetStringAsync("/api/units/10966/indicators/2023?tree=2025-07"), first.Data);

        var report = await Ok(_client, "/api/units/10963/reports/2023");
        var values = JsonSerializer.Deserialize<Dictionary<string, decimal>>(report.GetProperty("values").GetRawText())!;
        values["households"] += 8;
        var (status, body, _) = await Put(_client, "/api/units/10963/reports/2023", new { values });
        Assert.True(status == 200, $"PUT answered {status}: {body}");

        // Xã Tân Việt (10963) is wholly part of Xã Bình Giang (10966) of 2025.
        var expected = Households(first.Data) + 8;
        var after = await stream.Until(e => Households(e.Data) == expected);
        Assert.Equal(await _client.GetStringAsync("/api/units/10966/indicators/2023?tree=2025-07"), after.Data);
    }

    [Fact]
    public async Task ATreeOlderThanThePeriodsOwnIsRefusedBeforeTheStreamStarts()
    {
        var answer = await Keys.Send(_client, HttpMethod.Get, "/api/units/10966/events/2026?tree=default");
        Assert.Equal(422, answer.Status);
        Assert.Equal("tree", answer.Json.GetProperty("fieldErrors")[0].GetProperty("field").GetString());
    }
}
