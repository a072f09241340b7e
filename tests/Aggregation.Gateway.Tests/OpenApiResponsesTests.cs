using System.Text.Json;

namespace Aggregation.Gateway.Tests;

/// <summary>
/// /openapi/v1.json declares, for each operation, exactly the problem+json answers it can give: those of its handler
/// (its checks and the refusals of the grains it calls) and those of the pipeline in front of it (key, role and scope,
/// the JSON body, the rate limit, the cluster).
/// </summary>
public sealed class OpenApiResponsesTests(SqliteSampleGateway gateway) : IClassFixture<SqliteSampleGateway>
{
    private const string Problem = "application/problem+json";

    /// <summary>
    /// Every operation and every status it can answer besides success. Everywhere: 401 (no valid key), 429 (the key's
    /// rate limit), 503 (the cluster). 403 where some role is refused or a unit is in the route or body (the key's scope);
    /// 400, 413, 415 where a JSON body is read. The rest comes from the handler: 400 a path, query or body it cannot read,
    /// 404 what it names does not exist, 409 a version, approval or lock in the way, 422 a value breaks a rule.
    /// </summary>
    public static TheoryData<string, int[]> Operations => new()
    {
        { "GetCatalog", [401, 429, 503] },
        { "PutUnit", [400, 401, 403, 404, 409, 413, 415, 422, 429, 503] },
        { "GetUnit", [400, 401, 403, 404, 429, 503] },
        { "PutReport", [400, 401, 403, 404, 409, 413, 415, 422, 429, 503] },
        { "GetReport", [400, 401, 403, 404, 429, 503] },
        { "GetReportHistory", [400, 401, 403, 404, 429, 503] },
        { "GetReportTemplate", [400, 401, 403, 404, 429, 503] },
        { "PutPlan", [400, 401, 403, 404, 413, 415, 422, 429, 503] },
        { "GetPlan", [400, 401, 403, 404, 429, 503] },
        { "GetPlanTemplate", [400, 401, 403, 404, 429, 503] },
        { "GetIndicators", [400, 401, 403, 404, 422, 429, 503] },
        { "GetComparison", [400, 401, 403, 404, 422, 429, 503] },
        { "GetRanking", [400, 401, 403, 404, 422, 429, 503] },
        { "GetDistribution", [400, 401, 403, 404, 422, 429, 503] },
        { "GetStanding", [400, 401, 403, 404, 422, 429, 503] },
        { "GetUnitEvents", [400, 401, 403, 404, 422, 429, 503] },
        { "GetSeries", [400, 401, 403, 404, 422, 429, 503] },
        { "GetMissing", [400, 401, 403, 404, 422, 429, 503] },
        { "Verify", [400, 401, 403, 404, 429, 503] },
        { "WhatIf", [400, 401, 403, 404, 413, 415, 422, 429, 503] },
        { "GoalSeek", [400, 401, 403, 404, 413, 415, 422, 429, 503] },
        { "CreateScenario", [400, 401, 403, 404, 413, 415, 422, 429, 503] },
        { "ListScenarios", [401, 403, 429, 503] },
        { "GetScenario", [400, 401, 403, 404, 429, 503] },
        { "ReplaceScenario", [400, 401, 403, 404, 413, 415, 422, 429, 503] },
        { "DeleteScenario", [400, 401, 403, 404, 429, 503] },
        { "GetScenarioResult", [400, 401, 403, 404, 422, 429, 503] },
        { "ImportReports", [400, 401, 403, 413, 415, 422, 429, 503] },
        { "CreateKey", [400, 401, 403, 409, 413, 415, 422, 429, 503] },
        { "ListKeys", [401, 403, 429, 503] },
        { "GetOwnKey", [401, 429, 503] },
        { "RevokeKey", [400, 401, 403, 404, 429, 503] },
        { "Approve", [400, 401, 403, 404, 409, 429, 503] },
        { "Unapprove", [400, 401, 403, 404, 409, 429, 503] },
        { "GetApproval", [400, 401, 403, 404, 429, 503] },
        { "GetAudit", [400, 401, 403, 429, 503] },
        { "GetTrees", [401, 429, 503] },
        { "PutTree", [400, 401, 403, 409, 413, 415, 422, 429, 503] },
        { "LoadTreeUnits", [400, 401, 403, 404, 413, 415, 422, 429, 503] },
        { "ReplaceMapping", [400, 401, 403, 404, 413, 415, 422, 429, 503] },
        { "GetLineage", [400, 401, 403, 404, 429, 503] },
        { "PostDataValueSet", [400, 401, 403, 413, 415, 429, 503] },
        { "GetDataValueSet", [400, 401, 403, 404, 429, 503] },
    };

    /// <summary>Answers that are not problems although their status is 4xx: DHIS2's import summary comes with 409 when values were refused.</summary>
    private static readonly Dictionary<(string Operation, string Status), string> Answers = new()
    {
        [("PostDataValueSet", "409")] = "ValueSetAnswer",
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task AnOperationDeclaresExactlyTheProblemsItCanAnswer(string operationId, int[] statuses)
    {
        var responses = (await Operation(operationId)).GetProperty("responses");
        foreach (var ((operation, status), schemaName) in Answers.Where(a => a.Key.Operation == operationId))
        {
            var answer = responses.GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();
            Assert.Equal($"#/components/schemas/{schemaName}", answer);
        }
        var problems = responses.EnumerateObject().Where(r => r.Name[0] is '4' or '5' && !Answers.ContainsKey((operationId, r.Name))).ToList();

        Assert.Equal(statuses.Select(s => s.ToString()), problems.Select(r => r.Name).Order());
        foreach (var problem in problems)
        {
            var content = problem.Value.GetProperty("content");
            Assert.Equal(new[] { Problem }, content.EnumerateObject().Select(c => c.Name));
            var schema = content.GetProperty(Problem).GetProperty("schema").GetProperty("$ref").GetString();
            // Problems about fields (400, 422) carry errors and fieldErrors; every problem carries its code.
            var expected = problem.Name is "400" or "422" ? "HttpValidationProblemDetails" : "ProblemDetails";
            Assert.Equal($"#/components/schemas/{expected}", schema);
        }
    }

    [Fact]
    public async Task EveryOperationIsInTheTable()
    {
        var listed = Operations.Select(row => (string)row[0]).Order();
        Assert.Equal(listed, (await OperationIds()).Order());
    }

    [Fact]
    public async Task TheProblemSchemasNameTheCodeAndTheFieldErrors()
    {
        var schemas = (await Document()).GetProperty("components").GetProperty("schemas");
        foreach (var name in new[] { "ProblemDetails", "HttpValidationProblemDetails" })
        {
            Assert.Contains("code", schemas.GetProperty(name).GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        }
        var fieldErrors = schemas.GetProperty("HttpValidationProblemDetails").GetProperty("properties").GetProperty("fieldErrors");
        Assert.Equal(new[] { "field", "code", "message" }, fieldErrors.GetProperty("items").GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task BodiesReadAsRawJsonAreDescribedByWhatTheyTake()
    {
        var document = await Document();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        JsonElement Property(string schema, string name) => schemas.GetProperty(schema).GetProperty("properties").GetProperty(name);
        static string[] Types(JsonElement schema) => schema.GetProperty("type") is { ValueKind: JsonValueKind.Array } types
            ? types.EnumerateArray().Select(t => t.GetString()!).Order().ToArray()
            : [schema.GetProperty("type").GetString()!];

        Assert.Equal(["number"], Types(Property("ReportBody", "values").GetProperty("additionalProperties")));
        Assert.Equal(["null", "number"], Types(Property("GoalSeekBody", "target")));
        Assert.Equal(2, Property("PlanBody", "targets").GetProperty("additionalProperties").GetProperty("oneOf").GetArrayLength());
        var overrides = Property("WhatIfBody", "overrides").GetProperty("items");
        Assert.Equal(["element", "unit"], overrides.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order());
        // Optional members are not required: a report without expectedVersion, a key without expiry.
        Assert.Equal(["values"], schemas.GetProperty("ReportBody").GetProperty("required").EnumerateArray().Select(r => r.GetString()!));
        Assert.Equal(["name", "role"], schemas.GetProperty("KeyBody").GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order());

        var import = OperationsOf(document).Single(o => o.GetProperty("operationId").GetString() == "ImportReports");
        var uploads = import.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(c => c.Name).Order();
        Assert.Equal(["application/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "multipart/form-data", "text/csv"], uploads);
    }

    /// <summary>operation, method, path, body (and its type), and the status the gateway answers: each one its operation declares.</summary>
    public static TheoryData<string, string, string, string?, string, int> Provoked => new()
    {
        { "PutReport", "PUT", "/api/units/10945/reports/2023X", """{"values":{"households":10}}""", "application/json", 400 },
        { "PutReport", "PUT", "/api/units/99999/reports/2023", """{"values":{"households":10}}""", "application/json", 404 },
        { "PutReport", "PUT", "/api/units/10945/reports/2023", """{"values":{"households":10},"expectedVersion":99}""", "application/json", 409 },
        { "PutReport", "PUT", "/api/units/10945/reports/2023", """{"values":{}}""", "application/json", 422 },
        { "PutReport", "PUT", "/api/units/10945/reports/2023", "households=10", "text/plain", 415 },
        { "GetReport", "GET", "/api/units/10945/reports/1999", null, "", 404 },
        { "PutUnit", "PUT", "/api/units/295", """{"name":"Cẩm Giàng","level":"district","parent":"10945"}""", "application/json", 409 },
        { "PutUnit", "PUT", "/api/units/30", """{"name":"Hải Dương","level":"province","parent":"296"}""", "application/json", 422 },
        { "PutPlan", "PUT", "/api/units/99999/plans/2023", """{"targets":{"poverty_rate":5}}""", "application/json", 404 },
        { "GetComparison", "GET", "/api/units/296/comparison/2023", null, "", 422 },
        { "GetIndicators", "GET", "/api/units/296/indicators/2023?exact=maybe", null, "", 400 },
        { "Approve", "POST", "/api/units/296/approvals/2019", null, "", 409 },
        { "Approve", "POST", "/api/units/99999/approvals/2023", null, "", 404 },
        { "GetApproval", "GET", "/api/units/296/approvals/2023Q5", null, "", 400 },
        { "WhatIf", "POST", "/api/what-if", "{}", "application/json", 400 },
        { "WhatIf", "POST", "/api/what-if", """{"unit":"99999","period":"2023","overrides":[]}""", "application/json", 404 },
        { "WhatIf", "POST", "/api/what-if", """{"unit":"296","period":"2023","overrides":[{"unit":"10945","element":"gdp","set":1}]}""", "application/json", 422 },
        { "GoalSeek", "POST", "/api/what-if/goal-seek", """{"unit":"296","period":"2023","indicator":"poverty_rate","target":"low","lever":{"element":"poor_households","under":"296","mode":"scale"}}""", "application/json", 422 },
        { "CreateScenario", "POST", "/api/scenarios", """{"name":"","unit":"296","period":"2023","overrides":[]}""", "application/json", 422 },
        { "GetScenario", "GET", "/api/scenarios/nothing-here", null, "", 404 },
        { "GetReportTemplate", "GET", "/api/units/296/reports/2023/template.pdf", null, "", 404 },
        { "ImportReports", "POST", "/api/import/reports", "households\n1\n", "application/pdf", 415 },
        { "ImportReports", "POST", "/api/import/reports", "", "text/csv", 422 },
        { "CreateKey", "POST", "/api/keys", """{"name":"x","role":"owner","unit":"296"}""", "application/json", 422 },
        { "RevokeKey", "DELETE", "/api/keys/not-a-key", null, "", 400 },
        { "GetAudit", "GET", "/api/audit?from=yesterday", null, "", 400 },
        { "GetUnit", "GET", "/api/units/296?tree=no-such-tree", null, "", 404 },
        { "PutUnit", "PUT", "/api/units/296?tree=no-such-tree", """{"name":"Bình Giang","level":"district","parent":"30"}""", "application/json", 404 },
        { "GetIndicators", "GET", "/api/units/296/indicators/2023?tree=no-such-tree", null, "", 404 },
        { "GetUnitEvents", "GET", "/api/units/296/events/2023Q5", null, "", 400 },
        { "GetUnitEvents", "GET", "/api/units/99999/events/2023", null, "", 404 },
        { "GetMissing", "GET", "/api/units/296/missing/2023?tree=no-such-tree", null, "", 404 },
        { "PutTree", "PUT", "/api/trees/t2025", """{"validFrom":"2025-13-01","name":"2025"}""", "application/json", 422 },
        { "LoadTreeUnits", "POST", "/api/trees/no-such-tree/units", "code,name,level,parent\nVN,Việt Nam,nation,\n", "text/csv", 404 },
        { "ReplaceMapping", "POST", "/api/trees/default/mapping?from=default&by=code", null, "", 422 },
        { "ReplaceMapping", "POST", "/api/trees/default/mapping?from=2023-04&by=code", null, "", 404 },
        { "ReplaceMapping", "POST", "/api/trees/default/mapping?from=2023-04", "%PDF", "application/pdf", 415 },
        { "ReplaceMapping", "POST", "/api/trees/default/mapping?by=code", null, "", 400 },
        { "GetLineage", "GET", "/api/trees/2023-04/units/10945/lineage", null, "", 404 },
        { "GetLineage", "GET", "/api/trees/default/units/99999/lineage", null, "", 404 },
    };

    [Theory]
    [MemberData(nameof(Provoked))]
    public async Task AProblemAnOperationAnswersIsOneItDeclares(string operationId, string method, string path, string? body, string contentType, int status)
    {
        var answer = await Keys.Send(gateway.Client, new HttpMethod(method), path, body, contentType: contentType);

        Assert.True(answer.Status == status, $"{method} {path}: expected {status}, got {answer.Status}: {answer.Text}");
        Assert.Equal(Problem, answer.ContentType);
        Assert.True((await Operation(operationId)).GetProperty("responses").TryGetProperty(status.ToString(), out _),
            $"{operationId} answered {status} without declaring it");
    }

    [Fact]
    public async Task TheOrleansDashboardIsServedButNotDescribed()
    {
        // The sample gateway maps the dashboard; the document still names none of its routes.
        Assert.Equal(200, (await Keys.Send(gateway.Client, HttpMethod.Get, "/orleans/")).Status);
        var paths = (await Document()).GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/api/units/{code}/reports/{period}", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/", p));
    }

    private async Task<JsonElement> Document() =>
        JsonDocument.Parse(await gateway.Client.GetStringAsync("/openapi/v1.json")).RootElement.Clone();

    private async Task<IEnumerable<string>> OperationIds() =>
        OperationsOf(await Document()).Select(o => o.GetProperty("operationId").GetString()!).ToList();

    private async Task<JsonElement> Operation(string operationId) =>
        OperationsOf(await Document()).Single(o => o.GetProperty("operationId").GetString() == operationId);

    private static IEnumerable<JsonElement> OperationsOf(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject())
            .Where(method => method.Value.ValueKind == JsonValueKind.Object && method.Value.TryGetProperty("operationId", out _))
            .Select(method => method.Value);
}
