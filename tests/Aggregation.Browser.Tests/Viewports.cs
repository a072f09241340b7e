using Microsoft.Playwright;

namespace Aggregation.Browser.Tests;

/// <summary>The screens the dashboard is tested on: a desktop window and a phone held upright (390 × 844 CSS pixels).</summary>
public static class Viewports
{
    public const string Desktop = "desktop";

    public const string Phone = "phone";

    /// <summary>Theory data: every view test runs once on each screen.</summary>
    public static TheoryData<string> Both => new() { Desktop, Phone };

    public static ViewportSize Size(string name) => name switch
    {
        Desktop => new ViewportSize { Width = 1400, Height = 1000 },
        Phone => new ViewportSize { Width = 390, Height = 844 },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such viewport"),
    };
}
