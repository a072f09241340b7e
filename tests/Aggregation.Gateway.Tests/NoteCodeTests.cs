using System.Text.Json;
using System.Text.RegularExpressions;
using Aggregation.Domain.Rules;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

/// <summary>
/// Warnings, reasons and goal-seek notes carry a stable code and the values their words are made of next
/// to the English words (docs/problems.md), and the dashboard can say every one of them in Vietnamese.
/// </summary>
public sealed partial class NoteCodeTests(SqliteSampleGateway gateway) : IClassFixture<SqliteSampleGateway>
{
    private readonly HttpClient _client = gateway.Client;

    private static Dictionary<string, string> Args(JsonElement args) =>
        args.EnumerateObject().ToDictionary(a => a.Name, a => a.Value.ToString());

    [Fact]
    public async Task AReportWarningCarriesItsCodeAndArgsOnTheReceiptAndTheStoredReport()
    {
        var (status, receipt, _) = await Send(_client, HttpMethod.Put, "/api/units/10945/reports/2031",
            """{"values":{"population":1000,"insured_people":1001,"births_boys":50,"births_girls":30}}""");
        Assert.True(status == 200, receipt.ToString());

        var stored = (await Ok(_client, "/api/units/10945/reports/2031")).GetProperty("warnings");
        foreach (var warnings in new[] { receipt.GetProperty("warnings"), stored })
        {
            var byCode = warnings.EnumerateArray().ToDictionary(w => w.GetProperty("code").GetString()!);
            Assert.Equal(["insured_above_population", "sex_ratio"], byCode.Keys.Order());
            var insured = byCode["insured_above_population"];
            Assert.Equal("insured_people", insured.GetProperty("element").GetString());
            Assert.Equal(new Dictionary<string, string> { ["insured"] = "1001", ["population"] = "1000" }, Args(insured.GetProperty("args")));
            Assert.Equal("insured_people (1001) exceeds population (1000)", insured.GetProperty("message").GetString());
            Assert.Equal(new Dictionary<string, string> { ["ratio"] = "166.7", ["low"] = "90", ["high"] = "140" }, Args(byCode["sex_ratio"].GetProperty("args")));
        }
    }

    [Fact]
    public async Task ANullIndicatorSaysWhyByCodeAndArgsInEveryViewOfIt()
    {
        Assert.Equal(200, (await Send(_client, HttpMethod.Put, "/api/units/10969/reports/2032", """{"values":{"households":0,"poor_households":0}}""")).Status);

        var leaf = (await Ok(_client, "/api/units/10969/indicators/2032")).GetProperty("indicators");
        var poverty = leaf.GetProperty("poverty_rate");
        Assert.Equal(("the denominator is zero", "zero_denominator"), (poverty.GetProperty("reason").GetString(), poverty.GetProperty("reasonCode").GetString()));
        Assert.Empty(poverty.GetProperty("reasonArgs").EnumerateObject());
        var growth = leaf.GetProperty("growth_rate");
        Assert.Equal("no_contributor", growth.GetProperty("reasonCode").GetString());
        Assert.Equal(["income_total", "income_total[-1]"], growth.GetProperty("reasonArgs").GetProperty("inputs").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, (await Ok(_client, "/api/units/296/indicators/2023")).GetProperty("indicators").GetProperty("poverty_rate").GetProperty("reasonCode").ValueKind);

        var rows = (await Ok(_client, "/api/units/296/comparison/2032?indicator=poverty_rate")).GetProperty("children").EnumerateArray()
            .ToDictionary(r => r.GetProperty("unit").GetString()!);
        Assert.Equal("zero_denominator", rows["10969"].GetProperty("reasonCode").GetString());
        Assert.Equal("no_contributor", rows["10945"].GetProperty("reasonCode").GetString());
        Assert.Equal(["households", "poor_households"],
            rows["10945"].GetProperty("reasonArgs").GetProperty("inputs").EnumerateArray().Select(e => e.GetString()).Order());
    }

    [Fact]
    public async Task AWhatIfSaysWhyAScenarioValueIsNullAndWhichLeafAnOverrideBroke()
    {
        var (status, result, _) = await Send(_client, HttpMethod.Post, "/api/what-if", """
            {"unit":"296","period":"2023","overrides":[
              {"unit":"296","element":"households","set":0},{"unit":"296","element":"poor_households","set":0},
              {"unit":"296","element":"cultural_households","set":0}]}
            """);
        Assert.True(status == 200, result.ToString());
        var poverty = result.GetProperty("indicators").GetProperty("poverty_rate");
        Assert.Equal(JsonValueKind.Null, poverty.GetProperty("scenario").ValueKind);
        Assert.Equal("zero_denominator", poverty.GetProperty("reasonCode").GetString());

        var (refused, problem, _) = await Send(_client, HttpMethod.Post, "/api/what-if",
            """{"unit":"296","period":"2023","overrides":[{"unit":"10945","element":"poor_households","delta":-1000}]}""");
        Assert.Equal(422, refused);
        var error = Assert.Single(problem.GetProperty("fieldErrors").EnumerateArray());
        Assert.Equal(("negative", "10945"), (error.GetProperty("code").GetString(), error.GetProperty("args").GetProperty(FieldError.LeafArg).GetString()));

        var (_, plain, _) = await Send(_client, HttpMethod.Put, "/api/units/10945/reports/2023", """{"values":{"income_total":-1}}""");
        Assert.False(Assert.Single(plain.GetProperty("fieldErrors").EnumerateArray()).TryGetProperty("args", out _));
    }

    [Fact]
    public async Task AnUnreachableGoalSeekSaysWhyByCode()
    {
        var (status, none, _) = await Send(_client, HttpMethod.Post, "/api/what-if/goal-seek",
            """{"unit":"296","period":"2023","indicator":"ntm_criteria_avg","target":25,"lever":{"element":"ntm_criteria_met","under":"296","mode":"scale"}}""");

        Assert.True(status == 200, none.ToString());
        Assert.False(none.GetProperty("reachable").GetBoolean());
        Assert.Equal(NoteCodes.TargetNotCrossed, none.GetProperty("reasonCode").GetString());
        Assert.Empty(none.GetProperty("reasonArgs").EnumerateObject());
    }

    [Fact]
    public async Task APlanWarningCarriesItsCodeAndArgs()
    {
        var (status, plan, _) = await Send(_client, HttpMethod.Put, "/api/units/10951/plans/2031",
            """{"targets":{"share_agriculture":10,"share_industry":35.7,"share_services":56}}""");

        Assert.True(status == 200, plan.ToString());
        var warning = Assert.Single(plan.GetProperty("warnings").EnumerateArray());
        Assert.Equal("shares_sum", warning.GetProperty("code").GetString());
        Assert.Equal(new Dictionary<string, string> { ["sum"] = "101.7", ["expected"] = "100", ["band"] = "0.5" }, Args(warning.GetProperty("args")));
        Assert.Equal(warning.GetRawText(), (await Ok(_client, "/api/units/10951/plans/2031")).GetProperty("warnings")[0].GetRawText());
    }

    [Fact]
    public async Task TheDashboardSaysEveryNoteCodeInVietnamese()
    {
        using var response = await _client.GetAsync("/js/i18n.js");
        response.EnsureSuccessStatusCode();
        var script = await response.Content.ReadAsStringAsync();

        var table = NotesTable().Match(script);
        Assert.True(table.Success, "i18n.js has no VI_NOTES table");
        var translated = NoteKey().Matches(table.Groups[1].Value).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Empty(NoteCodes.All.Except(translated));
        Assert.Empty(translated.Except(NoteCodes.All));
        // The leaf a what-if refusal names is read from the field error's args, not from its words.
        Assert.Contains($"args?.{FieldError.LeafArg}", script);
        Assert.DoesNotContain("VI_MESSAGES", script);
    }

    [Fact]
    public void EveryNoteCodeIsDocumented()
    {
        var problems = Repository.Read("docs", "problems.md");
        Assert.DoesNotContain(NoteCodes.All, code => !problems.Contains($"`{code}`", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"const VI_NOTES = \{\n(.*?)\n\};", RegexOptions.Singleline)]
    private static partial Regex NotesTable();

    [GeneratedRegex(@"^  ([a-z_]+):", RegexOptions.Multiline)]
    private static partial Regex NoteKey();
}
