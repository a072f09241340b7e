using System.Text;
using System.Text.Json;
using static Aggregation.Gateway.Tests.Http;
using static Aggregation.Tests.Shared.SampleUnits;

namespace Aggregation.Gateway.Tests;

/// <summary>The API over real HTTP against the sample province.</summary>
public sealed class SampleApiOnSqlite(SqliteSampleGateway gateway) : SampleApiTests(gateway), IClassFixture<SqliteSampleGateway>;

public sealed class SampleApiOnPostgres(PostgresSampleGateway gateway) : SampleApiTests(gateway), IClassFixture<PostgresSampleGateway>;

public abstract class SampleApiTests(SampleGateway gateway)
{
    private readonly HttpClient _client = gateway.Client;

    [Fact]
    public async Task SampleDistrictShowsEveryIndicatorWithContributorsTargetAndAttainment()
    {
        var district = await Ok(_client, "/api/units/296/indicators/2023");
        Assert.Equal(16, district.GetProperty("expectedLeaves").GetInt32());
        Assert.Equal(16, district.GetProperty("reportedLeaves").GetInt32());
        var indicators = district.GetProperty("indicators").EnumerateObject().ToList();
        Assert.Equal(19, indicators.Count);
        foreach (var indicator in indicators)
        {
            Assert.Equal(JsonValueKind.Number, indicator.Value.GetProperty("value").ValueKind);
            Assert.Equal(16, indicator.Value.GetProperty("contributors").GetInt32());
            Assert.Equal(JsonValueKind.Object, indicator.Value.GetProperty("target").ValueKind);
            var info = indicator.Value.GetProperty("target").GetProperty("comparator").GetString() == "info";
            var attained = indicator.Value.GetProperty("attained").ValueKind;
            Assert.True(info ? attained == JsonValueKind.Null : attained is JsonValueKind.True or JsonValueKind.False, indicator.Name);
        }
        Assert.Equal(">=", district.GetProperty("indicators").GetProperty("growth_rate").GetProperty("target").GetProperty("comparator").GetString());
        Assert.Empty((await Ok(_client, "/api/units/296/plans/2023")).GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public async Task DistrictValuesAreRatiosOfSumsOfTheCommunesReports()
    {
        decimal poor = 0, households = 0, income = 0, incomeBefore = 0;
        foreach (var commune in BinhGiang)
        {
            var now = (await Ok(_client, $"/api/units/{commune}/reports/2023")).GetProperty("values");
            var before = (await Ok(_client, $"/api/units/{commune}/reports/2022")).GetProperty("values");
            poor += now.GetProperty("poor_households").GetDecimal();
            households += now.GetProperty("households").GetDecimal();
            income += now.GetProperty("income_total").GetDecimal();
            incomeBefore += before.GetProperty("income_total").GetDecimal();
        }
        var district = await Ok(_client, "/api/units/296/indicators/2023?exact=true");
        Assert.Equal(poor / households * 100m, Value(district, "poverty_rate"));
        Assert.Equal(income / incomeBefore * 100m - 100m, Value(district, "growth_rate"));
        Assert.Equal(income, district.GetProperty("elements").GetProperty("income_total").GetDecimal());

        // Without ?exact=true values are rounded to 6 places; the parts of a ratio and element sums never are.
        var shown = await Ok(_client, "/api/units/296/indicators/2023");
        var poverty = shown.GetProperty("indicators").GetProperty("poverty_rate");
        Assert.Equal(Math.Round(poor / households * 100m, 6, MidpointRounding.AwayFromZero), Value(shown, "poverty_rate"));
        Assert.Equal((poor, households), (poverty.GetProperty("numerator").GetDecimal(), poverty.GetProperty("denominator").GetDecimal()));
        Assert.Equal(income, shown.GetProperty("elements").GetProperty("income_total").GetDecimal());
    }

    [Fact]
    public async Task SampleHoldsThe2023CommunesOfBinhGiangAndCamGiang()
    {
        var province = await Ok(_client, "/api/units/30");
        Assert.Equal("Tỉnh Hải Dương", province.GetProperty("name").GetString());
        Assert.Equal(["295", "296"], Codes(province).Order(StringComparer.Ordinal));
        foreach (var (district, name, communes) in new[] { ("296", "Huyện Bình Giang", BinhGiang), ("295", "Huyện Cẩm Giàng", CamGiang) })
        {
            var unit = await Ok(_client, $"/api/units/{district}");
            Assert.Equal(name, unit.GetProperty("name").GetString());
            Assert.Equal(communes, Codes(unit).Order(StringComparer.Ordinal));
            Assert.Equal(communes.Length, unit.GetProperty("leafCount").GetInt32());
            foreach (var child in unit.GetProperty("children").EnumerateArray())
            {
                var childName = child.GetProperty("name").GetString()!;
                Assert.True(childName.IsNormalized(NormalizationForm.FormC), childName);
                Assert.Matches("^(Xã|Thị trấn) ", childName);
            }
        }
        Assert.Equal((16, 17), (BinhGiang.Length, CamGiang.Length));

        // Names as the 2023 list spells them, where an older list differed.
        foreach (var (code, name) in new[]
        {
            ("10888", "Thị trấn Cẩm Giang"), ("10918", "Xã Định Sơn"), ("10942", "Xã Cẩm Đoài"),
            ("10951", "Xã Vĩnh Hưng"), ("10966", "Xã Tân Việt"), ("10981", "Xã Thái Học"),
        })
        {
            Assert.Equal(name, (await Ok(_client, $"/api/units/{code}")).GetProperty("name").GetString());
        }
        // Codes of the older list that the 2023 list no longer has are not in the sample.
        foreach (var gone in new[] { "10915", "10921", "10948", "10957" })
        {
            Assert.Equal(404, (await Get(_client, $"/api/units/{gone}")).Status);
        }
    }

    private static IEnumerable<string> Codes(JsonElement unit) =>
        unit.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("code").GetString()!);

    [Fact]
    public async Task SeedCommuneCarriesTheSeedPlanWithItsConsistencyWarning()
    {
        var plan = await Ok(_client, "/api/units/10966/plans/2023");
        var targets = plan.GetProperty("targets");
        Assert.Equal(891m, targets.GetProperty("social_income").GetProperty("value").GetDecimal());
        Assert.Equal("<", targets.GetProperty("poverty_rate").GetProperty("comparator").GetString());
        Assert.Equal(0.88m, targets.GetProperty("poverty_rate").GetProperty("value").GetDecimal());
        Assert.Contains(plan.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("message").GetString()!.Contains("13.0 %"));
    }

    [Fact]
    public async Task ComparisonRanksCommunesBestFirst()
    {
        var comparison = await Ok(_client, "/api/units/296/comparison/2023?indicator=poverty_rate");
        var values = comparison.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("value").GetDecimal()).ToList();
        Assert.Equal(16, values.Count);
        Assert.Equal(values.Order(), values);
        Assert.Equal(1, comparison.GetProperty("children")[0].GetProperty("rank").GetInt32());
        Assert.Equal(Value(await Ok(_client, "/api/units/296/indicators/2023"), "poverty_rate"),
            comparison.GetProperty("aggregate").GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task CatalogUnitsHealthAndOpenApiAnswer()
    {
        var catalog = await Ok(_client, "/api/catalog");
        Assert.Equal(19, catalog.GetProperty("elements").GetArrayLength());
        Assert.Equal(19, catalog.GetProperty("indicators").GetArrayLength());
        var unit = await Ok(_client, "/api/units/296");
        Assert.Equal("30", unit.GetProperty("parent").GetProperty("code").GetString());
        Assert.Equal(16, unit.GetProperty("children").GetArrayLength());
        Assert.Equal(33, (await Ok(_client, "/api/units/30")).GetProperty("leafCount").GetInt32());
        Assert.Equal(200, (await _client.GetAsync("/health/live")).StatusCode is var s ? (int)s : 0);
        Assert.Equal(200, (int)(await _client.GetAsync("/health/ready")).StatusCode);
        var openApi = await _client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/units/{code}/indicators/{period}", openApi);
        Assert.Equal(200, (int)(await _client.GetAsync("/orleans/")).StatusCode);
    }

    [Fact]
    public async Task CatalogSaysHowEachElementAddsUpOverTimeAndWhichIndicatorsAreCumulative()
    {
        var catalog = await Ok(_client, "/api/catalog");
        var temporal = catalog.GetProperty("elements").EnumerateArray()
            .ToDictionary(e => e.GetProperty("code").GetString()!, e => e.GetProperty("temporal").GetString());
        Assert.Equal(("flow", "stock", "average"), (temporal["income_total"], temporal["households"], temporal["population"]));
        Assert.Equal(10, temporal.Values.Count(t => t == "flow"));
        Assert.Equal(8, temporal.Values.Count(t => t == "stock"));
        var restate = catalog.GetProperty("elements").EnumerateArray()
            .ToDictionary(e => e.GetProperty("code").GetString()!, e => e.GetProperty("restate").GetString());
        Assert.Equal(["ntm_criteria_met"], restate.Where(r => r.Value == "mean").Select(r => r.Key));
        Assert.Equal(restate.Count - 1, restate.Values.Count(r => r == "sum"));
        var kinds = catalog.GetProperty("indicators").EnumerateArray()
            .ToDictionary(i => i.GetProperty("code").GetString()!, i => i.GetProperty("kind").GetString());
        Assert.Equal(["budget_vs_plan", "social_income"], kinds.Where(k => k.Value == "cumulative").Select(k => k.Key).Order());
        Assert.Equal(17, kinds.Values.Count(k => k == "rate"));
    }

    [Fact]
    public async Task TheSampleDistrictsQuarterAndNineMonthsHaveEveryCommuneMonthlyAndQuarterlyAlike()
    {
        foreach (var period in new[] { "2023Q3", "2023YTD09" })
        {
            var missing = await Ok(_client, $"/api/units/296/missing/{period}");
            Assert.Equal((16, 16), (missing.GetProperty("expectedLeaves").GetInt32(), missing.GetProperty("reportedLeaves").GetInt32()));
            Assert.Empty(missing.GetProperty("missing").EnumerateArray());

            var district = await Ok(_client, $"/api/units/296/indicators/{period}");
            Assert.Equal(16, district.GetProperty("reportedLeaves").GetInt32());
            var income = district.GetProperty("indicators").GetProperty("income_per_capita");
            Assert.Equal((16, true), (income.GetProperty("contributors").GetInt32(), income.GetProperty("derived").GetBoolean()));
        }
        // 10990 reported 2023 by quarter, 10966 by month: both have the third quarter.
        Assert.Equal(200, (await Get(_client, "/api/units/10990/reports/2023Q3")).Status);
        Assert.Equal(404, (await Get(_client, "/api/units/10990/reports/202307")).Status);
        Assert.Equal(200, (await Get(_client, "/api/units/10966/reports/202307")).Status);
    }

    [Fact]
    public async Task TheYearDerivedFromTheHalvesEqualsTheReportedYear()
    {
        // Cẩm Giàng: communes reporting months and two reporting quarters; the halves are derived, the year reported.
        decimal Element(JsonElement answer, string code) => answer.GetProperty("elements").GetProperty(code).GetDecimal();
        foreach (var year in new[] { "2022", "2023" })
        {
            var first = await Ok(_client, $"/api/units/295/indicators/{year}S1?exact=true");
            var second = await Ok(_client, $"/api/units/295/indicators/{year}S2?exact=true");
            var whole = await Ok(_client, $"/api/units/295/indicators/{year}?exact=true");
            Assert.False(whole.GetProperty("indicators").GetProperty("poverty_rate").GetProperty("derived").GetBoolean());
            Assert.True(second.GetProperty("indicators").GetProperty("poverty_rate").GetProperty("derived").GetBoolean());
            foreach (var flow in new[] { "income_total", "income_agriculture", "births_boys", "deaths", "budget_revenue", "dossiers_online_l34" })
            {
                Assert.Equal(Element(whole, flow), Element(first, flow) + Element(second, flow));
            }
            foreach (var stock in new[] { "households", "poor_households", "insured_people", "children_under5_malnourished", "budget_revenue_plan" })
            {
                Assert.Equal(Element(whole, stock), Element(second, stock));
            }
            // Each commune's half is a mean over six months: equal to the year's mean to far beyond what is shown.
            Assert.Equal(Element(whole, "population"), Math.Round((Element(first, "population") + Element(second, "population")) / 2m, 12));
        }
    }

    [Fact]
    public async Task AYearToDateIdIsThePeriodOfItsMonths()
    {
        var (status, receipt, _) = await Put(_client, "/api/units/10945/reports/2024YTD06", new { values = new { households = 10 } });
        Assert.Equal(200, status);
        Assert.Equal("2024S1", receipt.GetProperty("period").GetString());
        var half = await Ok(_client, "/api/units/10945/reports/2024S1");
        Assert.Equal(10m, half.GetProperty("values").GetProperty("households").GetDecimal());

        (status, receipt, _) = await Put(_client, "/api/units/10945/reports/2024YTD09", new { values = new { households = 12 } });
        Assert.Equal(200, status);
        Assert.Equal("2024YTD09", receipt.GetProperty("period").GetString());
    }

    [Fact]
    public async Task ACorrectionReachesEveryAncestorWithinASecond()
    {
        var before = (await Ok(_client, "/api/units/10969/reports/2023")).GetProperty("values");
        var values = JsonSerializer.Deserialize<Dictionary<string, decimal>>(before.GetRawText())!;
        var province = await Ok(_client, "/api/units/30/indicators/2023");
        var poor = province.GetProperty("elements").GetProperty("poor_households").GetDecimal();
        values["poor_households"] += 1;

        var (status, receipt, _) = await Put(_client, "/api/units/10969/reports/2023", new { values });
        Assert.Equal(200, status);
        Assert.True(receipt.GetProperty("version").GetInt32() >= 2);

        var deadline = DateTime.UtcNow.AddSeconds(1);
        decimal seen;
        do
        {
            seen = (await Ok(_client, "/api/units/VN/indicators/2023")).GetProperty("elements").GetProperty("poor_households").GetDecimal();
        }
        while (seen != poor + 1 && DateTime.UtcNow < deadline);
        Assert.Equal(poor + 1, seen);
        Assert.Empty((await Send(_client, HttpMethod.Post, "/api/admin/verify/VN/2023")).Body.GetProperty("drift").EnumerateArray());
    }
}
