using System.Text.Json;
using static Aggregation.Gateway.Tests.Keys;

namespace Aggregation.Gateway.Tests;

/// <summary>Every kind of write appears in the audit trail with who, when, what and the previous value; filters narrow it.</summary>
public sealed class AuditOnSqlite(SqliteSampleGateway gateway) : AuditTests(gateway), IClassFixture<SqliteSampleGateway>;

public sealed class AuditOnPostgres(PostgresSampleGateway gateway) : AuditTests(gateway), IClassFixture<PostgresSampleGateway>;

public abstract class AuditTests(SampleGateway gateway)
{
    private readonly HttpClient _admin = gateway.Client;
    private readonly HttpClient _bare = gateway.Factory.ClientWithKey(null);

    [Fact]
    public async Task EveryKindOfWriteIsAuditedWithWhoWhenWhatAndThePreviousValue()
    {
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        // Units: created, then renamed.
        Assert.Equal(200, (await Send(_admin, HttpMethod.Put, "/api/units/audit-1", """{"name":"Xã Một","level":"commune","parent":"296"}""")).Status);
        Assert.Equal(200, (await Send(_admin, HttpMethod.Put, "/api/units/audit-1", """{"name":"Xã Một Mới","level":"commune","parent":"296"}""")).Status);
        // A plan set twice.
        Assert.Equal(200, (await Send(_admin, HttpMethod.Put, "/api/units/296/plans/2031", """{"targets":{"poverty_rate":2}}""")).Status);
        Assert.Equal(200, (await Send(_admin, HttpMethod.Put, "/api/units/296/plans/2031", """{"targets":{"poverty_rate":1.5}}""")).Status);
        // Keys: created and one revoked.
        var (reporter, reporterId) = await Create(_admin, "Xã Một officer", "reporter", "audit-1");
        var (approver, approverId) = await Create(_admin, "Bình Giang approver", "approver", "296");
        var (_, doomedId) = await Create(_admin, "doomed", "analyst", "295");
        Assert.Equal(200, (await Send(_admin, HttpMethod.Delete, $"/api/keys/{doomedId}")).Status);
        // Reports: two versions by the reporter.
        Assert.Equal(200, (await Send(_bare, HttpMethod.Put, "/api/units/audit-1/reports/2031", """{"values":{"households":100,"poor_households":3}}""", reporter)).Status);
        Assert.Equal(200, (await Send(_bare, HttpMethod.Put, "/api/units/audit-1/reports/2031", """{"values":{"households":100,"poor_households":2}}""", reporter)).Status);
        // An approval, undone.
        Assert.Equal(200, (await Send(_bare, HttpMethod.Post, "/api/units/audit-1/approvals/2031", token: approver)).Status);
        Assert.Equal(200, (await Send(_bare, HttpMethod.Delete, "/api/units/audit-1/approvals/2031", token: approver)).Status);
        // A scenario created, changed and deleted by the approver.
        var created = await Send(_bare, HttpMethod.Post, "/api/scenarios",
            """{"name":"audit","unit":"296","period":"2031","overrides":[]}""", approver);
        Assert.Equal(201, created.Status);
        var scenarioId = created.Json.GetProperty("id").GetString()!;
        Assert.Equal(200, (await Send(_bare, HttpMethod.Put, $"/api/scenarios/{scenarioId}",
            """{"name":"audit 2","unit":"296","period":"2031","overrides":[]}""", approver)).Status);
        Assert.Equal(204, (await Send(_bare, HttpMethod.Delete, $"/api/scenarios/{scenarioId}", token: approver)).Status);

        var all = await Audit($"/api/audit?from={Uri.EscapeDataString(start.ToString("O"))}");
        Assert.Equal(["create", "update"], Of(all, "unit", "audit-1").Select(e => e.GetProperty("action").GetString()));
        var renamed = Of(all, "unit", "audit-1")[1];
        Assert.Equal("Xã Một Mới", renamed.GetProperty("value").GetProperty("name").GetString());
        Assert.Equal("Xã Một", renamed.GetProperty("previous").GetProperty("name").GetString());
        Assert.Equal("admin", renamed.GetProperty("keyId").GetString());
        Assert.Equal("administrator (configured)", renamed.GetProperty("keyName").GetString());

        // (The sample's own plans, loaded as "system" when the gateway started, may fall in the window too.)
        var plans = Of(all, "plan", "296").Where(e => e.GetProperty("period").GetString() == "2031").ToList();
        Assert.Equal(2, plans.Count);
        Assert.Equal(1.5m, plans[1].GetProperty("value").GetProperty("poverty_rate").GetProperty("value").GetDecimal());
        Assert.Equal(2m, plans[1].GetProperty("previous").GetProperty("poverty_rate").GetProperty("value").GetDecimal());
        Assert.Equal("2031", plans[1].GetProperty("period").GetString());

        var keys = all.Where(e => e.GetProperty("kind").GetString() == "key").ToList();
        Assert.Contains(keys, e => e.GetProperty("target").GetString() == reporterId && e.GetProperty("action").GetString() == "create");
        var revoke = Assert.Single(keys, e => e.GetProperty("action").GetString() == "revoke");
        Assert.Equal(doomedId, revoke.GetProperty("target").GetString());
        Assert.Equal(JsonValueKind.Null, revoke.GetProperty("previous").GetProperty("revokedAt").ValueKind);
        Assert.DoesNotContain(reporter[$"agg_{reporterId}_".Length..], JsonSerializer.Serialize(all));

        var reports = Of(all, "report", "audit-1");
        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.Equal(reporterId, r.GetProperty("keyId").GetString()));
        Assert.Equal(JsonValueKind.Null, reports[0].GetProperty("previous").ValueKind);
        Assert.Equal(3m, reports[1].GetProperty("previous").GetProperty("poor_households").GetDecimal());
        Assert.Equal(2m, reports[1].GetProperty("value").GetProperty("poor_households").GetDecimal());

        Assert.Equal(["approve", "unapprove"], Of(all, "approval", "audit-1").Select(e => e.GetProperty("action").GetString()));
        Assert.All(Of(all, "approval", "audit-1"), e => Assert.Equal(approverId, e.GetProperty("keyId").GetString()));
        var scenarios = all.Where(e => e.GetProperty("kind").GetString() == "scenario" && e.GetProperty("target").GetString() == scenarioId).ToList();
        Assert.Equal(["create", "update", "delete"], scenarios.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal("audit", scenarios[1].GetProperty("previous").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, scenarios[2].GetProperty("value").ValueKind);
        Assert.True(all.Select(e => e.GetProperty("at").GetDateTimeOffset()).SequenceEqual(all.Select(e => e.GetProperty("at").GetDateTimeOffset()).Order()));

        // Filters: unit, period, key, time.
        var unit = await Audit("/api/audit?unit=audit-1");
        Assert.All(unit, e => Assert.Equal("audit-1", e.GetProperty("unit").GetString()));
        Assert.Equal(2 + 2 + 2 + 1, unit.Count); // unit ×2, reports ×2, approvals ×2, the reporter key
        var byKey = await Audit($"/api/audit?key={reporterId}");
        Assert.Equal(2, byKey.Count);
        Assert.All(byKey, e => Assert.Equal("report", e.GetProperty("kind").GetString()));
        var period = await Audit("/api/audit?unit=296&period=2031");
        Assert.All(period, e => Assert.Equal("2031", e.GetProperty("period").GetString()));
        Assert.Contains(period, e => e.GetProperty("kind").GetString() == "plan");
        Assert.Empty(await Audit($"/api/audit?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"))}"));
        Assert.Empty(await Audit("/api/audit?unit=audit-1&to=2001-01-01"));
        Assert.Equal(400, (await Send(_admin, HttpMethod.Get, "/api/audit?from=yesterday")).Status);

        // An approver sees its subtree only; what is outside is refused.
        var scoped = (await Send(_bare, HttpMethod.Get, "/api/audit?period=2031", token: approver)).Json.EnumerateArray().ToList();
        Assert.NotEmpty(scoped);
        Assert.DoesNotContain(scoped, e => e.GetProperty("target").GetString() == doomedId); // a key scoped to 295
        Assert.Equal(403, (await Send(_bare, HttpMethod.Get, "/api/audit?unit=295", token: approver)).Status);
        Assert.Equal(403, (await Send(_bare, HttpMethod.Get, "/api/audit", token: reporter)).Status);
    }

    [Fact]
    public async Task TheSampleIsAuditedAsLoadedByTheServiceItself()
    {
        var system = await Audit("/api/audit?key=system&unit=296");
        Assert.Contains(system, e => (e.GetProperty("kind").GetString(), e.GetProperty("action").GetString(), e.GetProperty("unit").GetString()) == ("unit", "create", "296"));
        Assert.Contains(system, e => (e.GetProperty("kind").GetString(), e.GetProperty("unit").GetString(), e.GetProperty("period").GetString()) == ("plan", "296", "2023"));
        Assert.All(system, e => Assert.Equal("system", e.GetProperty("keyName").GetString()));
    }

    private async Task<List<JsonElement>> Audit(string path)
    {
        var answer = await Send(_admin, HttpMethod.Get, path);
        Assert.True(answer.Status == 200, $"{path}: {answer.Status} {answer.Text}");
        return answer.Json.EnumerateArray().ToList();
    }

    private static List<JsonElement> Of(List<JsonElement> entries, string kind, string unit) =>
        entries.Where(e => e.GetProperty("kind").GetString() == kind && e.GetProperty("unit").GetString() == unit).ToList();
}
