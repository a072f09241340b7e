using Aggregation.Tests.Shared;
using System.Text.Json;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

/// <summary><c>GET …/series/{indicator}</c> and <c>GET …/missing/{period}</c> over real HTTP (SPEC section 9).</summary>
public sealed class SeriesAndMissingApiOnSqlite(SqliteSampleGateway gateway) : SeriesAndMissingApiTests(gateway), IClassFixture<SqliteSampleGateway>;

public sealed class SeriesAndMissingApiOnPostgres(PostgresSampleGateway gateway) : SeriesAndMissingApiTests(gateway), IClassFixture<PostgresSampleGateway>;

public abstract class SeriesAndMissingApiTests(SampleGateway gateway)
{
    private readonly HttpClient _client = gateway.Client;
    private readonly string _prefix = "s" + Guid.NewGuid().ToString("N")[..8];

    private string Code(string name) => $"{_prefix}{name}";

    /// <summary>A district of its own (not under the sample) with communes a, b and c.</summary>
    private async Task Tree()
    {
        await Unit("d", "district", null);
        foreach (var commune in new[] { "a", "b", "c" })
        {
            await Unit(commune, "commune", "d");
        }
    }

    private async Task Unit(string name, string level, string? parent)
    {
        var (status, body, _) = await Put(_client, $"/api/units/{Code(name)}", new { name = $"Unit {name}", level, parent = parent is null ? null : Code(parent) });
        Assert.True(status is 200 or 201, $"{status}: {body}");
    }

    private async Task<DateTimeOffset> Report(string name, string period, decimal households, decimal poor)
    {
        var (status, body, _) = await Put(_client, $"/api/units/{Code(name)}/reports/{period}",
            new { values = new Dictionary<string, decimal> { ["households"] = households, ["poor_households"] = poor } });
        Assert.True(status == 200, $"{status}: {body}");
        return body.GetProperty("acceptedAt").GetDateTimeOffset();
    }

    [Fact]
    public async Task ASeriesIsABareArrayWithEachPeriodsValueAsItsIndicatorsGiveIt()
    {
        await Tree();
        for (var m = 1; m <= 12; m++)
        {
            await Report("a", $"2023{m:00}", 3000, 7 + m);
        }
        await Report("b", "2023Q1", 1000, 9);
        await Report("b", "2023Q3", 1000, 11);

        var series = await Ok(_client, $"/api/units/{Code("d")}/series/poverty_rate?from=2023Q1&to=2023Q4");
        Assert.Equal(JsonValueKind.Array, series.ValueKind);
        Assert.Equal(["2023Q1", "2023Q2", "2023Q3", "2023Q4"], series.EnumerateArray().Select(p => p.GetProperty("period").GetString()));
        foreach (var point in series.EnumerateArray())
        {
            Assert.Equal(["period", "value", "target", "attained", "progressOfYear", "contributors"], point.EnumerateObject().Select(p => p.Name));
            var period = point.GetProperty("period").GetString();
            var indicator = (await Ok(_client, $"/api/units/{Code("d")}/indicators/{period}")).GetProperty("indicators").GetProperty("poverty_rate");
            Assert.Equal(indicator.GetProperty("value").GetRawText(), point.GetProperty("value").GetRawText());
            Assert.Equal(indicator.GetProperty("contributors").GetInt32(), point.GetProperty("contributors").GetInt32());
        }
        // Q1: a's March (10 poor of 3000) and b's own quarter (9 of 1000); Q2: a only; Q4: a's December.
        Assert.Equal([2, 1, 2, 1], series.EnumerateArray().Select(p => p.GetProperty("contributors").GetInt32()));
        Assert.Equal(Math.Round(19m / 4000m * 100m, 6), series[0].GetProperty("value").GetDecimal());

        // Rounded to 6 places unless ?exact=true, as the indicators are.
        var months = await Ok(_client, $"/api/units/{Code("a")}/series/poverty_rate?from=202301&to=202303&exact=true");
        Assert.Equal(8m / 3000m * 100m, months[0].GetProperty("value").GetDecimal());
        var rounded = await Ok(_client, $"/api/units/{Code("a")}/series/poverty_rate?from=202301&to=202303");
        Assert.Equal(Math.Round(8m / 3000m * 100m, 6, MidpointRounding.AwayFromZero), rounded[0].GetProperty("value").GetDecimal());

        // No value is null, not zero.
        var before = await Ok(_client, $"/api/units/{Code("d")}/series/poverty_rate?from=2022YTD09&to=2023YTD09");
        Assert.Equal(["2022YTD09", "2023YTD09"], before.EnumerateArray().Select(p => p.GetProperty("period").GetString()));
        Assert.Equal(JsonValueKind.Null, before[0].GetProperty("value").ValueKind);
        Assert.Equal(0, before[0].GetProperty("contributors").GetInt32());
        Assert.Equal(1, before[1].GetProperty("contributors").GetInt32()); // a's nine months; b has no Q2, so no nine months
    }

    [Fact]
    public async Task ASeriesHasAtMost120PeriodsAndTheRefusalNamesTo()
    {
        await Tree();
        var longest = await Ok(_client, $"/api/units/{Code("d")}/series/income_per_capita?from=201401&to=202312");
        Assert.Equal(120, longest.GetArrayLength());
        Assert.Equal("201401", longest[0].GetProperty("period").GetString());
        Assert.Equal("202312", longest[119].GetProperty("period").GetString());

        var (status, problem, contentType) = await Get(_client, $"/api/units/{Code("d")}/series/income_per_capita?from=201312&to=202312");
        Assert.Equal((422, "application/problem+json"), (status, contentType));
        var error = Assert.Single(problem.GetProperty("fieldErrors").EnumerateArray());
        Assert.Equal(("to", "too_many"), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task ALeafMissingOneMonthOfAQuarterIsMissingForTheQuarterButNotForItsOtherMonths()
    {
        await Tree();
        await Report("a", "202301", 1000, 10);
        var aLast = await Report("a", "202303", 1000, 10);
        await Report("b", "202301", 1000, 10);
        await Report("b", "202302", 1000, 10);
        var bLast = await Report("b", "202303", 1000, 10);

        var quarter = await Ok(_client, $"/api/units/{Code("d")}/missing/2023Q1");
        Assert.Equal(["unit", "period", "expectedLeaves", "reportedLeaves", "missing"], quarter.EnumerateObject().Select(p => p.Name));
        Assert.Equal((Code("d"), "2023Q1", 3, 1), (quarter.GetProperty("unit").GetString(), quarter.GetProperty("period").GetString(),
            quarter.GetProperty("expectedLeaves").GetInt32(), quarter.GetProperty("reportedLeaves").GetInt32()));
        var missing = quarter.GetProperty("missing").EnumerateArray().ToList();
        Assert.Equal([Code("a"), Code("c")], missing.Select(m => m.GetProperty("unit").GetString()));
        Assert.Equal(["unit", "name", "parent", "parentName", "lastReported"], missing[0].EnumerateObject().Select(p => p.Name));
        Assert.All(missing, m => Assert.Equal((Code("d"), "Unit d"), (m.GetProperty("parent").GetString(), m.GetProperty("parentName").GetString())));
        Assert.Equal("Unit a", missing[0].GetProperty("name").GetString());
        // A leaf asked about itself names its parent too.
        var leaf = Assert.Single((await Ok(_client, $"/api/units/{Code("c")}/missing/2023Q1")).GetProperty("missing").EnumerateArray());
        Assert.Equal(("Unit c", Code("d"), "Unit d"), (leaf.GetProperty("name").GetString(), leaf.GetProperty("parent").GetString(), leaf.GetProperty("parentName").GetString()));
        Assert.Equal(aLast, missing[0].GetProperty("lastReported").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, missing[1].GetProperty("lastReported").ValueKind);

        foreach (var month in new[] { "202301", "202303" })
        {
            var view = await Ok(_client, $"/api/units/{Code("d")}/missing/{month}");
            Assert.Equal([Code("c")], view.GetProperty("missing").EnumerateArray().Select(m => m.GetProperty("unit").GetString()));
            Assert.Equal(2, view.GetProperty("reportedLeaves").GetInt32());
        }
        var february = await Ok(_client, $"/api/units/{Code("d")}/missing/202302");
        Assert.Equal([Code("a"), Code("c")], february.GetProperty("missing").EnumerateArray().Select(m => m.GetProperty("unit").GetString()));

        // The year-to-date of March is the quarter; b is complete, so it is not listed, and its last report is not asked for.
        var toDate = await Ok(_client, $"/api/units/{Code("d")}/missing/2023YTD03");
        Assert.Equal("2023Q1", toDate.GetProperty("period").GetString());
        Assert.DoesNotContain(Code("b"), toDate.GetProperty("missing").EnumerateArray().Select(m => m.GetProperty("unit").GetString()));
        Assert.True(bLast > aLast);
    }

    [Fact]
    public async Task EveryCommuneOfTheSampleHasItsYear()
    {
        var district = await Ok(_client, "/api/units/296/missing/2023");
        Assert.Equal((SampleUnits.BinhGiang.Length, SampleUnits.BinhGiang.Length), (district.GetProperty("expectedLeaves").GetInt32(), district.GetProperty("reportedLeaves").GetInt32()));
        Assert.Empty(district.GetProperty("missing").EnumerateArray());
    }
}
