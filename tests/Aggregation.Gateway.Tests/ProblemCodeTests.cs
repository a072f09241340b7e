using System.Text.Json;
using static Aggregation.Gateway.Tests.Http;

namespace Aggregation.Gateway.Tests;

/// <summary>
/// Every problem carries a stable <c>code</c>; one about fields keeps <c>errors</c> and adds
/// <c>fieldErrors: [{field, code, message}]</c> (SPEC section 6). Clients translate these codes, so they are pinned here.
/// </summary>
public sealed class ProblemCodeTests(SqliteSampleGateway gateway) : IClassFixture<SqliteSampleGateway>
{
    private readonly HttpClient _admin = gateway.Client;

    /// <summary>method, path, body, status, problem code, and the fieldErrors as "field:code" (empty: no fieldErrors).</summary>
    public static TheoryData<string, string, string?, int, string, string[]> BadRequests => new()
    {
        { "PUT", "/api/units/10945/reports/2023", """{"values":{"households":10,"poor_households":11}}""", 422, "validation_failed", ["poor_households:exceeds_households"] },
        { "PUT", "/api/units/10945/reports/2023", """{"values":{"income_total":-1}}""", 422, "validation_failed", ["income_total:negative"] },
        { "PUT", "/api/units/10945/reports/2023", """{"values":{"households":10.5}}""", 422, "validation_failed", ["households:not_an_integer"] },
        { "PUT", "/api/units/10945/reports/2023", """{"values":{"tractors":3}}""", 422, "validation_failed", ["tractors:unknown_element"] },
        { "PUT", "/api/units/10945/reports/2023", """{"values":{"households":"12"}}""", 422, "validation_failed", ["households:not_a_number"] },
        { "PUT", "/api/units/10945/reports/2023", """{"values":{"income_total":1e16}}""", 422, "validation_failed", ["income_total:out_of_range"] },
        { "PUT", "/api/units/10945/reports/2023", """{"values":{"income_total":5e-324}}""", 422, "validation_failed", ["income_total:inexact_number"] },
        { "PUT", "/api/units/10945/reports/2023", """{"values":{}}""", 422, "validation_failed", ["values:required"] },
        { "PUT", "/api/units/10945/reports/2023", """{"values":{"households":1,"households":2}}""", 400, "malformed_request", ["values.households:duplicate_key"] },
        { "PUT", "/api/units/10945/reports/2023", """{"values":{"households":10""", 400, "malformed_request", ["values.households:invalid_json"] },
        { "PUT", "/api/units/10945/reports/2023", """{"values":{"households":10},"expectedVersion":99}""", 409, "version_conflict", ["expectedVersion:version_conflict"] },
        { "PUT", "/api/units/296/reports/2023", """{"values":{"households":10}}""", 422, "validation_failed", ["unit:not_a_leaf"] },
        { "PUT", "/api/units/99999/reports/2023", """{"values":{"households":10}}""", 404, "unit_not_found", [] },
        { "PUT", "/api/units/10945/reports/2023X", """{"values":{"households":10}}""", 400, "malformed_request", ["period:invalid_period"] },
        { "GET", "/api/units/a%20b", null, 400, "malformed_request", ["code:invalid_code"] },
        { "PUT", "/api/units/10945", """{"name":"Kẻ Sặt","level":"commune","parent":"nowhere"}""", 422, "validation_failed", ["parent:parent_not_found"] },
        { "PUT", "/api/units/30", """{"name":"Hải Dương","level":"province","parent":"296"}""", 422, "validation_failed", ["parent:cycle"] },
        { "PUT", "/api/units/295", """{"name":"Cẩm Giàng","level":"district","parent":"10945"}""", 409, "has_reports", ["parent:has_reports"] },
        { "PUT", "/api/units/30/plans/2023", """{"targets":{"gdp":1,"poverty_rate":{"comparator":"=>","value":1}}}""", 422, "validation_failed", ["gdp:unknown_indicator", "poverty_rate:invalid_comparator"] },
        { "POST", "/api/what-if", """{"unit":"296","period":"2023","overrides":[{"unit":"10945","element":"poor_households","delta":-1000}]}""", 422, "validation_failed", ["overrides[0].poor_households:negative"] },
        { "POST", "/api/what-if", """{"unit":"296","period":"2023","overrides":[{"unit":"10945","element":"gdp","set":1}]}""", 422, "validation_failed", ["overrides[0].element:unknown_element"] },
        { "GET", "/api/scenarios/nothing-here", null, 404, "scenario_not_found", [] },
        { "GET", "/api/units/30/plans/1800", null, 400, "malformed_request", ["year:invalid_year"] },
        { "GET", "/api/no-such-route", null, 404, "not_found", [] },
        { "GET", "/api/units/296/indicators/2023?exact=maybe", null, 400, "malformed_request", ["exact:invalid_value"] },
        { "GET", "/api/units/296/series/poverty_rate?from=2023Q1", null, 422, "validation_failed", ["to:required"] },
        { "GET", "/api/units/296/series/gdp?from=2023Q1&to=2023Q4", null, 422, "validation_failed", ["indicator:unknown_indicator"] },
        { "GET", "/api/units/296/series/poverty_rate?from=2023Q5&to=2023X", null, 400, "malformed_request", ["from:invalid_period", "to:invalid_period"] },
        { "GET", "/api/units/296/series/poverty_rate?from=2023Q1&to=202312", null, 422, "validation_failed", ["to:period_type_mismatch"] },
        { "GET", "/api/units/296/series/poverty_rate?from=2023Q2&to=2023Q1", null, 422, "validation_failed", ["to:before_from"] },
        { "GET", "/api/units/296/series/poverty_rate?from=201301&to=202312", null, 422, "validation_failed", ["to:too_many"] },
        { "GET", "/api/units/99999/series/poverty_rate?from=2022&to=2023", null, 404, "unit_not_found", [] },
        { "GET", "/api/units/296/missing/2023Q5", null, 400, "malformed_request", ["period:invalid_period"] },
        { "GET", "/api/units/99999/missing/2023", null, 404, "unit_not_found", [] },
        { "POST", "/api/import/reports", "households\n1\n", 415, "unsupported_media_type", ["file:unsupported_media_type"] },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task EveryRefusalNamesItsCodeAndItsFieldsCodes(string method, string path, string? body, int status, string code, string[] fieldErrors)
    {
        var (actual, problem, contentType) = await Send(_admin, new HttpMethod(method), path, body);

        Assert.True(status == actual, $"{method} {path}: expected {status}, got {actual}: {problem}");
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(fieldErrors, FieldErrors(problem).Select(e => $"{e.Field}:{e.Code}"));
        // errors stays keyed by field, as before: the same fields, the same messages.
        if (fieldErrors.Length > 0)
        {
            Assert.Equal(FieldErrors(problem).Select(e => e.Field).Distinct(), problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
            Assert.All(FieldErrors(problem), e => Assert.Contains(e.Message, problem.GetProperty("errors").GetProperty(e.Field).EnumerateArray().Select(m => m.GetString())));
        }
    }

    [Fact]
    public async Task AVersionConflictNamesTheCurrentVersion()
    {
        var versions = (await Ok(_admin, "/api/units/10945/reports/2023/history")).GetArrayLength();
        var (status, problem, _) = await Send(_admin, HttpMethod.Put, "/api/units/10945/reports/2023", """{"values":{"households":10},"expectedVersion":99}""");

        Assert.Equal((409, versions), (status, problem.GetProperty("currentVersion").GetInt32()));
    }

    [Theory]
    [InlineData(null, 401, "unauthorized")]
    [InlineData("Bearer not-a-key", 401, "unauthorized")]
    [InlineData("Basic abc", 401, "unauthorized")]
    public async Task AuthenticationProblemsCarryACode(string? authorization, int status, string code)
    {
        using var client = gateway.Factory.ClientWithKey(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalog");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        using var response = await client.SendAsync(request);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal((status, code), ((int)response.StatusCode, problem.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task AKeyOutsideItsRoleIsForbiddenWithACode()
    {
        var (reporter, _) = await Keys.Create(_admin, "Kẻ Sặt officer", "reporter", "10945");
        var answer = await Keys.Send(gateway.Factory.ClientWithKey(null), HttpMethod.Get, "/api/keys", token: reporter);

        Assert.Equal((403, "forbidden"), (answer.Status, answer.Json.GetProperty("code").GetString()));
    }

    private static IEnumerable<(string Field, string Code, string Message)> FieldErrors(JsonElement problem) =>
        problem.TryGetProperty("fieldErrors", out var list)
            ? list.EnumerateArray().Select(e => (e.GetProperty("field").GetString()!, e.GetProperty("code").GetString()!, e.GetProperty("message").GetString()!))
            : [];
}
