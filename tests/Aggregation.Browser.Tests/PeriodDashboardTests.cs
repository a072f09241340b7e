using System.Globalization;
using System.Text.Json;
using Aggregation.Gateway.Tests;
using Microsoft.Playwright;
using static Aggregation.Browser.Tests.Shown;
using static Microsoft.Playwright.Assertions;

namespace Aggregation.Browser.Tests;

/// <summary>
/// Periods within the year on the dashboard: the period picker, the same period last year and progress on the
/// year's plan on each card, the month-by-month trend and the communes that have not reported. Each test sends
/// monthly reports through the API for years of its own, then reads every expected figure from the API.
/// </summary>
public sealed class PeriodDashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task ThePeriodPickerChoosesMonthsQuartersHalvesNineMonthsAndKeepsThePeriodInTheAddress()
    {
        var commune = (await Communes())[0];
        for (var month = 1; month <= 9; month++)
        {
            await Report(commune, 2037, month);
        }
        await using var session = await BrowserSession.Start(fixture);
        var page = await session.Open($"#/unit/{District}/2023");
        await Expect(page.GetByTestId("picker-kind")).ToHaveValueAsync("year");
        await Expect(page.GetByTestId("picker-part")).ToBeHiddenAsync();

        // Picking a period shows it at once: no button to press.
        await page.GetByTestId("picker-kind").SelectOptionAsync("quarter");
        await Expect(page.GetByTestId("picker-part").Locator("option")).ToHaveTextAsync(["Quý I", "Quý II", "Quý III", "Quý IV"]);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/unit/296/2023Q4$"));
        await page.GetByTestId("picker-part").SelectOptionAsync("2");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/unit/296/2023Q2$"));
        await page.GetByTestId("picker-year").FillAsync("2037");
        await page.GetByTestId("picker-year").PressAsync("Tab");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/unit/296/2037Q2$"));
        await Expect(page.GetByTestId("period-name")).ToContainTextAsync("Quý II/2037 (2037Q2)");

        // Another kind keeps the months chosen as far as it can: the second quarter becomes June, the first half.
        await page.GetByTestId("picker-kind").SelectOptionAsync("month");
        await Expect(page.GetByTestId("picker-part")).ToHaveValueAsync("6");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/unit/296/203706$"));
        await page.GetByTestId("picker-kind").SelectOptionAsync("half");
        await Expect(page.GetByTestId("picker-part")).ToHaveValueAsync("1");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/unit/296/2037S1$"));
        await Expect(page.GetByTestId("period-name")).ToContainTextAsync("6 tháng đầu năm 2037");

        await page.GetByTestId("picker-kind").SelectOptionAsync("nine");
        await Expect(page.GetByTestId("picker-part")).ToBeHiddenAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/unit/296/2037YTD09$"));
        await Expect(page.GetByTestId("period-name")).ToContainTextAsync("9 tháng đầu năm 2037 (2037YTD09)");

        // The nine months are the commune's months added up: the card shows what the API answers, marked as derived.
        var api = await Http.Ok(fixture.Api, $"/api/units/{District}/indicators/2037YTD09");
        var income = api.GetProperty("indicators").GetProperty("social_income");
        Assert.True(income.GetProperty("derived").GetBoolean());
        await Expect(Card(page, "social_income")).ToHaveAttributeAsync("data-derived", "true");
        AssertSameNumber(Number(income, "value"), await Card(page, "social_income").GetAttributeAsync("data-value"), "social_income 2037YTD09");

        // The address keeps the period: a reload shows the same choice.
        await page.ReloadAsync();
        await Expect(page.GetByTestId("picker-kind")).ToHaveValueAsync("nine");
        await Expect(page.GetByTestId("picker-year")).ToHaveValueAsync("2037");
        await Expect(page.GetByTestId("period-name")).ToContainTextAsync("2037YTD09");

        // A period id the API does not know is refused by the page, in words.
        var bad = await session.Open($"#/unit/{District}/2037YTD13");
        await Expect(bad.GetByTestId("error")).ToContainTextAsync("Kỳ báo cáo “2037YTD13” không hợp lệ");

        await page.GetByTestId("lang-switch").ClickAsync();
        await Expect(page.GetByTestId("period-name")).ToContainTextAsync("First nine months of 2037");
        await Expect(page.GetByTestId("picker-kind").Locator("option:checked")).ToHaveTextAsync("Nine months");
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task ThePeriodPickerWorksFromTheKeyboardAndKeepsItsFocusWhileTheButtonStillTakesAUnit()
    {
        var commune = (await Communes())[1];
        await using var session = await BrowserSession.Start(fixture);
        var page = await session.Open($"#/unit/{District}/2023");
        await Expect(page.GetByTestId("period-name")).ToContainTextAsync("2023");

        // The arrow keys on the kind pick the kind before "year": nine months, shown at once, the focus still on the picker.
        var kind = page.GetByTestId("picker-kind");
        await kind.FocusAsync();
        await page.Keyboard.PressAsync("ArrowUp");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/unit/{District}/2023YTD09$"));
        await Expect(page.GetByTestId("period-name")).ToContainTextAsync("9 tháng đầu năm 2023");
        await Expect(kind).ToBeFocusedAsync();
        await Expect(kind).ToHaveAttributeAsync("aria-describedby", "picker-hint");

        // A year typed and left goes to that year; a year that is no year yet goes nowhere.
        var year = page.GetByTestId("picker-year");
        await year.FillAsync("2022");
        await year.PressAsync("Tab");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/unit/{District}/2022YTD09$"));
        await year.FillAsync("20");
        await year.PressAsync("Tab");
        await Expect(page.GetByTestId("period-name")).ToContainTextAsync("9 tháng đầu năm 2022");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/unit/{District}/2022YTD09$"));

        // The button still takes a unit code typed in, with the period picked.
        await year.FillAsync("2022");
        await page.GetByTestId("picker-unit").FillAsync(commune);
        await Show(page);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/unit/{commune}/2022YTD09$"));
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task CardsCompareWithTheSamePeriodLastYearShowProgressOfTheYearsPlanAndMarkDerivedValues()
    {
        var communes = await Communes();
        foreach (var year in new[] { 2030, 2031 })
        {
            foreach (var commune in communes.Take(2))
            {
                for (var month = 1; month <= 3; month++)
                {
                    await Report(commune, year, month);
                }
            }
        }
        Assert.Equal(200, (await Http.Put(fixture.Api, $"/api/units/{District}/plans/2031", new { targets = new { social_income = 900 } })).Status);

        await using var session = await BrowserSession.Start(fixture);
        var page = await session.Open($"#/unit/{District}/2031Q1");
        var now = await Http.Ok(fixture.Api, $"/api/units/{District}/indicators/2031Q1");
        var then = await Http.Ok(fixture.Api, $"/api/units/{District}/indicators/2030Q1");

        // A sum (billion VND): the change in %; a percentage: the change in points.
        foreach (var (code, points) in new[] { ("social_income", false), ("poverty_rate", true) })
        {
            var value = Number(now.GetProperty("indicators").GetProperty(code), "value")!.Value;
            var before = Number(then.GetProperty("indicators").GetProperty(code), "value")!.Value;
            var line = Card(page, code).GetByTestId("indicator-last-year");
            await Expect(line).ToHaveAttributeAsync("data-period", "2030Q1");
            AssertSameNumber(before, await line.GetAttributeAsync("data-value"), $"{code} 2030Q1");
            AssertSameNumber(points ? value - before : (value / before - 1) * 100, await line.GetAttributeAsync("data-change"), $"{code} change");
            await Expect(line).ToContainTextAsync("Cùng kỳ năm trước (Quý I/2030)");
            await Expect(line).ToContainTextAsync(points ? "điểm % so với cùng kỳ" : "% so với cùng kỳ");
        }

        // A cumulative indicator in a quarter: "ước đạt X % kế hoạch năm", not judged; a rate is not measured on the year's plan.
        var income = now.GetProperty("indicators").GetProperty("social_income");
        Assert.Equal(JsonValueKind.Null, income.GetProperty("attained").ValueKind);
        var progress = Card(page, "social_income").GetByTestId("indicator-progress-of-year");
        AssertSameNumber(Number(income, "progressOfYear"), await progress.GetAttributeAsync("data-value"), "progressOfYear");
        await Expect(progress).ToContainTextAsync("Ước đạt");
        await Expect(progress).ToContainTextAsync("kế hoạch năm");
        await Expect(Card(page, "poverty_rate").GetByTestId("indicator-progress-of-year")).ToHaveCountAsync(0);

        // The quarter is added up from months: a discreet mark that says so.
        var mark = Card(page, "social_income").GetByTestId("indicator-derived");
        await Expect(mark).ToHaveAttributeAsync("title", "Tổng hợp từ các kỳ con");
        await session.Screenshot(page, "overview-quarter");

        // The sample's 2023 is reported for the year itself: nothing derived, and the year is judged, not "ước đạt".
        var annual = await session.Open($"#/unit/{District}/2023");
        await Expect(Card(annual, "social_income")).ToHaveAttributeAsync("data-derived", "false");
        await Expect(Card(annual, "social_income").GetByTestId("indicator-derived")).ToHaveCountAsync(0);
        await Expect(Card(annual, "social_income").GetByTestId("indicator-progress-of-year")).ToHaveCountAsync(0);
        await Expect(Card(annual, "social_income").GetByTestId("indicator-last-year")).ToHaveAttributeAsync("data-period", "2022");

        await page.GetByTestId("lang-switch").ClickAsync();
        await Expect(Card(page, "social_income").GetByTestId("indicator-last-year")).ToContainTextAsync("Same period last year (Q1 2030)");
        await Expect(Card(page, "social_income").GetByTestId("indicator-progress-of-year")).ToContainTextAsync("of the year’s plan");
        await Expect(Card(page, "social_income").GetByTestId("indicator-derived")).ToHaveAttributeAsync("title", "Added up from shorter periods");
        session.AssertNoScriptErrors();
    }

    [Theory]
    [MemberData(nameof(Viewports.Both), MemberType = typeof(Viewports))]
    public async Task TheTrendChartsTheMonthsOfTheYearAgainstLastYears(string viewport)
    {
        var commune = (await Communes())[1];
        foreach (var month in new[] { 1, 2, 3, 4, 5 })
        {
            await Report(commune, 2033, month);
        }
        foreach (var month in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 })
        {
            await Report(commune, 2032, month);
        }

        await using var session = await BrowserSession.Start(fixture, viewport: viewport);
        var page = await session.Open($"#/unit/{District}/2033Q2?trend=social_income");
        await Expect(page.GetByTestId("trend-chart")).ToHaveAttributeAsync("data-indicator", "social_income");
        await AssertSeries(page, "social_income", 2033, "current");
        await AssertSeries(page, "social_income", 2032, "previous");
        await Layout.Check(page);
        await session.Screenshot(page, "trend");

        // A card's trend button charts its indicator and keeps it in the address.
        await Card(page, "poverty_rate").GetByTestId("indicator-trend").ClickAsync();
        await Expect(page.GetByTestId("trend-chart")).ToHaveAttributeAsync("data-indicator", "poverty_rate");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("trend=poverty_rate"));
        await AssertSeries(page, "poverty_rate", 2033, "current");
        await AssertSeries(page, "poverty_rate", 2032, "previous");
        await Expect(page.GetByTestId("trend-indicator")).ToBeFocusedAsync();
        await Expect(page.Locator("[data-testid=trend-chart] title").First).ToHaveTextAsync("Tỷ lệ hộ nghèo theo tháng, năm 2033 so với năm 2032");

        await page.GetByTestId("lang-switch").ClickAsync();
        await Expect(page.Locator("[data-testid=trend-chart] title").First).ToHaveTextAsync("Poverty rate by month, 2033 against 2032");
        await AssertSeries(page, "poverty_rate", 2033, "current");
        session.AssertNoScriptErrors();
    }

    [Theory]
    [MemberData(nameof(Viewports.Both), MemberType = typeof(Viewports))]
    public async Task TheNotReportedListNamesEachCommuneItsDistrictAndItsLastReport(string viewport)
    {
        var communes = await Communes();
        var (complete, partial) = (communes[2], communes[3]);
        foreach (var month in new[] { 1, 2, 3 })
        {
            await Report(complete, 2035, month);
        }
        // January and February only: missing for the first quarter, not for February.
        foreach (var month in new[] { 1, 2 })
        {
            await Report(partial, 2035, month);
        }

        await using var session = await BrowserSession.Start(fixture, viewport: viewport);
        var page = await session.Open($"#/unit/{District}/2035Q1");
        var api = await Http.Ok(fixture.Api, $"/api/units/{District}/missing/2035Q1");
        var missing = api.GetProperty("missing").EnumerateArray().ToList();
        Assert.Contains(missing, m => m.GetProperty("unit").GetString() == partial);
        Assert.DoesNotContain(missing, m => m.GetProperty("unit").GetString() == complete);

        var count = page.GetByTestId("missing-count");
        await Expect(count).ToHaveAttributeAsync("data-missing", missing.Count.ToString(CultureInfo.InvariantCulture));
        await Expect(count).ToContainTextAsync(
            $"Đã báo cáo {api.GetProperty("reportedLeaves").GetInt32()}/{api.GetProperty("expectedLeaves").GetInt32()} xã; còn {missing.Count} xã chưa báo cáo.");
        var rows = page.Locator("[data-testid=missing-table] tbody tr");
        await Expect(rows).ToHaveCountAsync(missing.Count);
        Assert.Equal(missing.Select(m => m.GetProperty("unit").GetString()!),
            await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.unit)"));

        var row = page.Locator($"[data-testid=missing-table] tbody tr[data-unit='{partial}']");
        var last = missing.Single(m => m.GetProperty("unit").GetString() == partial).GetProperty("lastReported").GetString()!;
        await Expect(row).ToHaveAttributeAsync("data-last-reported", last);
        // The date as Vietnamese write it, in the browser's time zone (the machine's, as here).
        var date = DateTimeOffset.Parse(last, CultureInfo.InvariantCulture).ToLocalTime().ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        await Expect(row.GetByTestId("missing-last")).ToContainTextAsync(date);
        await Expect(row).ToContainTextAsync("Huyện Bình Giang");
        await Expect(row.Locator("th a")).ToHaveAttributeAsync("href", $"#/report/{partial}/2035Q1");
        await Expect(page.GetByTestId("missing")).ToContainTextAsync("Xã chưa báo cáo kỳ Quý I/2035");
        await Layout.Check(page);
        await session.Screenshot(page, "not-reported");

        // February: the partial commune has reported it.
        var february = await session.Open($"#/unit/{District}/203502");
        await Expect(february.GetByTestId("missing-count")).ToBeVisibleAsync();
        await Expect(february.Locator($"[data-testid=missing-table] tbody tr[data-unit='{partial}']")).ToHaveCountAsync(0);
        await Expect(february.Locator($"[data-testid=missing-table] tbody tr[data-unit='{complete}']")).ToHaveCountAsync(0);

        await page.GetByTestId("lang-switch").ClickAsync();
        await Expect(page.GetByTestId("missing")).ToContainTextAsync("Communes that have not reported for Q1 2035");
        await Expect(page.Locator("[data-testid=missing-table] thead")).ToContainTextAsync("Last report");
        session.AssertNoScriptErrors();
    }

    private static Task Show(IPage page) => page.Locator("#picker button[type=submit]").ClickAsync();

    [Fact]
    public async Task TheNotReportedListIsAskedAgainWhenACommuneReportsNotOnEveryRefresh()
    {
        var communes = await Communes();
        var (commune, other) = (communes[4], communes[5]);
        foreach (var month in new[] { 1, 2 })
        {
            await Report(commune, 2036, month);
        }
        foreach (var month in new[] { 1, 2, 3 })
        {
            await Report(other, 2036, month);
        }
        await using var session = await BrowserSession.Start(fixture);
        var page = await session.Open($"#/unit/{District}/2036Q1");
        var (missingAsked, indicatorsAsked) = (0, 0);
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/missing/", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref missingAsked);
            }
            else if (request.Url.Contains($"/api/units/{District}/indicators/2036Q1", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref indicatorsAsked);
            }
        };
        var row = page.Locator($"[data-testid=missing-table] tbody tr[data-unit='{commune}']");
        await Expect(row).ToHaveCountAsync(1);

        // The page refreshes when the district's figures change; a correction that leaves the communes reporting as they
        // were does not ask for the list (a question to every commune) again.
        var (missingBefore, indicatorsBefore) = (missingAsked, indicatorsAsked);
        await Report(other, 2036, 2, moreIncome: 5);
        await Eventually(() => indicatorsAsked > indicatorsBefore);
        Assert.Equal(missingBefore, missingAsked);

        // March completes the commune's quarter: the district's count moves, the list is asked again and drops it.
        await Report(commune, 2036, 3);
        await Expect(row).ToHaveCountAsync(0);
        Assert.True(missingAsked > missingBefore);
        session.AssertNoScriptErrors();
    }

    private static async Task Eventually(Func<bool> done)
    {
        for (var waited = 0; !done(); waited += 100)
        {
            Assert.True(waited < 30_000, "the page did not refresh within 30 s");
            await Task.Delay(100);
        }
    }

    private async Task<List<string>> Communes()
    {
        var unit = await Http.Ok(fixture.Api, $"/api/units/{District}");
        return unit.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("code").GetString()!).ToList();
    }

    /// <summary>A plausible month: income grows through the year and from year to year, poor households fall.</summary>
    private async Task Report(string commune, int year, int month, decimal moreIncome = 0)
    {
        var period = $"{year}{month:00}";
        var growth = year - 2030;
        var (status, body, _) = await Http.Put(fixture.Api, $"/api/units/{commune}/reports/{period}", new
        {
            values = new Dictionary<string, decimal>
            {
                ["income_total"] = 20m + month + 3 * growth + moreIncome,
                ["households"] = 1200,
                ["poor_households"] = 80 - month - 4 * growth,
                ["population"] = 4800,
            },
        });
        Assert.True(status == 200, $"PUT {commune} {period} answered {status}: {body}");
    }

    /// <summary>The chart's points for a year are the series answer's months that have a value, each with that value.</summary>
    private async Task AssertSeries(IPage page, string indicator, int year, string role)
    {
        var series = (await Http.Ok(fixture.Api, $"/api/units/{District}/series/{indicator}?from={year}01&to={year}12"))
            .EnumerateArray().Where(p => p.GetProperty("value").ValueKind == JsonValueKind.Number).ToList();
        Assert.NotEmpty(series);
        var points = page.Locator($"[data-testid=trend-chart] [data-testid=trend-{role}][data-year='{year}'] circle");
        await Expect(points).ToHaveCountAsync(series.Count);
        var shown = await points.EvaluateAllAsync<string[][]>("cs => cs.map(c => [c.dataset.period, c.dataset.value])");
        for (var i = 0; i < series.Count; i++)
        {
            Assert.Equal(series[i].GetProperty("period").GetString(), shown[i][0]);
            AssertSameNumber(Number(series[i], "value"), shown[i][1], $"{indicator} {shown[i][0]}");
        }
    }
}
