using System.Globalization;
using System.Text.Json;
using Aggregation.Gateway.Tests;
using Microsoft.Playwright;
using static Aggregation.Browser.Tests.Shown;
using static Microsoft.Playwright.Assertions;

namespace Aggregation.Browser.Tests;

/// <summary>
/// The web dashboard in headless Chromium against the real gateway with the sample province.
/// Every expected figure is read from the API at the time of the check, never written into the test.
/// Waits are Playwright's wait-for-state with a timeout; nothing depends on how long anything takes.
/// </summary>
public sealed class DashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private const string Period = "2023";

    [Theory]
    [MemberData(nameof(Viewports.Both), MemberType = typeof(Viewports))]
    public async Task OverviewShowsTheSampleDistrictAsTheApiComputesIt(string viewport)
    {
        await using var session = await BrowserSession.Start(fixture, viewport: viewport);
        var page = await session.Open($"#/unit/{District}/{Period}");
        var api = await Http.Ok(fixture.Api, $"/api/units/{District}/indicators/{Period}");
        var catalog = await Http.Ok(fixture.Api, "/api/catalog");
        var indicatorCount = catalog.GetProperty("indicators").GetArrayLength();

        await Expect(page.GetByTestId("unit-name")).ToHaveTextAsync("Huyện Bình Giang");
        var reported = api.GetProperty("reportedLeaves").GetInt32();
        var expected = api.GetProperty("expectedLeaves").GetInt32();
        await Expect(page.GetByTestId("completeness")).ToHaveTextAsync($"{reported}/{expected} xã đã báo cáo");
        var cards = page.GetByTestId("indicator-card");
        await Expect(cards).ToHaveCountAsync(indicatorCount);

        foreach (var indicator in api.GetProperty("indicators").EnumerateObject())
        {
            var card = page.Locator($"[data-testid=indicator-card][data-indicator={indicator.Name}]");
            AssertSameNumber(Number(indicator.Value, "value"), await card.GetAttributeAsync("data-value"), indicator.Name);
            var attained = indicator.Value.GetProperty("attained");
            Assert.Equal(attained.ValueKind == JsonValueKind.Null ? "null" : attained.GetBoolean() ? "true" : "false",
                await card.GetAttributeAsync("data-attained"));
            var status = await card.GetByTestId("indicator-status").InnerTextAsync();
            if (attained.ValueKind != JsonValueKind.Null)
            {
                // Colour is never the only signal: the badge says it in words.
                Assert.Contains(attained.GetBoolean() ? "Đạt" : "Chưa đạt", status);
            }
        }

        // Numbers as Vietnamese write them: "16.232,61 tỷ đồng", "1,54 %".
        var income = Number(api.GetProperty("indicators").GetProperty("social_income"), "value")!.Value;
        await Expect(Card(page, "social_income").GetByTestId("indicator-value")).ToHaveTextAsync($"{Vi(income)}\u00a0tỷ đồng");
        var poverty = Number(api.GetProperty("indicators").GetProperty("poverty_rate"), "value")!.Value;
        await Expect(Card(page, "poverty_rate").GetByTestId("indicator-value")).ToHaveTextAsync($"{Vi(poverty)}\u00a0%");
        await Expect(Card(page, "poverty_rate")).ToContainTextAsync("Tỷ lệ hộ nghèo");

        // Breadcrumb up to the nation, links down to every commune.
        await Expect(page.Locator("#breadcrumb a")).ToHaveTextAsync(["Việt Nam", "Tỉnh Hải Dương"]);
        var unit = await Http.Ok(fixture.Api, $"/api/units/{District}");
        await Expect(page.Locator("[data-testid=children-table] tbody tr")).ToHaveCountAsync(unit.GetProperty("children").GetArrayLength());
        await Layout.Check(page);
        await session.Screenshot(page, "overview");

        await page.GetByTestId("lang-switch").ClickAsync();
        await Expect(page.GetByTestId("completeness")).ToHaveTextAsync($"{reported}/{expected} communes reported");
        await Expect(Card(page, "poverty_rate")).ToContainTextAsync("Poverty rate");
        await Expect(Card(page, "social_income").GetByTestId("indicator-value"))
            .ToHaveTextAsync($"{income.ToString("#,##0.##", CultureInfo.InvariantCulture)}\u00a0billion VND");
        await Expect(page.GetByTestId("orleans-link")).ToHaveAttributeAsync("href", "/orleans");
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task ReasonsAndPlanWarningsAreSaidFromTheirCodesInEitherLanguage()
    {
        await using var session = await BrowserSession.Start(fixture);

        // Nothing is reported for 2024 yet: growth needs this year's income and last year's.
        var overview = await session.Open($"#/unit/{District}/2024");
        var reason = Card(overview, "growth_rate").Locator("[data-code=no_contributor]");
        await Expect(reason).ToHaveTextAsync("chưa xã nào báo cáo đủ: Tổng thu nhập xã hội, Tổng thu nhập xã hội cùng kỳ năm trước");

        // Tân Việt's own 2023 plan: its sector targets imply about 13 % growth, not the 11 % it states.
        var report = await session.Open("#/report/10966/2023");
        var warning = report.Locator("[data-testid=plan-warnings] li[data-code=implied_growth]");
        await Expect(warning).ToContainTextAsync("cho tăng trưởng chung khoảng 13 %, không phải 11 % như kế hoạch");

        await report.GetByTestId("lang-switch").ClickAsync();
        await Expect(report.Locator("[data-testid=plan-warnings] li[data-code=implied_growth]")).ToContainTextAsync("imply total growth of about 13.0 %");
        session.AssertNoScriptErrors();
    }

    [Theory]
    [MemberData(nameof(Viewports.Both), MemberType = typeof(Viewports))]
    public async Task ComparisonChartRanksCommunesAsTheApiDoes(string viewport)
    {
        await using var session = await BrowserSession.Start(fixture, viewport: viewport);
        var page = await session.Open($"#/compare/{District}/{Period}");
        await Expect(page.Locator("[data-testid=comparison-chart] g.bar").First).ToBeVisibleAsync();
        await page.GetByTestId("indicator-select").SelectOptionAsync("poverty_rate");

        var api = await Http.Ok(fixture.Api, $"/api/units/{District}/comparison/{Period}?indicator=poverty_rate");
        var ranked = api.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("unit").GetString()!).ToList();
        Assert.True(ranked.Count > 1);
        await WaitForOrder(page, "[data-testid=comparison-chart] g.bar", ranked);
        Assert.Equal(ranked, await Units(page, "[data-testid=ranking-table] tbody tr"));
        Assert.Equal(ranked, await Units(page, "[data-testid=comparison-chart] g.bar"));
        AssertSameNumber(Number(api.GetProperty("aggregate"), "value"), await page.GetByTestId("aggregate-value").GetAttributeAsync("data-value"), "aggregate");
        await Expect(page.GetByTestId("chart-target")).ToContainTextAsync("Mục tiêu");
        await Expect(page.GetByTestId("chart-aggregate")).ToContainTextAsync("Huyện Bình Giang");
        Assert.Contains("indicator=poverty_rate", page.Url);

        // The heat map: the district and every commune, one column per indicator.
        await Expect(page.Locator("[data-testid=heatmap] tbody tr")).ToHaveCountAsync(ranked.Count + 1);
        var scrolled = await Layout.Check(page);
        if (viewport == Viewports.Phone)
        {
            // Too wide for a phone: both scroll in their boxes, and Check saw the communes' names stay in view.
            Assert.Contains("ranking-table", scrolled);
            Assert.Contains("heatmap", scrolled);
        }
        await session.Screenshot(page, "comparison");

        // Sorting the table by name changes its order, not the chart's.
        await page.Locator("[data-testid=ranking-table] button[data-sort=name]").ClickAsync();
        var byName = api.GetProperty("children").EnumerateArray()
            .OrderBy(c => c.GetProperty("name").GetString(), StringComparer.Create(Vietnamese, false))
            .Select(c => c.GetProperty("unit").GetString()!).ToList();
        await WaitForOrder(page, "[data-testid=ranking-table] tbody tr", byName);
        Assert.Equal(ranked, await Units(page, "[data-testid=comparison-chart] g.bar"));

        // The CSV download is the API's own export of this ranking.
        var csv = await page.GetByTestId("download-csv").GetAttributeAsync("href");
        using var response = await fixture.Api.GetAsync(csv);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(ranked[0], await response.Content.ReadAsStringAsync());
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task ReportSubmittedThroughTheFormReachesTheDistrictWithoutReload()
    {
        const string commune = "10969";
        await using var session = await BrowserSession.Start(fixture);
        var before = await Http.Ok(fixture.Api, $"/api/units/{District}/indicators/{Period}");
        var districtPage = await session.Open($"#/unit/{District}/{Period}");
        await WaitForValue(districtPage, "social_income", Number(before.GetProperty("indicators").GetProperty("social_income"), "value")!.Value);
        await districtPage.EvaluateAsync("() => { window.__notReloaded = true; }");

        var report = await Http.Ok(fixture.Api, $"/api/units/{commune}/reports/{Period}");
        var version = report.GetProperty("version").GetInt32();
        var income = report.GetProperty("values").GetProperty("income_total").GetDecimal();
        var raised = income + 100.5m;

        var form = await session.Open($"#/report/{commune}/{Period}");
        var field = form.GetByTestId("input-income_total");
        await Expect(field).ToHaveValueAsync(Vi(income, "0.######"));
        await field.FillAsync(Vi(raised, "0.######"));
        await form.GetByTestId("report-submit").ClickAsync();

        await Expect(form.GetByTestId("report-saved")).ToHaveAttributeAsync("data-version", (version + 1).ToString(CultureInfo.InvariantCulture));
        // Sectors no longer add up to the total: accepted, with the warning shown in Vietnamese.
        await Expect(form.GetByTestId("report-warnings")).ToContainTextAsync("lệch khỏi");
        await Expect(form.Locator($"[data-testid=report-history] tr[data-version='{version + 1}']")).ToBeVisibleAsync();

        var stored = await Http.Ok(fixture.Api, $"/api/units/{commune}/reports/{Period}");
        Assert.Equal(version + 1, stored.GetProperty("version").GetInt32());
        Assert.Equal(raised, stored.GetProperty("values").GetProperty("income_total").GetDecimal());
        var after = await Http.Ok(fixture.Api, $"/api/units/{District}/indicators/{Period}");
        var total = Number(after.GetProperty("indicators").GetProperty("social_income"), "value")!.Value;
        Assert.Equal(Number(before.GetProperty("indicators").GetProperty("social_income"), "value")!.Value + 100.5m, total);

        await WaitForValue(districtPage, "social_income", total);
        await Expect(Card(districtPage, "social_income").GetByTestId("indicator-value")).ToHaveTextAsync($"{Vi(total)}\u00a0tỷ đồng");
        Assert.True(await districtPage.EvaluateAsync<bool>("() => window.__notReloaded === true"));
        await session.Screenshot(form, "commune-report");
        session.AssertNoScriptErrors();
    }

    [Theory]
    [MemberData(nameof(Viewports.Both), MemberType = typeof(Viewports))]
    public async Task RefusedValuesShowTheirMessagesAndStoreNothing(string viewport)
    {
        const string commune = "10951";
        await using var session = await BrowserSession.Start(fixture, viewport: viewport);
        var before = await Http.Ok(fixture.Api, $"/api/units/{commune}/reports/{Period}");
        var history = await Http.Ok(fixture.Api, $"/api/units/{commune}/reports/{Period}/history");
        var households = before.GetProperty("values").GetProperty("households").GetDecimal();

        var page = await session.Open($"#/report/{commune}/{Period}");
        await Expect(page.GetByTestId("input-households")).ToHaveValueAsync(Vi(households, "0"));
        await page.GetByTestId("input-poor_households").FillAsync(Vi(households + 1, "0"));
        await page.GetByTestId("input-deaths").FillAsync("-5");
        await page.GetByTestId("report-submit").ClickAsync();

        await Expect(page.GetByTestId("report-refused")).ToContainTextAsync("chưa có gì được lưu");
        await Expect(page.GetByTestId("error-poor_households")).ToContainTextAsync($"không được lớn hơn Tổng số hộ ({Vi(households, "#,##0")})");
        await Expect(page.GetByTestId("error-deaths")).ToContainTextAsync("không được là số âm");
        await Expect(page.GetByTestId("input-poor_households")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByTestId("error-households")).ToBeEmptyAsync();

        var after = await Http.Ok(fixture.Api, $"/api/units/{commune}/reports/{Period}");
        Assert.Equal(before.GetRawText(), after.GetRawText());
        var historyAfter = await Http.Ok(fixture.Api, $"/api/units/{commune}/reports/{Period}/history");
        Assert.Equal(history.GetArrayLength(), historyAfter.GetArrayLength());
        await Expect(page.GetByTestId("report-version")).ToHaveAttributeAsync("data-version", before.GetProperty("version").GetInt32().ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator("[data-testid=report-history] tbody tr").First).ToBeVisibleAsync();
        await Layout.Check(page);
        await session.Screenshot(page, "commune-refused");
        session.AssertNoScriptErrors();
    }

    [Theory]
    [MemberData(nameof(Viewports.Both), MemberType = typeof(Viewports))]
    public async Task WhatIfShowsBaselineAndScenarioGoalSeekAndSaves(string viewport)
    {
        await using var session = await BrowserSession.Start(fixture, viewport: viewport);
        var page = await session.Open($"#/whatif/{District}/{Period}");
        await page.GetByTestId("whatif-unit-10945").CheckAsync();
        await page.GetByTestId("whatif-unit-10990").CheckAsync();
        await page.GetByTestId("whatif-element-poor_households").CheckAsync();
        await page.GetByTestId("whatif-kind").SelectOptionAsync("scale");
        await page.GetByTestId("whatif-amount").FillAsync("0,5");
        await page.GetByTestId("whatif-add").ClickAsync();
        await Expect(page.GetByTestId("whatif-override")).ToHaveCountAsync(2);
        await page.GetByTestId("whatif-run").ClickAsync();

        var row = page.Locator("[data-testid=whatif-table] tr[data-indicator=poverty_rate]");
        await Expect(row).ToBeVisibleAsync();
        var (_, expected, _) = await Http.Send(fixture.Api, HttpMethod.Post, "/api/what-if", JsonSerializer.Serialize(new
        {
            unit = District,
            period = Period,
            overrides = new object[]
            {
                new { unit = "10945", element = "poor_households", scale = 0.5m },
                new { unit = "10990", element = "poor_households", scale = 0.5m },
            },
        }));
        var poverty = expected.GetProperty("indicators").GetProperty("poverty_rate");
        AssertSameNumber(Number(poverty, "baseline"), await row.GetAttributeAsync("data-baseline"), "baseline");
        AssertSameNumber(Number(poverty, "scenario"), await row.GetAttributeAsync("data-scenario"), "scenario");
        Assert.True(Number(poverty, "scenario") < Number(poverty, "baseline"));
        await Expect(page.Locator("[data-testid=whatif-children] tbody tr")).ToHaveCountAsync(expected.GetProperty("children").GetArrayLength());

        // Goal seek with the form's defaults: poverty rate to the district's target, poor households under the whole district.
        await page.GetByTestId("goalseek-run").ClickAsync();
        await Expect(page.Locator("[data-testid=goalseek-result] [data-reachable]")).ToBeVisibleAsync();
        var target = (await Http.Ok(fixture.Api, $"/api/units/{District}/indicators/{Period}"))
            .GetProperty("indicators").GetProperty("poverty_rate").GetProperty("target").GetProperty("value").GetDecimal();
        var (_, seek, _) = await Http.Send(fixture.Api, HttpMethod.Post, "/api/what-if/goal-seek", JsonSerializer.Serialize(new
        {
            unit = District,
            period = Period,
            indicator = "poverty_rate",
            target,
            lever = new { element = "poor_households", under = District, mode = "scale" },
        }));
        await Expect(page.Locator("[data-testid=goalseek-result] [data-reachable]"))
            .ToHaveAttributeAsync("data-reachable", seek.GetProperty("reachable").GetBoolean() ? "true" : "false");
        await Expect(page.GetByTestId("goalseek-result")).ToContainTextAsync(Vi(seek.GetProperty("factor").GetDecimal(), "0.####"));

        var name = "Giảm nghèo " + Guid.NewGuid().ToString("N")[..6];
        await page.GetByTestId("scenario-name").FillAsync(name);
        await page.GetByTestId("scenario-save").ClickAsync();
        await Expect(page.GetByTestId("scenario-message")).ToContainTextAsync(name);
        await Expect(page.GetByTestId("saved-scenarios")).ToContainTextAsync(name);
        var saved = (await Http.Ok(fixture.Api, "/api/scenarios")).EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);
        Assert.Equal(2, saved.GetProperty("overrides").GetArrayLength());
        await Layout.Check(page);
        await session.Screenshot(page, "what-if");
        session.AssertNoScriptErrors();
    }

    private static Task WaitForValue(IPage page, string indicator, decimal expected) =>
        page.WaitForFunctionAsync(
            "([code, expected]) => { const c = document.querySelector(`[data-testid=indicator-card][data-indicator=${code}]`); " +
            "return c !== null && c.dataset.value !== '' && Math.abs(Number(c.dataset.value) - expected) < 1e-6; }",
            new object[] { indicator, (double)expected },
            new PageWaitForFunctionOptions { Timeout = 10_000 });

    private static async Task<List<string>> Units(IPage page, string selector) =>
        (await page.Locator(selector).EvaluateAllAsync<string[]>("elements => elements.map(e => e.dataset.unit)")).ToList();
}
