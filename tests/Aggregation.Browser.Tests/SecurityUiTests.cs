using System.Text.Json;
using Aggregation.Gateway.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Aggregation.Browser.Tests;

/// <summary>The dashboard with keys: asked for on 401, kept for the session, signed out; approval on the commune page.</summary>
public sealed class SecurityUiTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Theory]
    [MemberData(nameof(Viewports.Both), MemberType = typeof(Viewports))]
    public async Task WithoutAKeyTheDashboardAsksForOneKeepsItAndSignsOut(string viewport)
    {
        await using var session = await BrowserSession.Start(fixture, key: null, viewport: viewport);
        var page = await session.Open("#/unit/296/2023");
        var dialog = page.GetByTestId("key-dialog");
        await Expect(dialog).ToBeVisibleAsync();

        await page.GetByTestId("key-input").FillAsync("agg_000000000000_wrong");
        await page.GetByTestId("key-submit").ClickAsync();
        await Expect(dialog).ToContainTextAsync("Khóa không hợp lệ");
        await Layout.Check(page);

        await page.GetByTestId("key-input").FillAsync(GatewayFactory.AdminKey);
        await page.GetByTestId("key-submit").ClickAsync();
        await Expect(page.Locator("[data-testid=indicator-card]").First).ToBeVisibleAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        // Kept for the session: a reload asks nothing.
        await page.ReloadAsync();
        await Expect(page.Locator("[data-testid=indicator-card]").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("key-dialog")).ToHaveCountAsync(0);

        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page.GetByTestId("key-dialog")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('aggregation.key')"));
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task ARefusalOfAKeyAlreadyReplacedIsRetriedWithTheNewKeyNotAskedAgain()
    {
        const string wrong = "agg_000000000000_wrong";
        await using var session = await BrowserSession.Start(fixture, key: null);
        var page = await session.Open("#/unit/296/2023");
        await Expect(page.GetByTestId("key-dialog")).ToBeVisibleAsync();

        // The page's requests all go out again with the wrong key; the first refusal reopens the dialog,
        // the others are held back until the right key has been entered.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var wrongKeyRequests = 0;
        var held = new List<string>();
        await page.RouteAsync("**/api/**", async route =>
        {
            var headers = route.Request.Headers;
            if (headers.GetValueOrDefault("authorization") == $"Bearer {wrong}"
                && headers.GetValueOrDefault("accept") != "text/event-stream"
                && Interlocked.Increment(ref wrongKeyRequests) > 1)
            {
                lock (held) held.Add(route.Request.Url);
                await release.Task;
            }
            await route.ContinueAsync();
        });

        await page.GetByTestId("key-input").FillAsync(wrong);
        await page.GetByTestId("key-submit").ClickAsync();
        await Expect(page.GetByTestId("key-dialog")).ToContainTextAsync("Khóa không hợp lệ");
        await page.GetByTestId("key-input").FillAsync(GatewayFactory.AdminKey);
        await page.GetByTestId("key-submit").ClickAsync();
        await Expect(page.GetByTestId("key-dialog")).ToHaveCountAsync(0);

        string[] late;
        lock (held) late = [.. held];
        Assert.NotEmpty(late); // else the page sent one request at a time and there was no race to test
        // Each held request, refused once released, goes out again with the key the session now holds.
        var retries = late.Select(url => page.WaitForRequestAsync(
            request => request.Url == url && request.Headers.GetValueOrDefault("authorization") == $"Bearer {GatewayFactory.AdminKey}",
            new PageWaitForRequestOptions { Timeout = 10_000 })).ToArray();
        release.SetResult();
        await Task.WhenAll(retries);
        await Expect(page.Locator("[data-testid=indicator-card]").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("key-dialog")).ToHaveCountAsync(0);
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task AnApproverApprovesACommuneWhoseFormIsThenLocked()
    {
        const string commune = "10954";
        var approver = await CreateKey("Bình Giang approver", "approver", "296");
        await using var session = await BrowserSession.Start(fixture, approver);
        var page = await session.Open($"#/report/{commune}/2023");
        var state = page.GetByTestId("approval-state");
        await Expect(state).ToHaveAttributeAsync("data-approved", "false");
        await page.GetByTestId("approve").ClickAsync();
        await Expect(state).ToHaveAttributeAsync("data-approved", "true");
        await Expect(state).ToContainTextAsync("Bình Giang approver");
        var approval = await Http.Ok(fixture.Api, $"/api/units/{commune}/approvals/2023");
        Assert.True(approval.GetProperty("approved").GetBoolean());

        // The commune's reporter sees the state, has no button, and its submission is refused as locked; nothing is stored.
        var reporter = await CreateKey("Hùng Thắng officer", "reporter", commune);
        await using var reporterSession = await BrowserSession.Start(fixture, reporter);
        var own = await reporterSession.Open($"#/report/{commune}/2023");
        await Expect(own.GetByTestId("approval-state")).ToHaveAttributeAsync("data-approved", "true");
        await Expect(own.GetByTestId("approve")).ToHaveCountAsync(0);
        await Expect(own.GetByTestId("unapprove")).ToHaveCountAsync(0);
        var history = await Http.Ok(fixture.Api, $"/api/units/{commune}/reports/2023/history");
        await Expect(own.GetByTestId("input-households")).ToBeEnabledAsync();
        await own.GetByTestId("report-submit").ClickAsync();
        await Expect(own.GetByTestId("report-locked")).ToBeVisibleAsync();
        Assert.Equal(history.GetArrayLength(), (await Http.Ok(fixture.Api, $"/api/units/{commune}/reports/2023/history")).GetArrayLength());

        // Opened without an address, a reporter's dashboard starts at its own report form.
        var home = await reporterSession.Open("");
        await Expect(home.GetByTestId("report-form")).ToBeVisibleAsync();
        Assert.EndsWith($"#/report/{commune}/2023", home.Url);

        await page.GetByTestId("unapprove").ClickAsync();
        await Expect(state).ToHaveAttributeAsync("data-approved", "false");
        await Expect(own.GetByTestId("approval-state")).ToHaveAttributeAsync("data-approved", "false");
        session.AssertNoScriptErrors();
        reporterSession.AssertNoScriptErrors();
    }

    private async Task<string> CreateKey(string name, string role, string unit)
    {
        using var response = await fixture.Api.PostAsync("/api/keys",
            new StringContent(JsonSerializer.Serialize(new { name, role, unit }), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(201, (int)response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;
    }
}
