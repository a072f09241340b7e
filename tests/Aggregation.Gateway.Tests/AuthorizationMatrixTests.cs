using System.Text.Json;
using static Aggregation.Gateway.Tests.Keys;

namespace Aggregation.Gateway.Tests;

/// <summary>Every role × every endpoint → the expected status; after every refusal the stored data is exactly as before.</summary>
public sealed class AuthorizationMatrixOnSqlite() : AuthorizationMatrixTests("sqlite");

public sealed class AuthorizationMatrixOnPostgres() : AuthorizationMatrixTests("postgres");

public abstract class AuthorizationMatrixTests(string provider) : IAsyncLifetime
{
    // Callers: no key, a malformed key, a well-formed unknown key, then real keys. The reporter is commune 10945
    // (district 296); "outsider" is an analyst of district 295, so everything under 296 is outside its scope.
    private static readonly string[] Callers = ["none", "garbage", "unknown", "reporter", "analyst", "approver", "outsider", "admin"];
    private const string Period = "2023";

    private GatewayFactory _factory = null!;
    private HttpClient _admin = null!;
    private HttpClient _bare = null!;
    private readonly Dictionary<string, string?> _tokens = [];

    public async Task InitializeAsync()
    {
        _factory = new GatewayFactory(GatewayStore.New(provider));
        _admin = _factory.CreateClient();
        _bare = _factory.ClientWithKey(null);
        _tokens["none"] = null;
        _tokens["garbage"] = "not-a-key";
        _tokens["unknown"] = "agg_0123456789ab_" + new string('A', 43);
        _tokens["reporter"] = (await Create(_admin, "Kẻ Sặt officer", "reporter", "10945")).Token;
        _tokens["analyst"] = (await Create(_admin, "Bình Giang analyst", "analyst", "296")).Token;
        _tokens["approver"] = (await Create(_admin, "Bình Giang approver", "approver", "296")).Token;
        _tokens["outsider"] = (await Create(_admin, "Cẩm Giàng analyst", "analyst", "295")).Token;
        _tokens["admin"] = GatewayFactory.AdminKey;
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        _bare.Dispose();
        await _factory.DisposeAsync();
        _factory.Store.Delete();
    }

    /// <summary>One endpoint: how to call it (a fresh target per caller where a call consumes it) and the status per key.</summary>
    private sealed record Case(string Method, Func<Task<string>> Path, string? Body, int Reporter, int Analyst, int Approver, int Outsider, int Admin,
        string ContentType = "application/json")
    {
        public int Expected(string caller) => caller switch
        {
            "reporter" => Reporter,
            "analyst" => Analyst,
            "approver" => Approver,
            "outsider" => Outsider,
            "admin" => Admin,
            _ => 401,
        };
    }

    private static Func<Task<string>> At(string path) => () => Task.FromResult(path);

    private const string WhatIf = """{"unit":"296","period":"2023","overrides":[{"unit":"10945","element":"poor_households","scale":0.5}]}""";
    private const string GoalSeek = """{"unit":"296","period":"2023","indicator":"poverty_rate","target":1,"lever":{"element":"poor_households","under":"296","mode":"scale"}}""";
    private const string Scenario = """{"name":"matrix","unit":"296","period":"2023","overrides":[{"unit":"10945","element":"poor_households","scale":0.5}]}""";

    private IEnumerable<Case> Cases()
    {
        const int ok = 200, created = 201, gone = 204, no = 403;
        var scenario = At("/api/scenarios/{scenario}");
        var csv = "Mã đơn vị (unit),Kỳ báo cáo (period),Tổng số hộ (households),Hộ nghèo (poor_households)\n10945,2027,100,2\n10969,2027,100,2\n";
        return
        [
            new("GET", At("/api/catalog"), null, ok, ok, ok, ok, ok),
            new("GET", At("/api/units/296"), null, no, ok, ok, no, ok),
            new("GET", At("/api/units/10945"), null, ok, ok, ok, no, ok),
            new("GET", At("/api/units/VN"), null, no, no, no, no, ok),
            new("PUT", At("/api/units/10999"), """{"name":"Xã Mới","level":"commune","parent":"296"}""", no, no, no, no, ok),
            new("PUT", At("/api/units/10945/reports/2025"), """{"values":{"households":100,"poor_households":2}}""", ok, no, no, no, ok),
            new("PUT", At("/api/units/10969/reports/2025"), """{"values":{"households":100,"poor_households":2}}""", no, no, no, no, ok),
            new("GET", At($"/api/units/10945/reports/{Period}"), null, ok, ok, ok, no, ok),
            new("GET", At($"/api/units/10945/reports/{Period}/history"), null, ok, ok, ok, no, ok),
            new("GET", At($"/api/units/10969/reports/{Period}/history"), null, no, ok, ok, no, ok),
            new("GET", At($"/api/units/296/reports/{Period}/template.csv"), null, no, ok, ok, no, ok),
            new("POST", At("/api/import/reports?dryRun=true"), csv, ok, no, no, no, ok, "text/csv"),
            new("PUT", At("/api/units/296/plans/2025"), """{"targets":{"poverty_rate":1.5}}""", no, no, no, no, ok),
            new("GET", At($"/api/units/10966/plans/{Period}"), null, no, ok, ok, no, ok),
            new("GET", At($"/api/units/296/plans/{Period}/template.csv"), null, no, ok, ok, no, ok),
            new("GET", At($"/api/units/296/indicators/{Period}"), null, no, ok, ok, no, ok),
            new("GET", At($"/api/units/10945/indicators/{Period}"), null, ok, ok, ok, no, ok),
            new("GET", At($"/api/units/296/comparison/{Period}?indicator=poverty_rate"), null, no, ok, ok, no, ok),
            new("GET", At("/api/units/296/series/poverty_rate?from=2022&to=2023"), null, no, ok, ok, no, ok),
            new("GET", At("/api/units/10945/series/poverty_rate?from=2022&to=2023"), null, ok, ok, ok, no, ok),
            new("GET", At($"/api/units/296/missing/{Period}"), null, no, ok, ok, no, ok),
            new("GET", At($"/api/units/10945/missing/{Period}"), null, ok, ok, ok, no, ok),
            new("POST", At($"/api/admin/verify/296/{Period}"), null, no, no, no, no, ok),
            new("POST", At("/api/what-if"), WhatIf, no, ok, ok, no, ok),
            new("POST", At("/api/what-if/goal-seek"), GoalSeek, no, ok, ok, no, ok),
            new("POST", At("/api/scenarios"), Scenario, no, created, created, no, created),
            new("GET", At("/api/scenarios"), null, no, ok, ok, ok, ok),
            new("GET", scenario, null, no, ok, ok, no, ok),
            new("GET", At("/api/scenarios/{scenario}/result"), null, no, ok, ok, no, ok),
            new("PUT", scenario, Scenario, no, ok, ok, no, ok),
            new("DELETE", scenario, null, no, gone, gone, no, gone),
            new("POST", At("/api/units/10945/approvals/2022"), null, no, no, ok, no, ok),
            new("GET", At("/api/units/10945/approvals/2022"), null, ok, ok, ok, no, ok),
            new("DELETE", At("/api/units/10945/approvals/2022"), null, no, no, ok, no, ok),
            new("POST", At("/api/units/296/approvals/2022"), null, no, no, 409, no, 409),
            new("GET", At("/api/trees/default/units/10945/lineage"), null, ok, ok, ok, no, ok),
            new("GET", At("/api/trees/default/units/296/lineage"), null, no, ok, ok, no, ok),
            // One tree only: an administrator is answered that a mapping needs a newer tree; nobody else may map.
            new("POST", At("/api/trees/default/mapping?from=default&by=code"), null, no, no, no, no, 422),
            new("GET", At("/api/audit"), null, no, ok, ok, ok, ok),
            new("GET", At("/api/audit?unit=296&period=2025"), null, no, ok, ok, no, ok),
            new("POST", At("/api/keys"), """{"name":"new","role":"analyst","unit":"296"}""", no, no, no, no, created),
            new("GET", At("/api/keys"), null, no, no, no, no, ok),
            new("GET", At("/api/keys/me"), null, ok, ok, ok, ok, ok),
            new("DELETE", At("/api/keys/{key}"), null, no, no, no, no, ok),
        ];
    }

    [Fact]
    public async Task EveryRoleGetsTheExpectedStatusOnEveryEndpointAndRefusalsStoreNothing()
    {
        var failures = new List<string>();
        foreach (var c in Cases())
        {
            foreach (var caller in Callers)
            {
                // A fresh scenario and key per call: a caller allowed to delete one must not change what the next caller sees.
                var path = await c.Path();
                if (path.Contains("{scenario}"))
                {
                    path = path.Replace("{scenario}", await NewScenario());
                }
                if (path.Contains("{key}"))
                {
                    path = path.Replace("{key}", (await Create(_admin, "victim", "analyst", "296")).Id);
                }
                var expected = c.Expected(caller);
                var before = expected >= 400 ? await SettledSnapshot() : null;
                var answer = await Send(_bare, new HttpMethod(c.Method), path, c.Body, _tokens[caller], c.ContentType);
                if (answer.Status != expected)
                {
                    failures.Add($"{caller} {c.Method} {path}: expected {expected}, got {answer.Status} {answer.Text}");
                    continue;
                }
                if (expected >= 400)
                {
                    if (answer.ContentType != "application/problem+json")
                    {
                        failures.Add($"{caller} {c.Method} {path}: {expected} is {answer.ContentType}, not problem+json");
                    }
                    if (expected == 401 && !answer.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"))
                    {
                        failures.Add($"{caller} {c.Method} {path}: 401 without WWW-Authenticate: Bearer");
                    }
                    var after = await Snapshot();
                    if (after != before)
                    {
                        var changed = after.Split('\n').Except(before!.Split('\n')).FirstOrDefault();
                        failures.Add($"{caller} {c.Method} {path}: the refused request changed stored data: {changed}");
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task AReporterCannotTouchAnotherCommuneByPutOrImport()
    {
        var reporter = _tokens["reporter"];
        var before = (await Send(_admin, HttpMethod.Get, "/api/units/10969/reports/2023/history")).Text;

        var put = await Send(_bare, HttpMethod.Put, "/api/units/10969/reports/2023", """{"values":{"households":1,"poor_households":1}}""", reporter);
        Assert.Equal(403, put.Status);
        Assert.Contains("10969", put.Json.GetProperty("detail").GetString());

        var csv = "Mã đơn vị (unit),Kỳ báo cáo (period),Tổng số hộ (households)\n10969,2023,1\n";
        var import = await Send(_bare, HttpMethod.Post, "/api/import/reports", csv, reporter, "text/csv");
        Assert.Equal(200, import.Status);
        var conflict = Assert.Single(import.Json.GetProperty("conflicts").EnumerateArray());
        Assert.Equal("unit", conflict.GetProperty("column").GetString());
        Assert.Contains("outside the key's scope", conflict.GetProperty("message").GetString());
        Assert.Equal(0, import.Json.GetProperty("updated").GetInt32());

        Assert.Equal(before, (await Send(_admin, HttpMethod.Get, "/api/units/10969/reports/2023/history")).Text);
    }

    [Fact]
    public async Task ReportHistoryNamesTheSubmittingKey()
    {
        var (token, id) = await Create(_admin, "Cán bộ Vĩnh Hưng", "reporter", "10951");
        var put = await Send(_bare, HttpMethod.Put, "/api/units/10951/reports/2026", """{"values":{"households":500,"poor_households":5}}""", token);
        Assert.Equal(200, put.Status);
        var history = (await Send(_admin, HttpMethod.Get, "/api/units/10951/reports/2026/history")).Json;
        Assert.Equal($"Cán bộ Vĩnh Hưng ({id})", history.EnumerateArray().Single().GetProperty("submittedBy").GetString());
        var report = (await Send(_admin, HttpMethod.Get, "/api/units/10951/reports/2026")).Json;
        Assert.Equal($"Cán bộ Vĩnh Hưng ({id})", report.GetProperty("submittedBy").GetString());
    }

    private async Task<string> NewScenario()
    {
        var answer = await Send(_admin, HttpMethod.Post, "/api/scenarios", Scenario);
        Assert.Equal(201, answer.Status);
        return answer.Json.GetProperty("id").GetString()!;
    }

    /// <summary>
    /// A snapshot once the levels above the district have caught up with the accepted writes of the
    /// rows before (they follow asynchronously): two equal reads in a row.
    /// </summary>
    private async Task<string> SettledSnapshot()
    {
        var previous = await Snapshot();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await Task.Delay(20);
            var current = await Snapshot();
            if (current == previous)
            {
                return current;
            }
            previous = current;
        }
        return previous;
    }

    /// <summary>Everything a refused write could have changed, read with the admin key.</summary>
    private async Task<string> Snapshot()
    {
        string[] paths =
        [
            "/api/units/10945/reports/2025/history", "/api/units/10969/reports/2025/history", "/api/units/10945/reports/2027/history",
            "/api/units/10969/reports/2027/history", "/api/units/10999", "/api/units/296", "/api/units/296/plans/2025",
            "/api/units/VN/indicators/2025", "/api/keys", "/api/units/10945/approvals/2022", "/api/units/296/approvals/2022",
            "/api/units/VN/indicators/2022",
        ];
        var parts = await Task.WhenAll(paths.Select(async p => await Send(_admin, HttpMethod.Get, p)));
        // Scenarios: their definitions (the list is what a refused PUT or DELETE could change).
        var scenarios = await Send(_admin, HttpMethod.Get, "/api/scenarios");
        // A problem's traceId differs on every read; everything else must not change.
        return System.Text.RegularExpressions.Regex.Replace(
            string.Join("\n", parts.Select(p => $"{p.Status} {p.Text}")) + "\n" + scenarios.Text, "\"traceId\":\"[^\"]*\"", "");
    }
}
