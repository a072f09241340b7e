using System.Text.RegularExpressions;
using Aggregation.Gateway.Tests;
using Microsoft.Playwright;
using static Aggregation.Browser.Tests.Shown;
using static Microsoft.Playwright.Assertions;

namespace Aggregation.Browser.Tests;

/// <summary>
/// Trees on the dashboard (SPEC section 10): the tree selector, a period restated onto a newer tree with its
/// note, and a commune's lineage. Expected figures are read from the API; the names are those of the fixture.
/// </summary>
public sealed class TreeDashboardTests(TreeDashboardFixture fixture) : IClassFixture<TreeDashboardFixture>
{
    private static Regex Address(string hash) => new($"{Regex.Escape(hash)}$");

    [Theory]
    [MemberData(nameof(Viewports.Both), MemberType = typeof(Viewports))]
    public async Task ChoosingTheNewTreeShows2023RestatedOntoItsProvinceAndCommunes(string viewport)
    {
        await using var session = await BrowserSession.Start(fixture, viewport: viewport);
        var page = await session.Open("#/unit/296/2023");
        await Expect(page.GetByTestId("unit-name")).ToHaveTextAsync("Huyện Bình Giang");
        var selector = page.GetByTestId("picker-tree");
        await Expect(selector).ToBeVisibleAsync();
        await Expect(selector.Locator("option")).ToHaveTextAsync(
            ["Cây của kỳ", "Danh mục 2020 · đơn vị hành chính từ 01/01/2020", "Danh mục 2025 · đơn vị hành chính từ 01/07/2025"]);
        await Expect(selector).ToHaveValueAsync("");
        await Expect(page.GetByTestId("restated-note")).ToHaveCountAsync(0);

        // District 296 is no unit of the 2025 tree: the view goes to the nearest unit above it that is, the nation.
        await selector.SelectOptionAsync("t2025");
        await Expect(page).ToHaveURLAsync(Address("#/unit/VN/2023?tree=t2025"));
        var note = page.GetByTestId("restated-note");
        await Expect(note).ToContainTextAsync("Số liệu năm 2023 quy đổi sang đơn vị hành chính từ 01/07/2025 (Danh mục 2025, từ cây t2023)");
        await Expect(note.GetByTestId("restated-estimated")).ToHaveTextAsync("ước tính");
        await Expect(note.GetByTestId("restated-unmapped")).ToContainTextAsync("1 đơn vị cũ chưa được ánh xạ");

        // Down to the province of 2025 and its commune Xã Bình Giang: the tree travels with every link.
        await page.Locator("[data-testid=children-table] a", new() { HasTextString = "Thành phố Hải Phòng" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Address("#/unit/31/2023?tree=t2025"));
        await Expect(page.GetByTestId("unit-name")).ToHaveTextAsync("Thành phố Hải Phòng");
        await Expect(page.Locator("[data-testid=children-table] tbody th")).ToHaveTextAsync(["Xã Kẻ Sặt", "Xã Bình Giang"]);
        await page.Locator("[data-testid=children-table] a", new() { HasTextString = "Xã Bình Giang" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Address("#/unit/10966/2023?tree=t2025"));
        await Expect(page.Locator("#breadcrumb a")).ToHaveTextAsync(["Việt Nam", "Thành phố Hải Phòng"]);

        var api = await Http.OkOnce(fixture.Api, "/api/units/10966/indicators/2023?tree=t2025", v => v.GetProperty("reportedLeaves").GetInt32() == 1);
        var rate = Number(api.GetProperty("indicators").GetProperty("poverty_rate"), "value");
        Assert.Equal(3.488889m, rate);
        await Expect(Card(page, "poverty_rate")).ToHaveAttributeAsync("data-value", "3.488889");
        await Expect(Card(page, "poverty_rate").GetByTestId("indicator-value")).ToHaveTextAsync($"{Vi(rate!.Value)}\u00a0%");
        await Expect(page.GetByTestId("restated-note").GetByTestId("restated-estimated")).ToBeVisibleAsync();
        // A restated commune has no report to enter: reports are entered on the period's own tree.
        await Expect(page.GetByTestId("tab-report")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("enter-report")).ToHaveCountAsync(0);
        await Layout.Check(page);
        await session.Screenshot(page, "restated");

        // Back to the period's own tree: 10966 is Xã Tân Việt again, with its own 2023 figures and no note.
        await page.GetByTestId("picker-tree").SelectOptionAsync("");
        await Expect(page).ToHaveURLAsync(Address("#/unit/10966/2023"));
        await Expect(page.GetByTestId("unit-name")).ToHaveTextAsync("Xã Tân Việt");
        await Expect(Card(page, "poverty_rate")).ToHaveAttributeAsync("data-value", "3");
        await Expect(page.GetByTestId("restated-note")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("tab-report")).ToBeVisibleAsync();
        session.AssertNoScriptErrors();
    }

    [Theory]
    [MemberData(nameof(Viewports.Both), MemberType = typeof(Viewports))]
    public async Task TheLineageOfXaBinhGiangNamesItsFourWholePredecessorsAndTheEstimatedPartOfVinhHong(string viewport)
    {
        await using var session = await BrowserSession.Start(fixture, viewport: viewport);
        var page = await session.Open("#/unit/10966/2023?tree=t2025");
        var predecessors = page.GetByTestId("lineage-predecessors");
        await Expect(predecessors).ToHaveTextAsync(
            "Xã Bình Giang (2025) = Xã Tân Việt + Xã Long Xuyên + Xã Hồng Khê + Xã Cổ Bì + một phần Xã Vĩnh Hồng (ước tính)");
        var parts = predecessors.GetByTestId("lineage-part");
        await Expect(parts).ToHaveCountAsync(5);
        foreach (var code in new[] { "10966", "10963", "10978", "10984" })
        {
            await Expect(predecessors.Locator($"[data-unit='{code}'][data-testid=lineage-part]")).ToHaveAttributeAsync("data-estimated", "false");
        }
        var vinhHong = predecessors.Locator("[data-unit='10960'][data-testid=lineage-part]");
        await Expect(vinhHong).ToHaveAttributeAsync("data-estimated", "true");
        await Expect(vinhHong).ToHaveAttributeAsync("data-share", "0.5");
        await Expect(page.GetByTestId("lineage-successors")).ToHaveCountAsync(0);
        await Layout.Check(page);
        await session.Screenshot(page, "lineage");

        // Each name leads to that unit on its tree: Vĩnh Hồng of 2020, which went in part into both new communes.
        await vinhHong.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(Address("#/unit/10960/2023?tree=t2023"));
        await Expect(page.GetByTestId("unit-name")).ToHaveTextAsync("Xã Vĩnh Hồng");
        await Expect(page.GetByTestId("lineage-successors")).ToHaveTextAsync(
            "Xã Vĩnh Hồng (2020) đã nhập vào một phần Xã Bình Giang (ước tính) + một phần Xã Kẻ Sặt (ước tính)");

        // A predecessor seen from a period of the new tree is shown in the last year of its own tree.
        var own = await session.Open("#/unit/10966/2025");
        await Expect(own.GetByTestId("unit-name")).ToHaveTextAsync("Xã Bình Giang");
        await Expect(own.GetByTestId("lineage-predecessors").Locator("a[data-unit='10963']")).ToHaveAttributeAsync("href", "#/unit/10963/2024?tree=t2023");

        await page.GetByTestId("lang-switch").ClickAsync();
        await Expect(page.GetByTestId("lineage-successors")).ToHaveTextAsync(
            "Xã Vĩnh Hồng (2020) merged into part of Xã Bình Giang (estimated) + part of Xã Kẻ Sặt (estimated)");
        await page.GetByTestId("picker-tree").SelectOptionAsync("t2025");
        await Expect(page).ToHaveURLAsync(Address("#/unit/VN/2023?tree=t2025"));
        await Expect(page.GetByTestId("restated-note")).ToContainTextAsync(
            "Figures for 2023 restated onto the administrative units from 07/01/2025 (Danh mục 2025, from tree t2023)");
        await Expect(page.GetByTestId("restated-note")).ToContainTextAsync("1 former units not mapped");
        await Expect(page.GetByTestId("picker-tree").Locator("option:checked")).ToHaveTextAsync("Danh mục 2025 · administrative units from 07/01/2025");
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task TheTreeSelectorWorksFromTheKeyboardAndNeverOffersATreeOlderThanThePeriods()
    {
        await using var session = await BrowserSession.Start(fixture);
        var page = await session.Open("#/unit/VN/2023");
        var selector = page.GetByTestId("picker-tree");
        await Expect(selector).ToHaveAttributeAsync("aria-describedby", "picker-tree-hint");
        await selector.FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page).ToHaveURLAsync(Address("#/unit/VN/2023?tree=t2023"));
        await Expect(selector).ToBeFocusedAsync();
        await Expect(page.GetByTestId("restated-note")).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page).ToHaveURLAsync(Address("#/unit/VN/2023?tree=t2025"));
        await Expect(page.GetByTestId("restated-note")).ToBeVisibleAsync();
        await Expect(selector).ToBeFocusedAsync();

        // A period of the 2025 tree offers that tree only; the tree chosen stays while the period picker moves on.
        var year = page.GetByTestId("picker-year");
        await year.FillAsync("2026");
        await year.PressAsync("Tab");
        await Expect(page).ToHaveURLAsync(Address("#/unit/VN/2026?tree=t2025"));
        await Expect(selector.Locator("option")).ToHaveCountAsync(2);
        await Expect(selector).ToHaveValueAsync("t2025");
        await Expect(page.GetByTestId("restated-note")).ToHaveCountAsync(0);

        // An address naming a tree older than the period's goes to the period's own tree.
        var older = await session.Open("#/unit/VN/2026?tree=t2023");
        await Expect(older).ToHaveURLAsync(Address("#/unit/VN/2026"));
        await Expect(older.GetByTestId("picker-tree")).ToHaveValueAsync("");
        await Expect(older.GetByTestId("error")).ToHaveCountAsync(0);
        session.AssertNoScriptErrors();
    }
}

/// <summary>An installation without trees looks as it always did: no tree selector, no lineage.</summary>
public sealed class SingleTreeDashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task TheTrendOfAYearAcrossTheTreeChangeStopsWhereTheNextTreeBegins()
    {
        await using var session = await BrowserSession.Start(fixture);
        // 2025S1 is on t2023; its year's second half is on t2025, which the series on t2023 cannot reach.
        var page = await session.Open("#/unit/296/2025S1");
        await Expect(page.GetByTestId("unit-name")).ToHaveTextAsync("Huyện Bình Giang");
        await Expect(page.GetByTestId("trend-chart")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("trend-error")).ToHaveCountAsync(0);
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task AnInstallationWithoutTreesShowsNoTreeSelectorAndNoLineage()
    {
        await using var session = await BrowserSession.Start(fixture);
        var page = await session.Open("#/unit/10966/2023");
        await Expect(page.GetByTestId("unit-name")).ToHaveTextAsync("Xã Tân Việt");
        await Expect(page.GetByTestId("indicator-card").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("picker-tree")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("lineage")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("restated-note")).ToHaveCountAsync(0);
        session.AssertNoScriptErrors();
    }
}
