using Microsoft.Playwright;
using static Aggregation.Browser.Tests.Shown;
using static Microsoft.Playwright.Assertions;

namespace Aggregation.Browser.Tests;

/// <summary>
/// What a phone needs beyond every view fitting (which each view's own test checks with <see cref="Layout.Check"/>):
/// charts drawn again for the width when the phone is turned, and a header whose controls wrap and are easy to tap.
/// </summary>
public sealed class ViewportTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    /// <summary>The smallest height of a control in the header, in CSS pixels (2.5rem).</summary>
    private const double TapHeight = 40;

    [Fact]
    public async Task TurningAPhoneSidewaysDrawsTheComparisonChartAgainForItsWidth()
    {
        await using var session = await BrowserSession.Start(fixture, viewport: Viewports.Phone);
        var page = await session.Open($"#/compare/{District}/2023");
        var chart = page.GetByTestId("comparison-chart");
        await Expect(chart.Locator("g.bar").First).ToBeVisibleAsync();

        // Upright: drawn at the width of its box, one unit a pixel.
        await Expect(chart).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bchart-compact\b"));
        var box = await page.EvaluateAsync<double>("() => document.querySelector('.chart-box').clientWidth");
        Assert.Equal(Math.Floor(box).ToString(System.Globalization.CultureInfo.InvariantCulture), await chart.GetAttributeAsync("width"));
        await Layout.Check(page);

        // Sideways the box is wide enough for the desktop drawing, scaled to it; upright again, compact again.
        await page.SetViewportSizeAsync(844, 390);
        await Expect(chart).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bchart-compact\b"));
        await Layout.Check(page);
        await page.SetViewportSizeAsync(390, 844);
        await Expect(chart).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bchart-compact\b"));
        await Layout.Check(page);
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task OnAPhoneTheHeaderWrapsWithinTheScreenAndItsControlsAreEasyToTap()
    {
        await using var session = await BrowserSession.Start(fixture, viewport: Viewports.Phone);
        var page = await session.Open($"#/unit/{District}/2023");
        await Expect(page.GetByTestId("unit-name")).ToHaveTextAsync("Huyện Bình Giang");
        // A kind with a part (the month) shows every control the picker has.
        await page.GetByTestId("picker-kind").SelectOptionAsync("month");
        await Expect(page.GetByTestId("picker-part")).ToBeVisibleAsync();
        await Layout.Check(page);

        var controls = await page.Locator("header.top :is(button, input, select):visible, #tabs a").EvaluateAllAsync<Control[]>(
            "els => els.map(e => { const r = e.getBoundingClientRect(); return { name: e.dataset.testid || e.id || e.textContent.trim(), height: r.height }; })");
        Assert.True(controls.Length >= 7, $"{controls.Length} controls");
        Assert.All(controls, c => Assert.True(c.Height >= TapHeight, $"{c.Name} is {c.Height} px high"));
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task OnADesktopThePickerStaysOnOneLine()
    {
        await using var session = await BrowserSession.Start(fixture);
        var page = await session.Open($"#/unit/{District}/2023");
        await Expect(page.GetByTestId("unit-name")).ToHaveTextAsync("Huyện Bình Giang");
        await page.GetByTestId("picker-kind").SelectOptionAsync("month");
        await Expect(page.GetByTestId("picker-part")).ToBeVisibleAsync();
        var bottoms = await page.Locator("#picker > :is(label, button):visible").EvaluateAllAsync<double[]>(
            "els => els.map(e => Math.round(e.getBoundingClientRect().bottom))");
        Assert.True(bottoms.Length >= 5, $"{bottoms.Length} controls");
        Assert.Single(bottoms.Distinct());
        session.AssertNoScriptErrors();
    }

    private sealed class Control
    {
        public string Name { get; set; } = "";

        public double Height { get; set; }
    }
}
