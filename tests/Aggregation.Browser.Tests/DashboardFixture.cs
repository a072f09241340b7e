using Aggregation.Gateway.Tests;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Aggregation.Browser.Tests;

/// <summary>
/// The real gateway (in-process silo, Kestrel on a free port, a throwaway SQLite store with the sample)
/// and one headless Debian Chromium driven by Playwright, shared by the dashboard tests.
/// </summary>
public class DashboardFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium; Playwright's own browser download is not used (tests/run.sh installs the package when missing).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public GatewayFactory Factory { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Where screenshots go: $AGGREGATION_SCREENSHOTS (e.g. docs/screenshots) or screenshots/ beside the test binaries.</summary>
    public string ScreenshotDirectory { get; } =
        Environment.GetEnvironmentVariable("AGGREGATION_SCREENSHOTS") is { Length: > 0 } dir
            ? Path.GetFullPath(dir)
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Whether the store starts with the sample; a fixture without it fills its store in <see cref="Seed"/>.</summary>
    protected virtual bool SeedSample => true;

    /// <summary>What the fixture's tests start from, sent over HTTP with the admin key once the gateway runs.</summary>
    protected virtual Task Seed() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: apt-get install -y chromium (tests/run.sh does this)");
        Factory = new GatewayFactory(GatewayStore.NewSqlite(), SeedSample);
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        Api = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", GatewayFactory.AdminKey);
        await Seed();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
        Assertions.SetDefaultExpectTimeout(10_000);
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        Api?.Dispose();
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
            Factory.Store.Delete();
        }
    }
}
