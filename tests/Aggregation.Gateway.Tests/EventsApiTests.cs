using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using Aggregation.Gateway.Events;
using Microsoft.Extensions.DependencyInjection;
using static Aggregation.Gateway.Tests.EventStreams;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

public sealed class EventsOnSqlite(SqliteSampleGateway gateway) : EventsApiTests(gateway), IClassFixture<SqliteSampleGateway>;

public sealed class EventsOnPostgres(PostgresSampleGateway gateway) : EventsApiTests(gateway), IClassFixture<PostgresSampleGateway>;

/// <summary><c>GET /api/units/{code}/events/{period}</c>: the indicators answer pushed on connect and after each change.</summary>
public abstract class EventsApiTests(SampleGateway gateway)
{
    private readonly HttpClient _client = gateway.Client;

    private async Task<string> IndicatorsText(string path)
    {
        using var response = await _client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task ConnectingGivesTheIndicatorsAnswerAsItsFirstEvent()
    {
        await using var stream = await EventStreams.Open(gateway.Factory, "/api/units/296/events/2023");
        var first = await stream.Next();

        Assert.Equal("text/event-stream", stream.ContentType);
        Assert.Equal("indicators", first.EventType);
        Assert.Equal("1", first.EventId);
        Assert.Equal(TimeSpan.FromSeconds(3), first.ReconnectionInterval);
        Assert.Equal(await IndicatorsText("/api/units/296/indicators/2023"), first.Data);
    }

    [Fact]
    public async Task AReportReachesTheStreamsOfTheCommuneItsDistrictAndItsProvince()
    {
        var paths = new[] { "/api/units/10951/events/2023", "/api/units/296/events/2023", "/api/units/30/events/2023" };
        var streams = await Task.WhenAll(paths.Select(p => EventStreams.Open(gateway.Factory, p)));
        try
        {
            var before = await Task.WhenAll(streams.Select(s => s.Next()));
            var report = (await Ok(_client, "/api/units/10951/reports/2023")).GetProperty("values").Clone();
            var values = JsonSerializer.Deserialize<Dictionary<string, decimal>>(report.GetRawText())!;
            values["households"] += 7;
            var (status, body, _) = await Put(_client, "/api/units/10951/reports/2023", new { values });
            Assert.True(status == 200, $"PUT answered {status}: {body}");

            for (var i = 0; i < streams.Length; i++)
            {
                var expected = Households(before[i].Data) + 7;
                var after = await streams[i].Until(e => Households(e.Data) == expected);
                Assert.Equal("indicators", after.EventType);
                Assert.Equal(await IndicatorsText(paths[i].Replace("/events/", "/indicators/")), after.Data);
            }
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    /// <summary>The next <c>indicators</c> event whose social income has <paramref name="target"/> as its target.</summary>
    private static Task<SseItem<string>> IncomeTargeted(EventStreams stream, decimal target) =>
        stream.Until(e => e.EventType == UnitEventStream.EventType
            && Indicator(e.Data, Income).GetProperty("target") is { ValueKind: JsonValueKind.Object } t && t.GetProperty("value").GetDecimal() == target);

    private const string Income = "social_income";

    [Fact]
    public async Task APlanChangeReachesTheStreamWithProgressAgainstTheNewTarget()
    {
        await using var stream = await EventStreams.Open(gateway.Factory, "/api/units/296/events/2023");
        var income = Indicator((await stream.Next()).Data, Income).GetProperty("value").GetDecimal();
        var plan = await Ok(_client, "/api/units/296/plans/2023");
        var targets = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(plan.GetProperty("targets").GetRawText())!;
        targets[Income] = JsonSerializer.SerializeToElement(new { comparator = ">=", value = income * 2 });
        var (status, body, _) = await Put(_client, "/api/units/296/plans/2023", new { targets });
        Assert.True(status == 200, $"PUT answered {status}: {body}");

        var after = await IncomeTargeted(stream, income * 2);
        Assert.Equal(50m, Indicator(after.Data, Income).GetProperty("progress").GetDecimal());
        Assert.Equal(await IndicatorsText("/api/units/296/indicators/2023"), after.Data);
    }

    [Fact]
    public async Task APlanImportReachesTheStreamOfEveryUnitWhosePlanItChanged()
    {
        var units = new[] { "296", "10951" };
        var streams = await Task.WhenAll(units.Select(u => EventStreams.Open(gateway.Factory, $"/api/units/{u}/events/2023")));
        try
        {
            var incomes = new List<decimal>();
            foreach (var stream in streams)
            {
                incomes.Add(Indicator((await stream.Next()).Data, Income).GetProperty("value").GetDecimal());
            }
            var table = CsvText.Parse(await _client.GetStringAsync("/api/units/296/plans/2023/template.csv"));
            var column = Array.FindIndex(table[0], h => h.EndsWith($"({Income})", StringComparison.Ordinal));
            for (var i = 0; i < units.Length; i++)
            {
                table.Single(r => r[0] == units[i])[column] = (incomes[i] * 4).ToString(CultureInfo.InvariantCulture);
            }
            using var file = new StringContent(CsvText.Write(table), Encoding.UTF8, "text/csv");
            using var response = await _client.PutAsync("/api/units/296/plans/2023", file);
            Assert.True(response.IsSuccessStatusCode, $"the import answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

            for (var i = 0; i < units.Length; i++)
            {
                var after = await IncomeTargeted(streams[i], incomes[i] * 4);
                Assert.Equal(25m, Indicator(after.Data, Income).GetProperty("progress").GetDecimal());
                Assert.Equal(await IndicatorsText($"/api/units/{units[i]}/indicators/2023"), after.Data);
            }
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AReconnectGetsTheCurrentFiguresAtOnceNumberedOnFromTheLastEventSeen()
    {
        await using var stream = await EventStreams.Open(gateway.Factory, "/api/units/295/events/2023", lastEventId: "41");
        var first = await stream.Next();
        Assert.Equal("42", first.EventId);
        Assert.Equal(await IndicatorsText("/api/units/295/indicators/2023"), first.Data);
    }

    [Fact]
    public async Task TheLastStreamToCloseEndsTheSubscription()
    {
        var hub = gateway.Factory.Services.GetRequiredService<UnitEventsHub>();
        var one = await EventStreams.Open(gateway.Factory, "/api/units/10888/events/2024");
        var two = await EventStreams.Open(gateway.Factory, "/api/units/10888/events/2024");
        await one.Next();
        await two.Next();
        var watched = hub.Watched;
        await one.DisposeAsync();
        // The other stream still listens, on the same subscription.
        var (status, _, _) = await Put(_client, "/api/units/10888/reports/2024", new { values = new { households = 4321 } });
        Assert.Equal(200, status);
        Assert.Equal(4321m, Households((await two.Until(e => Households(e.Data) == 4321m)).Data));
        await two.DisposeAsync();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (hub.Watched >= watched && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.True(hub.Watched < watched, $"still watching {hub.Watched} units after both streams closed");
    }

    [Theory]
    [InlineData("/api/units/nowhere/events/2023", 404, null)]
    [InlineData("/api/units/296/events/2023Q5", 400, "period")]
    [InlineData("/api/units/296/events/2023?tree=nosuchtree", 404, null)]
    public async Task BadRequestsAreRefusedBeforeTheStreamStarts(string path, int expected, string? field)
    {
        var answer = await Keys.Send(_client, HttpMethod.Get, path);
        Assert.Equal(expected, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        if (field is not null)
        {
            Assert.Contains(field, answer.Text);
        }
    }

    [Fact]
    public async Task TheStreamNeedsAKeyWhoseScopeHoldsTheUnit()
    {
        var (token, _) = await Keys.Create(_client, "Cẩm Giàng officer", "analyst", "295");
        using var keyless = gateway.Factory.ClientWithKey(null);
        Assert.Equal(401, (await Keys.Send(keyless, HttpMethod.Get, "/api/units/296/events/2023")).Status);
        Assert.Equal(403, (await Keys.Send(_client, HttpMethod.Get, "/api/units/296/events/2023", token: token)).Status);

        await using var stream = await EventStreams.Open(gateway.Factory, "/api/units/10888/events/2023", token);
        Assert.Equal(await IndicatorsText("/api/units/10888/indicators/2023"), (await stream.Next()).Data);
    }
}
