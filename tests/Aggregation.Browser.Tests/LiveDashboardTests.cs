using System.Text.Json;
using Aggregation.Gateway.Events;
using Aggregation.Gateway.Tests;
using Microsoft.Playwright;
using static Aggregation.Browser.Tests.Shown;
using static Microsoft.Playwright.Assertions;

namespace Aggregation.Browser.Tests;

/// <summary>The dashboard listens to its unit's server-sent events instead of polling.</summary>
public sealed class LiveDashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private const string Period = "2023";
    private const string CamGiang = "295";
    private const string Commune = "10888";

    private static decimal SocialIncome(JsonElement indicators) => Number(indicators.GetProperty("indicators").GetProperty("social_income"), "value")!.Value;

    private static Task WaitForSocialIncome(IPage page, decimal expected) =>
        page.WaitForFunctionAsync(
            "expected => { const c = document.querySelector('[data-testid=indicator-card][data-indicator=social_income]'); " +
            "return c !== null && c.dataset.value !== '' && Math.abs(Number(c.dataset.value) - expected) < 1e-6; }",
            (double)expected, new PageWaitForFunctionOptions { Timeout = 15_000 });

    [Fact]
    public async Task AReportPutThroughTheApiShowsOnTheOpenOverviewWithoutPollingOrReload()
    {
        await using var session = await BrowserSession.Start(fixture);
        var indicatorReads = 0;
        var streams = new List<Microsoft.Playwright.IRequest>();
        var page = await session.Open($"#/unit/{CamGiang}/{Period}");
        // The first load's stream is asked for before the count starts, so only the reloaded page's streams are counted.
        await Expect(page.GetByTestId("live-status")).ToHaveAttributeAsync("data-stream", "open");
        page.Request += (_, request) =>
        {
            if (request.Url.Contains($"/api/units/{CamGiang}/indicators/", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref indicatorReads);
            }
            if (request.Url.Contains($"/api/units/{CamGiang}/events/{Period}", StringComparison.Ordinal))
            {
                lock (streams)
                {
                    streams.Add(request);
                }
            }
        };
        await page.ReloadAsync();
        var before = SocialIncome(await Http.Ok(fixture.Api, $"/api/units/{CamGiang}/indicators/{Period}"));
        await WaitForSocialIncome(page, before);
        // The stream's first event refreshes the view once and says so.
        await Expect(page.GetByTestId("live-status")).Not.ToBeEmptyAsync();
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");

        // Idle: nothing changes, so nothing is read again; the page listens, it does not poll.
        var readsBefore = Volatile.Read(ref indicatorReads);
        await page.WaitForTimeoutAsync(3_000);
        Assert.Equal(readsBefore, Volatile.Read(ref indicatorReads));
        var stream = Assert.Single(streams);
        Assert.StartsWith("Bearer ", (await stream.AllHeadersAsync())["authorization"], StringComparison.Ordinal);

        var report = await Http.Ok(fixture.Api, $"/api/units/{Commune}/reports/{Period}");
        var values = JsonSerializer.Deserialize<Dictionary<string, decimal>>(report.GetProperty("values").GetRawText())!;
        values["income_total"] += 100.5m;
        var (status, body, _) = await Http.Put(fixture.Api, $"/api/units/{Commune}/reports/{Period}", new { values });
        Assert.True(status == 200, $"PUT answered {status}: {body}");

        var after = SocialIncome(await Http.Ok(fixture.Api, $"/api/units/{CamGiang}/indicators/{Period}"));
        Assert.Equal(before + 100.5m, after);
        await WaitForSocialIncome(page, after);
        await Expect(Card(page, "social_income").GetByTestId("indicator-value")).ToHaveTextAsync($"{Vi(after)}\u00a0tỷ đồng");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"));
        Assert.Single(streams);
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task AStreamSilentForLongerThanTheServersKeepAliveIsReportedLostAndOpenedAgain()
    {
        await using var session = await BrowserSession.Start(fixture);
        var page = await session.Open($"#/unit/{CamGiang}/{Period}");
        var streams = new List<Microsoft.Playwright.IRequest>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains($"/api/units/{CamGiang}/events/{Period}", StringComparison.Ordinal))
            {
                lock (streams)
                {
                    streams.Add(request);
                }
            }
        };
        // The page's timers run on a clock the test moves; the gateway and the network keep real time, so the open stream
        // is an unchanging unit's: not a byte comes before the server's first keep-alive, 15 real seconds away.
        await page.Clock.InstallAsync();
        await page.ReloadAsync();
        var live = page.GetByTestId("live-status");
        await Expect(live).ToHaveAttributeAsync("data-stream", "open");
        await Expect(live).ToContainTextAsync("Trực tiếp · cập nhật lúc");
        var opened = Count(streams);

        // Quiet past one keep-alive interval: a keep-alive may yet come, the stream is still counted open.
        await page.Clock.FastForwardAsync(Milliseconds(UnitEventStream.KeepAlive + TimeSpan.FromSeconds(1)));
        await page.WaitForTimeoutAsync(500);
        await Expect(live).ToHaveAttributeAsync("data-stream", "open");

        // Silent for two intervals and more: the page drops the stream, says so, and reads the API meanwhile.
        await page.Clock.FastForwardAsync(Milliseconds(2 * UnitEventStream.KeepAlive + TimeSpan.FromSeconds(6)));
        await Expect(live).ToHaveAttributeAsync("data-stream", "lost");
        await Expect(live).ToHaveTextAsync("Mất luồng cập nhật trực tiếp, đang kết nối lại; trong lúc chờ số liệu được đọc lại mỗi 30 giây");
        await Expect(live).ToHaveClassAsync("live lost");
        Assert.Equal(opened, Count(streams));

        // After the pause the server asks for, the stream is opened again from the last event seen, and the page is live.
        await page.Clock.FastForwardAsync(Milliseconds(UnitEventStream.Reconnect + TimeSpan.FromSeconds(1)));
        await Expect(live).ToHaveAttributeAsync("data-stream", "open");
        await Expect(live).ToContainTextAsync("Trực tiếp · cập nhật lúc");
        await Expect(live).ToHaveClassAsync("live");
        Assert.Equal(opened + 1, Count(streams));
        Microsoft.Playwright.IRequest again;
        lock (streams)
        {
            again = streams[^1];
        }
        Assert.Equal("1", (await again.AllHeadersAsync())["last-event-id"]);
        session.AssertNoScriptErrors();
    }

    private static int Count(List<Microsoft.Playwright.IRequest> streams)
    {
        lock (streams)
        {
            return streams.Count;
        }
    }

    private static long Milliseconds(TimeSpan span) => (long)span.TotalMilliseconds;
}
