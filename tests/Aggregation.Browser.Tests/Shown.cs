using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Aggregation.Browser.Tests;

/// <summary>What the dashboard shows against what the API answered: cards by indicator, numbers as Vietnamese write them.</summary>
public static class Shown
{
    /// <summary>The sample's district Bình Giang, with its communes below it.</summary>
    public const string District = "296";

    public static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public static ILocator Card(IPage page, string indicator) => page.Locator($"[data-testid=indicator-card][data-indicator={indicator}]");

    public static string Vi(decimal value, string format = "#,##0.##") => value.ToString(format, Vietnamese);

    public static decimal? Number(JsonElement element, string property) =>
        element.GetProperty(property) is { ValueKind: JsonValueKind.Number } n ? n.GetDecimal() : null;

    /// <summary>The page holds numbers as JavaScript doubles; the API sends decimals with more digits.</summary>
    public static void AssertSameNumber(decimal? expected, string? shown, string what)
    {
        if (expected is null)
        {
            Assert.True(string.IsNullOrEmpty(shown), $"{what}: expected no value, the page shows {shown}");
            return;
        }
        Assert.False(string.IsNullOrEmpty(shown), $"{what}: expected {expected}, the page shows nothing");
        var value = double.Parse(shown, CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(value - (double)expected.Value) <= 1e-9 * Math.Max(1, Math.Abs(value)), $"{what}: expected {expected}, the page shows {shown}");
    }

    /// <summary>Waits until the elements <paramref name="selector"/> finds carry these units (data-unit), in this order.</summary>
    public static Task WaitForOrder(IPage page, string selector, IReadOnlyList<string> units) =>
        page.WaitForFunctionAsync(
            "([selector, expected]) => [...document.querySelectorAll(selector)].map(e => e.dataset.unit).join(',') === expected",
            new object[] { selector, string.Join(',', units) },
            new PageWaitForFunctionOptions { Timeout = 10_000 });
}
