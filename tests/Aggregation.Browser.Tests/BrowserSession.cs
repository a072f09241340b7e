using Aggregation.Gateway.Tests;
using Microsoft.Playwright;

namespace Aggregation.Browser.Tests;

/// <summary>
/// One browser context (its own storage, so its own language choice) with any number of pages,
/// collecting every uncaught script error so a test can require that there were none.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly DashboardFixture _fixture;
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];
    private readonly string _viewport;

    private BrowserSession(DashboardFixture fixture, IBrowserContext context, string viewport)
    {
        _fixture = fixture;
        _context = context;
        _viewport = viewport;
    }

    /// <summary>
    /// A session signed in with <paramref name="key"/> (the admin key by default); null: no key, the dashboard asks for one.
    /// <paramref name="viewport"/> names the screen (<see cref="Viewports"/>): a desktop window unless told.
    /// </summary>
    public static async Task<BrowserSession> Start(DashboardFixture fixture, string? key = GatewayFactory.AdminKey, string viewport = Viewports.Desktop)
    {
        var phone = viewport == Viewports.Phone;
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseUrl,
            Locale = "vi-VN",
            ViewportSize = Viewports.Size(viewport),
            IsMobile = phone,
            HasTouch = phone,
        });
        if (key is not null)
        {
            // What the key dialog stores: every page of this session starts signed in.
            await context.AddInitScriptAsync($"sessionStorage.setItem('aggregation.key', {System.Text.Json.JsonSerializer.Serialize(key)});");
        }
        return new(fixture, context, viewport);
    }

    /// <summary>A new page at a dashboard address such as <c>#/unit/296/2023</c>.</summary>
    public async Task<IPage> Open(string hash)
    {
        var page = await _context.NewPageAsync();
        page.PageError += (_, error) => _errors.Add($"page error: {error}");
        // A refused PUT (422) or a missing plan (404) is logged by Chromium as a failed resource; those are expected answers.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                _errors.Add($"console error: {message.Text}");
            }
        };
        await page.GotoAsync("/" + hash);
        return page;
    }

    /// <summary>A full-page screenshot, <c>name.png</c> on the desktop, <c>name-phone.png</c> on a phone.</summary>
    public async Task Screenshot(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(_fixture.ScreenshotDirectory, (_viewport == Viewports.Desktop ? name : $"{name}-{_viewport}") + ".png"),
            FullPage = true,
        });

    public void AssertNoScriptErrors() => Assert.True(_errors.Count == 0, string.Join(Environment.NewLine, _errors));

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
