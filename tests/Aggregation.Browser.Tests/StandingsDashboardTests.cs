using System.Globalization;
using System.Text.Json;
using Aggregation.Gateway.Tests;
using Microsoft.Playwright;
using static Aggregation.Browser.Tests.Shown;
using static Microsoft.Playwright.Assertions;

namespace Aggregation.Browser.Tests;

/// <summary>
/// Standings on the dashboard (SPEC section 11): the "Vị trí" panel of a commune, the ranking page and its histogram,
/// each against the API's own answers read at the time of the check, on a desktop and on a phone.
/// </summary>
public sealed class StandingsDashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private const string Period = "2023";
    private const string Commune = "10900";
    private const string Province = "30";

    [Theory]
    [MemberData(nameof(Viewports.Both), MemberType = typeof(Viewports))]
    public async Task StandingPanelShowsTheCommunesRanksAndLinksToTheRankingWithItMarked(string viewport)
    {
        await using var session = await BrowserSession.Start(fixture, viewport: viewport);
        var page = await session.Open($"#/report/{Commune}/{Period}");
        var api = await Http.Ok(fixture.Api, $"/api/units/{Commune}/standing/{Period}");
        var panel = page.GetByTestId("standing");
        await Expect(panel.Locator("h2")).ToHaveTextAsync("Vị trí");
        var rows = panel.Locator("[data-testid=standing-table] tbody tr");
        var indicators = api.GetProperty("indicators").EnumerateObject().ToList();
        await Expect(rows).ToHaveCountAsync(indicators.Count);

        // One column per ancestor, parent first: Cẩm Giàng, Hải Dương, Việt Nam.
        var scopes = indicators[0].Value.GetProperty("standings").EnumerateArray().Select(s => s.GetProperty("scope").GetString()!).ToList();
        Assert.Equal(3, scopes.Count);
        Assert.Equal(scopes, await panel.Locator("thead th[data-scope]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.scope)"));
        foreach (var indicator in indicators)
        {
            var row = panel.Locator($"tbody tr[data-indicator={indicator.Name}]");
            AssertSameNumber(Number(indicator.Value, "value"), await row.Locator("td[data-value]").GetAttributeAsync("data-value"), indicator.Name);
            foreach (var standing in indicator.Value.GetProperty("standings").EnumerateArray())
            {
                var cell = row.Locator($"td[data-scope='{standing.GetProperty("scope").GetString()}']");
                var rank = Number(standing, "rank");
                Assert.Equal(rank?.ToString(CultureInfo.InvariantCulture) ?? "", await cell.GetAttributeAsync("data-rank"));
                Assert.Equal(standing.GetProperty("of").GetInt32().ToString(CultureInfo.InvariantCulture), await cell.GetAttributeAsync("data-of"));
                AssertSameNumber(Number(standing, "percentile"), await cell.GetAttributeAsync("data-percentile"), $"{indicator.Name} percentile");
                if (rank is null)
                {
                    await Expect(cell).ToContainTextAsync("chưa có số liệu");
                }
                else
                {
                    await Expect(cell.Locator("a.standing-rank")).ToHaveTextAsync($"{rank}/{standing.GetProperty("of").GetInt32()}");
                }
            }
        }
        await Layout.Check(page);
        await session.Screenshot(page, "standing");

        // The rank against the province opens its ranking of communes with this commune marked in the table and the histogram.
        await panel.Locator($"tbody tr[data-indicator=poverty_rate] td[data-scope='{Province}'] a").ClickAsync();
        await Expect(page.GetByTestId("histogram-marked")).ToHaveAttributeAsync("data-unit", Commune);
        Assert.Contains($"#/ranking/{Province}/{Period}?", page.Url);
        Assert.Contains("indicator=poverty_rate", page.Url);
        Assert.Contains($"unit={Commune}", page.Url);
        var value = Number(api.GetProperty("indicators").GetProperty("poverty_rate"), "value");
        AssertSameNumber(value, await page.GetByTestId("histogram-marked").GetAttributeAsync("data-value"), "marked value");
        await Expect(page.Locator($"[data-testid=rank-table] tr.marked[data-unit='{Commune}']")).ToBeVisibleAsync();
        var place = api.GetProperty("indicators").GetProperty("poverty_rate").GetProperty("standings").EnumerateArray()
            .Single(s => s.GetProperty("scope").GetString() == Province);
        await Expect(page.GetByTestId("distribution-marked")).ToContainTextAsync($"hạng {place.GetProperty("rank").GetInt32()}/{place.GetProperty("of").GetInt32()}");
        // The marked bar is the one holding the commune's value.
        var marked = page.Locator("[data-testid=histogram] g.bin-marked");
        await Expect(marked).ToHaveCountAsync(1);
        var from = decimal.Parse((await marked.GetAttributeAsync("data-from"))!, CultureInfo.InvariantCulture);
        var to = decimal.Parse((await marked.GetAttributeAsync("data-to"))!, CultureInfo.InvariantCulture);
        Assert.InRange(value!.Value, from, to);

        // The overview of the commune shows the same panel, in English after the switch.
        await page.GotoAsync($"/#/unit/{Commune}/{Period}");
        await Expect(page.Locator($"[data-testid=standing-table] tbody tr[data-indicator=poverty_rate] td[data-scope='{Province}']"))
            .ToHaveAttributeAsync("data-rank", place.GetProperty("rank").GetInt32().ToString(CultureInfo.InvariantCulture));
        await page.GetByTestId("lang-switch").ClickAsync();
        await Expect(page.GetByTestId("standing").Locator("h2")).ToHaveTextAsync("Standing");
        await Expect(page.GetByTestId("standing").Locator("thead")).ToContainTextAsync("In Tỉnh Hải Dương");
        await Layout.Check(page);
        session.AssertNoScriptErrors();
    }

    [Theory]
    [MemberData(nameof(Viewports.Both), MemberType = typeof(Viewports))]
    public async Task RankingPageRanksTheProvincesCommunesAsTheApiDoesAndDrawsTheirDistribution(string viewport)
    {
        await using var session = await BrowserSession.Start(fixture, viewport: viewport);
        var page = await session.Open($"#/ranking/{Province}/{Period}?indicator=poverty_rate&top=all");
        var best = await Http.Ok(fixture.Api, $"/api/indicators/poverty_rate/{Period}/ranking?scope={Province}");
        var ranked = RowUnits(best);
        Assert.Equal(33, ranked.Count);
        await WaitForRows(page, ranked);
        await Expect(page.GetByTestId("ranking-count"))
            .ToHaveTextAsync($"{best.GetProperty("total").GetInt32()} đơn vị (cấp xã), {best.GetProperty("withoutValue").GetInt32()} chưa có số liệu.");
        await Expect(page.GetByTestId("tab-ranking")).ToHaveAttributeAsync("aria-current", "page");

        // The histogram: the API's bars with their counts, its quartiles said below; the province is no commune, so none is marked.
        var spread = await Http.Ok(fixture.Api, $"/api/indicators/poverty_rate/{Period}/distribution?scope={Province}");
        var bins = spread.GetProperty("bins").EnumerateArray().Select(b => b.GetProperty("count").GetInt32().ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(bins, await page.Locator("[data-testid=histogram] g.bin").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.count)"));
        await Expect(page.GetByTestId("histogram-marked")).ToHaveCountAsync(0);
        var quartiles = page.GetByTestId("distribution-quartiles");
        await Expect(quartiles).ToContainTextAsync($"trung vị {Vi(spread.GetProperty("median").GetDecimal())}\u00a0%");
        await Expect(quartiles).ToContainTextAsync($"tứ phân vị thứ nhất {Vi(spread.GetProperty("q1").GetDecimal())}\u00a0%");
        var scrolled = await Layout.Check(page);
        if (viewport == Viewports.Phone)
        {
            Assert.Contains("rank-table", scrolled);
        }
        await session.Screenshot(page, "ranking");

        // Worst first, then the worst ten: other rows, and the address says so (a reload shows the same).
        await page.GetByTestId("ranking-order").SelectOptionAsync("worst");
        var worst = await Http.Ok(fixture.Api, $"/api/indicators/poverty_rate/{Period}/ranking?scope={Province}&order=worst");
        await WaitForRows(page, RowUnits(worst));
        Assert.Contains("order=worst", page.Url);
        await page.GetByTestId("ranking-top").SelectOptionAsync("10");
        var worstTen = RowUnits(await Http.Ok(fixture.Api, $"/api/indicators/poverty_rate/{Period}/ranking?scope={Province}&order=worst&top=10"));
        Assert.Equal(10, worstTen.Count);
        await WaitForRows(page, worstTen);
        Assert.Contains("top=10", page.Url);
        await page.ReloadAsync();
        await WaitForRows(page, worstTen);
        await Expect(page.GetByTestId("ranking-order")).ToHaveValueAsync("worst");

        // The districts of the province, by the ratio of their sums.
        await page.GetByTestId("ranking-level").SelectOptionAsync("district");
        var districts = await Http.Ok(fixture.Api, $"/api/indicators/poverty_rate/{Period}/ranking?scope={Province}&level=district&order=worst&top=10");
        await WaitForRows(page, RowUnits(districts));
        Assert.Contains("level=district", page.Url);

        await page.GetByTestId("lang-switch").ClickAsync();
        await WaitForRows(page, RowUnits(districts));
        await Expect(page.GetByTestId("ranking-count")).ToHaveTextAsync("2 units (district), 0 without data.");
        await Expect(page.GetByTestId("ranking-order").Locator("option:checked")).ToHaveTextAsync("Worst first");
        await Expect(page.GetByTestId("distribution")).ToContainTextAsync("median");
        await Layout.Check(page);

        // A level no unit under the scope has, or an order that is none, is refused by the API and the page says which field.
        await page.GotoAsync($"/#/ranking/{Province}/{Period}?indicator=poverty_rate&level=nation");
        await Expect(page.GetByTestId("error")).ToContainTextAsync("Level");
        await Expect(page.Locator("[data-testid=rank-table]")).ToHaveCountAsync(0);
        await page.GotoAsync($"/#/ranking/{Province}/{Period}?indicator=poverty_rate&order=sideways");
        await Expect(page.GetByTestId("error")).ToContainTextAsync("Order");
        await Expect(page.GetByTestId("ranking-order")).ToHaveValueAsync("sideways");
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task LevelPickerOffersEveryLevelUnderTheScopeOnATreeOfMixedDepths()
    {
        // Hà Nội after its districts were abolished: wards right under the province. Its code comes before Hải Dương's, so it
        // is the nation's first branch with units below it, and the districts lie on the other branch only.
        foreach (var (code, name, level, parent) in new[]
        {
            ("01", "Thành phố Hà Nội", "province", "VN"), ("00004", "Phường Ba Đình", "commune", "01"), ("00008", "Phường Ngọc Hà", "commune", "01"),
        })
        {
            var (status, body, _) = await Http.Put(fixture.Api, $"/api/units/{code}", new { name, level, parent });
            Assert.True(status == 200, $"PUT unit {code}: {status} {body}");
        }
        await using var session = await BrowserSession.Start(fixture);
        var page = await session.Open($"#/ranking/VN/{Period}?indicator=poverty_rate&top=all");
        var levels = page.GetByTestId("ranking-level").Locator("option");
        await Expect(levels).ToHaveCountAsync(3);
        Assert.Equal(["province", "district", "commune"], await levels.EvaluateAllAsync<string[]>("els => els.map(e => e.value)"));
        await Expect(page.GetByTestId("ranking-level")).ToHaveValueAsync("commune");

        // The districts, found on the second branch, rank as the API ranks them; the provinces count Hà Nội, without data.
        await page.GetByTestId("ranking-level").SelectOptionAsync("district");
        await WaitForRows(page, RowUnits(await Http.Ok(fixture.Api, $"/api/indicators/poverty_rate/{Period}/ranking?scope=VN&level=district")));
        await page.GetByTestId("ranking-level").SelectOptionAsync("province");
        await WaitForRows(page, [Province]);
        await Expect(page.GetByTestId("ranking-count")).ToHaveTextAsync("2 đơn vị (cấp tỉnh), 1 chưa có số liệu.");
        session.AssertNoScriptErrors();
    }

    private static List<string> RowUnits(JsonElement ranking) =>
        ranking.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("unit").GetString()!).ToList();

    private static Task WaitForRows(IPage page, IReadOnlyList<string> units) => WaitForOrder(page, "[data-testid=rank-table] tbody tr", units);
}
