using System.Globalization;
using System.Text;
using System.Text.Json;
using Aggregation.Gateway.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Aggregation.Browser.Tests;

/// <summary>
/// The import page against the real gateway with the sample: a DHIS2 data value set and a report sheet, tried as a
/// dry run and imported, the summary as the API answers the same file and the reports as the API holds them after.
/// Only these tests write <see cref="Year"/>; each test, and each screen, takes its own communes of district 295.
/// </summary>
public sealed class ImportDashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private const string Year = "2039";

    private const string CamGiang = "295";

    private async Task<string[]> Communes() =>
        (await Http.Ok(fixture.Api, $"/api/units/{CamGiang}")).GetProperty("children").EnumerateArray().Select(c => c.GetProperty("code").GetString()!).ToArray();

    private async Task<JsonElement?> Report(string unit)
    {
        var (status, body, _) = await Http.Get(fixture.Api, $"/api/units/{unit}/reports/{Year}");
        Assert.True(status is 200 or 404, $"GET {unit}/{Year}: {status} {body}");
        return status == 200 ? body : null;
    }

    private async Task<Func<string, string>> ElementNames()
    {
        var catalog = await Http.Ok(fixture.Api, "/api/catalog");
        var names = catalog.GetProperty("elements").EnumerateArray()
            .ToDictionary(e => e.GetProperty("code").GetString()!, e => e.GetProperty("name").GetProperty("vi").GetString()!);
        return code => names[code];
    }

    private static async Task ExpectCounts(IPage page, JsonElement counts, params string[] names)
    {
        foreach (var name in names)
        {
            await Expect(page.GetByTestId($"import-{name}"))
                .ToHaveAttributeAsync("data-count", counts.GetProperty(name).GetInt32().ToString(CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [MemberData(nameof(Viewports.Both), MemberType = typeof(Viewports))]
    public async Task ADhis2FileIsTriedThenImportedWithItsConflictsShown(string viewport)
    {
        var communes = await Communes();
        var (good, bad) = viewport == Viewports.Desktop ? (communes[0], communes[1]) : (communes[2], communes[3]);
        var set = JsonSerializer.Serialize(new
        {
            period = Year,
            dataValues = new object[]
            {
                new { dataElement = "households", orgUnit = good, value = "800" },
                new { dataElement = "poor_households", orgUnit = good, value = 20 },
                new { dataElement = "households", orgUnit = bad, value = "100" },
                new { dataElement = "poor_households", orgUnit = bad, value = "150" }, // more poor households than households
            },
        });
        Assert.Null(await Report(good));
        Assert.Null(await Report(bad));
        // What the API answers this file with, asked as a dry run (nothing is stored).
        var (expectedStatus, expected, _) = await Http.Send(fixture.Api, HttpMethod.Post, "/api/dataValueSets?dryRun=true", set);
        Assert.Equal(409, expectedStatus);
        var counts = expected.GetProperty("response").GetProperty("importCount");
        Assert.Equal((2, 2), (counts.GetProperty("imported").GetInt32(), counts.GetProperty("ignored").GetInt32()));
        var conflict = Assert.Single(expected.GetProperty("response").GetProperty("conflicts").EnumerateArray());
        Assert.Equal($"{bad}/{Year}/poor_households", conflict.GetProperty("object").GetString());
        var name = await ElementNames();

        await using var session = await BrowserSession.Start(fixture, viewport: viewport);
        var page = await session.Open($"#/import/{CamGiang}/{Year}");
        await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = "dhis2.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(set) });
        await Expect(page.GetByTestId("import-chosen")).ToHaveAttributeAsync("data-kind", "json");
        // The sheet's row-by-row or all-or-nothing choice does not apply to a DHIS2 file: disabled, and the hint says why.
        await Expect(page.GetByTestId("import-sheet-per-row")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("import-sheet-all-or-nothing")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("import-sheet-hint")).ToContainTextAsync("Không áp dụng cho tệp JSON của DHIS2");
        await Expect(page.GetByTestId("import-dhis2-select")).ToBeEnabledAsync();
        await page.GetByTestId("import-dhis2-select").SelectOptionAsync("CREATE_AND_UPDATE");
        await page.GetByTestId("import-dry-run").CheckAsync();
        await page.GetByTestId("import-submit").ClickAsync();

        await Expect(page.GetByTestId("import-dry-run-note")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("import-status")).ToHaveAttributeAsync("data-status", expected.GetProperty("status").GetString()!);
        await Expect(page.GetByTestId("import-status")).ToContainTextAsync("Nhận một phần");
        await ExpectCounts(page, counts, "imported", "updated", "ignored", "deleted");
        var row = page.GetByTestId("import-conflict");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToHaveAttributeAsync("data-unit", bad);
        await Expect(row).ToHaveAttributeAsync("data-element", "poor_households");
        await Expect(row).ToContainTextAsync(name("poor_households"));
        // The bound comes from the same group of the file: 100 households.
        await Expect(row).ToContainTextAsync($"không được lớn hơn {name("households")} (100)");
        await Expect(row).ToContainTextAsync("150");
        // A dry run stores nothing.
        Assert.Null(await Report(good));
        Assert.Null(await Report(bad));

        await page.GetByTestId("import-dry-run").UncheckAsync();
        await page.GetByTestId("import-submit").ClickAsync();
        await Expect(page.GetByTestId("import-summary")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("import-dry-run-note")).ToHaveCountAsync(0);
        await ExpectCounts(page, counts, "imported", "updated", "ignored", "deleted");
        await Expect(page.GetByTestId("import-conflict")).ToHaveAttributeAsync("data-unit", bad);
        var stored = await Report(good);
        Assert.NotNull(stored);
        Assert.Equal(1, stored.Value.GetProperty("version").GetInt32());
        Assert.Equal(800m, stored.Value.GetProperty("values").GetProperty("households").GetDecimal());
        Assert.Equal(20m, stored.Value.GetProperty("values").GetProperty("poor_households").GetDecimal());
        Assert.Null(await Report(bad));
        await Layout.Check(page);
        await session.Screenshot(page, "import-dhis2");

        // In English the same answer, its status and counts in English words; the file stays chosen.
        await page.GetByTestId("lang-switch").ClickAsync();
        await Expect(page.GetByTestId("import-status")).ToContainTextAsync("Partly taken");
        await Expect(page.GetByTestId("import-imported")).ToContainTextAsync("imported");
        await Expect(page.GetByTestId("import-chosen")).ToContainTextAsync("dhis2.json");
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task ASheetDroppedOnThePageIsImportedRowByRowAndProblemsAreShown()
    {
        var communes = await Communes();
        var (good, bad) = (communes[4], communes[5]);
        var csv = $"unit,period,households,poor_households\n{good},{Year},500,10\n{bad},{Year},100,150\n";
        Assert.Null(await Report(good));
        Assert.Null(await Report(bad));
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        using var response = await fixture.Api.PostAsync("/api/import/reports?dryRun=true&strategy=per-row", content);
        Assert.Equal(200, (int)response.StatusCode);
        var expected = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.Equal((1, 1), (expected.GetProperty("created").GetInt32(), expected.GetProperty("ignored").GetInt32()));
        var name = await ElementNames();

        await using var session = await BrowserSession.Start(fixture);
        var page = await session.Open($"#/import/{CamGiang}/{Year}");
        await Expect(page.GetByTestId("import-drop")).ToBeVisibleAsync();
        await page.EvaluateAsync(
            """
            (text) => {
              const transfer = new DataTransfer();
              transfer.items.add(new File([text], 'bao-cao.csv', { type: 'text/csv' }));
              document.querySelector('[data-testid=import-drop]').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
            }
            """, csv);
        await Expect(page.GetByTestId("import-chosen")).ToHaveAttributeAsync("data-kind", "csv");
        // DHIS2's strategies apply to JSON files only.
        await Expect(page.GetByTestId("import-dhis2-select")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("import-dhis2-hint")).ToContainTextAsync("Chỉ áp dụng cho tệp JSON của DHIS2");
        await Expect(page.GetByTestId("import-sheet-per-row")).ToBeCheckedAsync();
        await page.GetByTestId("import-submit").ClickAsync();

        await Expect(page.GetByTestId("import-summary")).ToHaveAttributeAsync("data-kind", "sheet");
        await ExpectCounts(page, expected, "rows", "created", "updated", "unchanged", "ignored");
        var row = page.Locator("[data-testid=import-conflicts] tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(name("poor_households"));
        await Expect(row).ToContainTextAsync($"không được lớn hơn {name("households")}");
        Assert.Equal(500m, (await Report(good))!.Value.GetProperty("values").GetProperty("households").GetDecimal());
        Assert.Null(await Report(bad));

        // A JSON file that is no data value set: the API's problem, shown as the page shows problems, nothing stored.
        await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = "hong.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes("{\"dataValues\": [") });
        await page.GetByTestId("import-submit").ClickAsync();
        await Expect(page.GetByTestId("error")).ToContainTextAsync("Lỗi 400");
        await Expect(page.GetByTestId("error")).ToContainTextAsync("không phải JSON hợp lệ");
        // A file of no kind the page takes is refused before it is sent.
        await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = "ghi-chu.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("ghi chú") });
        await page.GetByTestId("import-submit").ClickAsync();
        await Expect(page.GetByTestId("error")).ToContainTextAsync("Chỉ nhận tệp .csv, .xlsx hoặc .json");
        await Layout.Check(page);
        session.AssertNoScriptErrors();
    }
}
