using System.Text.Json;
using static Aggregation.Gateway.Tests.Keys;
using static Aggregation.Tests.Shared.SampleUnits;

namespace Aggregation.Gateway.Tests;

/// <summary>Approval and locking: leaves first, then up; undone top down; approved periods refuse submissions; approvedLeaves at every level.</summary>
public sealed class ApprovalsOnSqlite(SqliteSampleGateway gateway) : ApprovalTests(gateway), IClassFixture<SqliteSampleGateway>;

public sealed class ApprovalsOnPostgres(PostgresSampleGateway gateway) : ApprovalTests(gateway), IClassFixture<PostgresSampleGateway>;

public abstract class ApprovalTests(SampleGateway gateway)
{
    private readonly HttpClient _admin = gateway.Client;
    private readonly HttpClient _bare = gateway.Factory.ClientWithKey(null);

    [Fact]
    public async Task ApprovalLocksALeafCountsUpwardAndIsUndoneTopDown()
    {
        const string period = "2023";
        var (approver, approverId) = await Create(_admin, "Bình Giang approver", "approver", "296");
        var (reporter, _) = await Create(_admin, "Kẻ Sặt officer", "reporter", "10945");

        // Only a report can be approved.
        var nothing = await Send(_bare, HttpMethod.Post, "/api/units/10945/approvals/2030", token: approver);
        Assert.Equal((409, "nothing_to_approve"), (nothing.Status, nothing.Json.GetProperty("code").GetString()));

        var approved = await Send(_bare, HttpMethod.Post, $"/api/units/10945/approvals/{period}", token: approver);
        Assert.Equal(200, approved.Status);
        Assert.True(approved.Json.GetProperty("approved").GetBoolean());
        Assert.Equal($"Bình Giang approver ({approverId})", approved.Json.GetProperty("approvedBy").GetString());
        await ExpectApproved(1, "10945", "296", "30", "VN");

        // Locked: a PUT and an import row are refused, nothing stored.
        var history = (await Send(_admin, HttpMethod.Get, $"/api/units/10945/reports/{period}/history")).Text;
        var put = await Send(_bare, HttpMethod.Put, $"/api/units/10945/reports/{period}", """{"values":{"households":10,"poor_households":1}}""", reporter);
        Assert.Equal(409, put.Status);
        Assert.True(put.Json.GetProperty("errors").TryGetProperty("period", out _), put.Text);
        Assert.Equal("period_locked", put.Json.GetProperty("code").GetString());
        Assert.Equal(("period", "period_locked"), FieldError(put.Json));
        var csv = $"Mã đơn vị (unit),Kỳ báo cáo (period),Tổng số hộ (households)\n10945,{period},10\n";
        var import = await Send(_admin, HttpMethod.Post, "/api/import/reports", csv, contentType: "text/csv");
        Assert.Equal(200, import.Status);
        var conflict = Assert.Single(import.Json.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(("period", "period_locked"), (conflict.GetProperty("column").GetString(), conflict.GetProperty("code").GetString()));
        Assert.Equal(history, (await Send(_admin, HttpMethod.Get, $"/api/units/10945/reports/{period}/history")).Text);

        // The district waits for all its communes, naming those missing.
        var early = await Send(_bare, HttpMethod.Post, $"/api/units/296/approvals/{period}", token: approver);
        Assert.Equal(409, early.Status);
        Assert.Equal(("children", "children_not_approved"), FieldError(early.Json));
        var missing = early.Json.GetProperty("errors").GetProperty("children")[0].GetString()!;
        Assert.Contains("10951", missing);
        Assert.DoesNotContain("10945", missing);
        foreach (var commune in BinhGiang.Skip(1))
        {
            Assert.Equal(200, (await Send(_bare, HttpMethod.Post, $"/api/units/{commune}/approvals/{period}", token: approver)).Status);
        }
        Assert.Equal(200, (await Send(_bare, HttpMethod.Post, $"/api/units/296/approvals/{period}", token: approver)).Status);
        await ExpectApproved(16, "296", "30", "VN");
        Assert.True((await Send(_admin, HttpMethod.Get, $"/api/units/296/approvals/{period}")).Json.GetProperty("approved").GetBoolean());

        // Approved data is locked against moves too: out of the approved district, or into it.
        var outsiderCommune = (await Send(_admin, HttpMethod.Get, "/api/units/295")).Json.GetProperty("children")[0].GetProperty("code").GetString()!;
        foreach (var (commune, to) in new[] { ("10945", "295"), (outsiderCommune, "296") })
        {
            var before = (await Send(_admin, HttpMethod.Get, $"/api/units/{commune}")).Text;
            var name = JsonDocument.Parse(before).RootElement.GetProperty("name").GetString();
            var move = await Send(_admin, HttpMethod.Put, $"/api/units/{commune}", JsonSerializer.Serialize(new { name, level = "commune", parent = to }));
            Assert.Equal(409, move.Status);
            Assert.Contains("'296' is approved for 2023", move.Json.GetProperty("errors").GetProperty("parent")[0].GetString());
            Assert.Equal(("parent", "parent_approved"), FieldError(move.Json));
            Assert.Equal(before, (await Send(_admin, HttpMethod.Get, $"/api/units/{commune}")).Text);
        }

        // Outside its scope an approver is refused; a reporter may not approve at all.
        var (outsider, _) = await Create(_admin, "Cẩm Giàng approver", "approver", "295");
        var forbidden = await Send(_bare, HttpMethod.Delete, $"/api/units/10945/approvals/{period}", token: outsider);
        Assert.Equal((403, "forbidden"), (forbidden.Status, forbidden.Json.GetProperty("code").GetString()));
        Assert.Equal(403, (await Send(_bare, HttpMethod.Delete, $"/api/units/10945/approvals/{period}", token: reporter)).Status);

        // Undo top down: the commune first is refused while its district is approved.
        var tooSoon = await Send(_bare, HttpMethod.Delete, $"/api/units/10945/approvals/{period}", token: approver);
        Assert.Equal((409, "parent_approved"), (tooSoon.Status, tooSoon.Json.GetProperty("code").GetString()));
        Assert.Contains("296", tooSoon.Json.GetProperty("detail").GetString());
        Assert.Equal(200, (await Send(_bare, HttpMethod.Delete, $"/api/units/296/approvals/{period}", token: approver)).Status);
        Assert.Equal(200, (await Send(_bare, HttpMethod.Delete, $"/api/units/10945/approvals/{period}", token: approver)).Status);
        await ExpectApproved(15, "296", "30", "VN");
        await ExpectApproved(0, "10945");

        // Unlocked again.
        Assert.Equal(200, (await Send(_bare, HttpMethod.Put, $"/api/units/10945/reports/{period}", """{"values":{"households":4000,"poor_households":40}}""", reporter)).Status);
        var verify = await Send(_admin, HttpMethod.Post, $"/api/admin/verify/VN/{period}");
        Assert.Equal(0, verify.Json.GetProperty("drift").GetArrayLength());
    }

    [Fact]
    public async Task ACommunesQuarterIsApprovedWithTheMonthsItReportedAndTheDistrictApprovesTheQuarter()
    {
        const string quarter = "2021Q1";
        foreach (var (code, level, parent) in new[] { ("9901", "district", "30"), ("990101", "commune", "9901"), ("990102", "commune", "9901") })
        {
            Assert.Equal(200, (await Send(_admin, HttpMethod.Put, $"/api/units/{code}", JsonSerializer.Serialize(new { name = $"Test {code}", level, parent }))).Status);
        }
        foreach (var month in new[] { "202101", "202102", "202103" })
        {
            Assert.Equal(200, (await Send(_admin, HttpMethod.Put, $"/api/units/990101/reports/{month}", """{"values":{"households":100,"poor_households":2}}""")).Status);
        }
        Assert.Equal(200, (await Send(_admin, HttpMethod.Put, $"/api/units/990102/reports/{quarter}", """{"values":{"households":50,"poor_households":1}}""")).Status);
        var (approver, approverId) = await Create(_admin, "district 9901 approver", "approver", "9901");

        // The commune reported months: its quarter is approved with them, not by itself.
        var derived = await Send(_bare, HttpMethod.Post, $"/api/units/990101/approvals/{quarter}", token: approver);
        Assert.Equal((409, "derived_period"), (derived.Status, derived.Json.GetProperty("code").GetString()));
        Assert.Equal(("period", "derived_period"), FieldError(derived.Json));
        Assert.Contains("202101, 202102, 202103", derived.Json.GetProperty("detail").GetString());
        foreach (var month in new[] { "202101", "202102", "202103" })
        {
            Assert.Equal(200, (await Send(_bare, HttpMethod.Post, $"/api/units/990101/approvals/{month}", token: approver)).Status);
        }
        var state = (await Send(_bare, HttpMethod.Get, $"/api/units/990101/approvals/{quarter}", token: approver)).Json;
        Assert.Equal((true, true, $"district 9901 approver ({approverId})"),
            (state.GetProperty("approved").GetBoolean(), state.GetProperty("derived").GetBoolean(), state.GetProperty("approvedBy").GetString()));
        Assert.False((await Send(_admin, HttpMethod.Get, "/api/units/990101/approvals/202103")).Json.GetProperty("derived").GetBoolean());
        var locked = await Send(_admin, HttpMethod.Put, $"/api/units/990101/reports/{quarter}", """{"values":{"households":1}}""");
        Assert.Equal((409, "period_locked"), (locked.Status, locked.Json.GetProperty("code").GetString()));

        // The district approves the quarter over one commune's months and the other's quarter.
        Assert.Equal(200, (await Send(_bare, HttpMethod.Post, $"/api/units/990102/approvals/{quarter}", token: approver)).Status);
        var district = await Send(_bare, HttpMethod.Post, $"/api/units/9901/approvals/{quarter}", token: approver);
        Assert.Equal((200, false), (district.Status, district.Json.GetProperty("derived").GetBoolean()));
        await ExpectApprovedIn(quarter, 2, "9901");

        // Undone top down: a month under the approved quarter stays approved until the district is unapproved.
        var month2 = await Send(_bare, HttpMethod.Delete, "/api/units/990101/approvals/202102", token: approver);
        Assert.Equal((409, "parent_approved"), (month2.Status, month2.Json.GetProperty("code").GetString()));
        Assert.Contains(quarter, month2.Json.GetProperty("detail").GetString());
        Assert.Equal(200, (await Send(_bare, HttpMethod.Delete, $"/api/units/9901/approvals/{quarter}", token: approver)).Status);
        var direct = await Send(_bare, HttpMethod.Delete, $"/api/units/990101/approvals/{quarter}", token: approver);
        Assert.Equal((409, "derived_period"), (direct.Status, direct.Json.GetProperty("code").GetString()));
        Assert.Equal(200, (await Send(_bare, HttpMethod.Delete, "/api/units/990101/approvals/202102", token: approver)).Status);
        Assert.False((await Send(_admin, HttpMethod.Get, $"/api/units/990101/approvals/{quarter}")).Json.GetProperty("approved").GetBoolean());
        await ExpectApprovedIn(quarter, 1, "9901");
        var refused = await Send(_bare, HttpMethod.Post, $"/api/units/9901/approvals/{quarter}", token: approver);
        Assert.Equal((409, "children_not_approved"), (refused.Status, refused.Json.GetProperty("code").GetString()));
    }

    private Task ExpectApproved(int leaves, params string[] units) => ExpectApprovedIn("2023", leaves, units);

    private async Task ExpectApprovedIn(string period, int leaves, params string[] units)
    {
        foreach (var unit in units)
        {
            var deadline = DateTime.UtcNow.AddSeconds(5);
            JsonElement view;
            do
            {
                view = (await Send(_admin, HttpMethod.Get, $"/api/units/{unit}/indicators/{period}")).Json;
            }
            while (view.GetProperty("approvedLeaves").GetInt32() != leaves && DateTime.UtcNow < deadline && await Delay());
            Assert.True(leaves == view.GetProperty("approvedLeaves").GetInt32(), $"{unit}: {view.GetProperty("approvedLeaves")} approved, expected {leaves}");
        }
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(50);
        return true;
    }

    /// <summary>The field and code of a problem's only field error.</summary>
    private static (string?, string?) FieldError(JsonElement problem)
    {
        var error = Assert.Single(problem.GetProperty("fieldErrors").EnumerateArray());
        return (error.GetProperty("field").GetString(), error.GetProperty("code").GetString());
    }
}
