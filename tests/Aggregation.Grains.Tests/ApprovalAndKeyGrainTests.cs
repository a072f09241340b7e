using Aggregation.Domain.Periods;
using Aggregation.Contracts;
using Aggregation.Domain.Security;

namespace Aggregation.Grains.Tests;

[Collection(SqliteCluster.Name)]
public sealed class ApprovalAndKeyGrainsOnSqlite(SqliteClusterFixture fixture) : ApprovalAndKeyGrainTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class ApprovalAndKeyGrainsOnPostgres(PostgresClusterFixture fixture) : ApprovalAndKeyGrainTests(fixture);

/// <summary>The grains behind approvals, keys and the audit log, called directly.</summary>
public abstract class ApprovalAndKeyGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;
    private static readonly KeyPrincipal Tester = TreeBuilder.Tester;

    [Fact]
    public async Task ApprovingMovesTheContributionVersionSoEveryAncestorCountsIt()
    {
        var t = new TreeBuilder(_grains);
        await t.Unit("p", "province", null);
        await t.Unit("d", "district", "p");
        await t.Unit("a", "commune", "d");
        await t.Unit("b", "commune", "d");
        await t.Report("a", "2023", new Dictionary<string, decimal> { ["households"] = 100, ["poor_households"] = 2 });
        var a = _grains.Commune(t.Key("a"));
        var before = await a.GetContribution(Period.Parse("2023"));
        Assert.Equal(0, before.Contribution.ApprovedLeaves);

        Assert.Equal("nothing_to_approve", (await _grains.Commune(t.Key("b")).Approve(Period.Parse("2023"), Tester)).Code());
        var approved = await a.Approve(Period.Parse("2023"), Tester);
        Assert.Equal(("ok", "tester (tester1)"), (approved.Code(), approved.Approval!.ApprovedBy));
        var after = await a.GetContribution(Period.Parse("2023"));
        Assert.True(after.Version > before.Version);
        Assert.Equal(1, after.Contribution.ApprovedLeaves);
        Assert.Equal(before.Contribution.Elements, after.Contribution.Elements);

        foreach (var unit in new[] { "d", "p" })
        {
            var view = await Eventually.Until(() => _grains.GetGrain<IQueryGrain>(0).GetIndicators(t.Key(unit), Period.Parse("2023"))!, v => v!.ApprovedLeaves == 1);
            Assert.Equal(1, view!.ApprovedLeaves);
        }
        var locked = await t.Report("a", "2023", new Dictionary<string, decimal> { ["households"] = 1 });
        Assert.Equal("period_locked", locked.Code());
        Assert.Equal(["period"], locked.Refusals.Fields());

        var district = _grains.Approval(t.Key("d"), Period.Parse("2023"));
        var early = await district.Approve(Tester);
        Assert.Equal("children_not_approved", early.Code());
        Assert.Contains(t.Code("b"), early.Refusals.Single(r => r.Field == "children").Message);

        Assert.Equal("ok", (await district.UnapproveChild(t.Code("a"), Tester)).Code());
        Assert.Null(await a.GetApproval(Period.Parse("2023")));
        Assert.Equal(SubmitStatus.Accepted, (await t.Report("a", "2023", new Dictionary<string, decimal> { ["households"] = 1 })).Status);
        var view2 = await Eventually.Until(() => _grains.GetGrain<IQueryGrain>(0).GetIndicators(t.Key("p"), Period.Parse("2023"))!, v => v!.ApprovedLeaves == 0);
        Assert.Equal(0, view2!.ApprovedLeaves);
    }

    [Fact]
    public async Task AKeyAuthenticatesOnlyWithItsSecretUntilRevoked()
    {
        var id = ApiKeyToken.NewId();
        var secret = ApiKeyToken.NewSecret();
        var key = _grains.GetGrain<IApiKeyGrain>(id);
        Assert.True(await key.Create(new NewApiKey("officer", "reporter", "10945", null, ApiKeyToken.Hash(secret), "test"), Tester));
        Assert.False(await key.Create(new NewApiKey("again", "admin", "", null, ApiKeyToken.Hash("x"), "test"), Tester));
        Assert.Equal(new KeyPrincipal(id, "officer", "reporter", "10945"), await key.Authenticate(ApiKeyToken.Hash(secret)));
        Assert.Null(await key.Authenticate(ApiKeyToken.Hash(secret + "x")));
        Assert.Null(await _grains.GetGrain<IApiKeyGrain>(ApiKeyToken.NewId()).Authenticate(ApiKeyToken.Hash(secret)));
        var revoked = await key.Revoke(Tester);
        Assert.NotNull(revoked!.RevokedAt);
        Assert.Null(await key.Authenticate(ApiKeyToken.Hash(secret)));
        Assert.Equal(revoked.RevokedAt, (await key.Revoke(Tester))!.RevokedAt);

        var expired = _grains.GetGrain<IApiKeyGrain>(ApiKeyToken.NewId());
        await expired.Create(new NewApiKey("old", "analyst", "296", DateTimeOffset.UtcNow.AddMilliseconds(300), ApiKeyToken.Hash(secret), "test"), Tester);
        Assert.NotNull(await expired.Authenticate(ApiKeyToken.Hash(secret)));
        await Task.Delay(400);
        Assert.Null(await expired.Authenticate(ApiKeyToken.Hash(secret)));
    }

    [Fact]
    public void AnAuditSubjectAlwaysLandsInTheSameBucket()
    {
        // Fixed values: a bucket that moved between builds would hide a day's earlier entries.
        Assert.Equal("2026-11-29/52", GrainKeys.Audit("2026-11-29", "10945"));
        Assert.Equal("2026-11-29/37", GrainKeys.Audit("2026-11-29", "VN"));
        Assert.Equal("2026-11-29", GrainKeys.AuditDay(GrainKeys.Audit("2026-11-29", "VN")));
        Assert.True(Enumerable.Range(0, 1000).Select(i => GrainKeys.Audit("d", $"C{i:00000}")).Distinct().Count() > GrainKeys.AuditBuckets / 2);
    }

    [Fact]
    public async Task AnAuditDayNotesEachSubjectOnceAndIsIndexedBeforeItHoldsAnything()
    {
        var day = "1999-" + Random.Shared.Next(1, 12).ToString("00") + "-" + Random.Shared.Next(10, 28);
        var bucket = _grains.GetGrain<IAuditGrain>(GrainKeys.Audit(day, "unit:u"));
        await bucket.Note("unit:u");
        await bucket.Note("unit:u");
        Assert.Equal(["unit:u"], (await bucket.List()).Subjects);
        Assert.Contains(GrainKeys.Audit(day, "unit:u"), await _grains.GetGrain<IAuditIndexGrain>(0).List());
    }

    [Fact]
    public async Task EachSubjectKeepsItsAuditEntriesWithItsChangeAndIsNotedOnTheDay()
    {
        var t = new TreeBuilder(_grains);
        await t.Unit("d", "district", null);
        var unit = _grains.Unit(t.Key("d"));
        await _grains.UpsertUnit(t.Key("d"), new UnitInput("Huyện Mới", "district", null), Tester);
        var trail = await unit.GetAudit();
        Assert.Equal(["create", "update"], trail.Select(e => e.Action));
        Assert.All(trail, e => Assert.Equal((Tester.Id, Tester.Name, "unit", t.Code("d")), (e.KeyId, e.KeyName, e.Kind, e.Unit)));
        Assert.Contains("Huyện Mới", trail[1].Value);
        Assert.Contains("\"name\":\"d\"", trail[1].Previous);
        Assert.Null(trail[0].Previous);

        var subject = AuditSubjects.Unit(t.Key("d"));
        var day = await _grains.GetGrain<IAuditGrain>(GrainKeys.Audit(trail[1].At, subject)).List();
        Assert.Contains(subject, day.Subjects);
        Assert.Equal(trail, await AuditSubjects.Resolve(_grains, subject)!.GetAudit());
    }

    [Fact]
    public async Task ApprovingADistrictAndUnapprovingItsCommuneAtOnceNeverLeaveTheDistrictApprovedOverAnUnapprovedCommune()
    {
        var t = new TreeBuilder(_grains);
        await t.Unit("d", "district", null);
        await t.Unit("a", "commune", "d");
        await t.Unit("b", "commune", "d");
        foreach (var leaf in new[] { "a", "b" })
        {
            await t.Report(leaf, "2023", new Dictionary<string, decimal> { ["households"] = 100, ["poor_households"] = 2 });
        }
        var district = _grains.Approval(t.Key("d"), Period.Parse("2023"));
        var a = _grains.Commune(t.Key("a"));
        await _grains.Commune(t.Key("b")).Approve(Period.Parse("2023"), Tester);
        var outcomes = new HashSet<(string, string)>();
        for (var round = 0; round < 20; round++)
        {
            await a.Approve(Period.Parse("2023"), Tester);
            var approve = district.Approve(Tester);
            var unapprove = district.UnapproveChild(t.Code("a"), Tester);
            var (approved, unapproved) = (await approve, await unapprove);
            outcomes.Add((approved.Code(), unapproved.Code()));
            var districtApproved = await district.Get() is not null;
            var communeApproved = await a.GetApproval(Period.Parse("2023")) is not null;
            Assert.True(!districtApproved || communeApproved, $"round {round}: district approved over an unapproved commune");
            // Exactly one of the two orders happened: approve first (the commune's unapprove is refused), or unapprove first.
            Assert.True(
                (approved.Code(), unapproved.Code()) is ("ok", "parent_approved") or ("children_not_approved", "ok"),
                $"round {round}: {approved.Code()} / {unapproved.Code()}");
            if (districtApproved)
            {
                Assert.Equal("ok", (await district.Unapprove(Tester)).Code());
            }
        }
        // The audit trails hold every change, in order.
        var districtTrail = await district.GetAudit();
        Assert.Equal(districtTrail.Count(e => e.Action == "approve"), districtTrail.Count(e => e.Action == "unapprove"));
        Assert.Equal(outcomes.Count(o => o.Item1 == "ok") > 0, districtTrail.Count > 0);
    }

    [Fact]
    public async Task ACommunesDerivedQuarterIsApprovedWithItsMonthsAndADistrictApprovesItOverThem()
    {
        var t = new TreeBuilder(_grains);
        await t.Unit("p", "province", null);
        await t.Unit("d", "district", "p");
        await t.Unit("a", "commune", "d");
        await t.Unit("b", "commune", "d");
        foreach (var month in new[] { "202301", "202302", "202303" })
        {
            await t.Report("a", month, TreeBuilder.Values(100, 2, 10));
        }
        await t.Report("b", "2023Q1", TreeBuilder.Values(50, 1, 30));
        var a = _grains.Commune(t.Key("a"));
        var quarter = Period.Parse("2023Q1");
        var district = _grains.Approval(t.Key("d"), quarter);

        // The quarter is derived from the months: it is approved with them, never by itself.
        var early = await a.Approve(quarter, Tester);
        Assert.Equal(("derived_period", "period"), (early.Code(), early.Refusals[0].Field));
        Assert.Contains("202301, 202302, 202303", early.Refusals[0].Message);
        Assert.Equal("ok", (await a.Approve(Period.Parse("202301"), Tester)).Code());
        Assert.Equal("ok", (await a.Approve(Period.Parse("202302"), Tester)).Code());
        Assert.Null(await a.GetApproval(quarter));
        Assert.Equal(0, (await a.GetContribution(quarter)).Contribution.ApprovedLeaves);
        Assert.Equal("children_not_approved", (await district.Approve(Tester)).Code());
        var march = await a.Approve(Period.Parse("202303"), new KeyPrincipal("approver9", "march approver", "approver", ""));

        var derived = await a.GetApproval(quarter);
        Assert.Equal((t.Code("a"), "2023Q1", "march approver (approver9)", march.Approval!.ApprovedAt, true),
            (derived!.Unit, derived.Period, derived.ApprovedBy, derived.ApprovedAt, derived.Derived));
        Assert.False((await a.GetApproval(Period.Parse("202303")))!.Derived);
        Assert.Equal(derived, (await a.Approve(quarter, Tester)).Approval);
        Assert.Equal(1, (await a.GetContribution(quarter)).Contribution.ApprovedLeaves);
        var locked = await t.Report("a", "2023Q1", TreeBuilder.Values(1, 0, 1));
        Assert.Equal(("period_locked", "period"), (locked.Code(), locked.Refusals[0].Field));

        // The district approves the quarter once every commune is approved for it, one by its months.
        Assert.Equal("children_not_approved", (await district.Approve(Tester)).Code());
        Assert.Equal("ok", (await _grains.Commune(t.Key("b")).Approve(quarter, Tester)).Code());
        Assert.Equal("ok", (await district.Approve(Tester)).Code());
        var view = await Eventually.Until(() => _grains.GetGrain<IQueryGrain>(0).GetIndicators(t.Key("p"), quarter)!, v => v!.ApprovedLeaves == 2);
        Assert.Equal(2, view!.ApprovedLeaves);

        // While the district stands approved for the quarter, the months it was approved over stay approved.
        var aInfo = (await _grains.Unit(t.Key("a")).GetInfo())!;
        var february = await _grains.InPeriod(t.Key("a"), aInfo, Period.Parse("202302")).Unapprove(Tester);
        Assert.Equal("parent_approved", february.Code());
        Assert.Contains("2023Q1", february.Refusals[0].Message);
        Assert.Equal("parent_approved", (await _grains.InPeriod(t.Key("a"), aInfo, quarter).Unapprove(Tester)).Code());
        Assert.Equal("derived_period", (await a.Unapprove(quarter, Tester)).Code());
        Assert.NotNull(await a.GetApproval(Period.Parse("202302")));

        var dInfo = (await _grains.Unit(t.Key("d")).GetInfo())!;
        Assert.Equal("ok", (await _grains.InPeriod(t.Key("d"), dInfo, quarter).Unapprove(Tester)).Code());
        Assert.Equal("ok", (await _grains.InPeriod(t.Key("a"), aInfo, Period.Parse("202302")).Unapprove(Tester)).Code());
        Assert.Null(await a.GetApproval(quarter));
        Assert.Equal(0, (await a.GetContribution(quarter)).Contribution.ApprovedLeaves);
        var refused = await district.Approve(Tester);
        Assert.Equal("children_not_approved", refused.Code());
        Assert.Contains(t.Code("a"), refused.Refusals[0].Message);
        Assert.Equal(SubmitStatus.Accepted, (await t.Report("a", "202302", TreeBuilder.Values(101, 2, 11))).Status);
        var after = await Eventually.Until(() => _grains.GetGrain<IQueryGrain>(0).GetIndicators(t.Key("p"), quarter)!, v => v!.ApprovedLeaves == 1);
        Assert.Equal(1, after!.ApprovedLeaves);
    }

    [Fact]
    public async Task ApprovingADistrictsQuarterAndUnapprovingACommunesMonthAtOnceNeverLeaveTheQuarterApprovedOverAnUnapprovedMonth()
    {
        var t = new TreeBuilder(_grains);
        await t.Unit("d", "district", null);
        await t.Unit("a", "commune", "d");
        var months = new[] { "202301", "202302", "202303" }.Select(Period.Parse).ToList();
        foreach (var month in months)
        {
            await t.Report("a", month.ToString(), TreeBuilder.Values(100, 2, 10));
        }
        var quarter = Period.Parse("2023Q1");
        var district = _grains.Approval(t.Key("d"), quarter);
        var a = _grains.Commune(t.Key("a"));
        var aInfo = (await _grains.Unit(t.Key("a")).GetInfo())!;
        foreach (var month in months)
        {
            await a.Approve(month, Tester);
        }
        for (var round = 0; round < 15; round++)
        {
            var month = months[round % 3];
            await a.Approve(month, Tester);
            var approve = district.Approve(Tester);
            var unapprove = _grains.InPeriod(t.Key("a"), aInfo, month).Unapprove(Tester);
            var (approved, unapproved) = (await approve, await unapprove);
            var districtApproved = await district.Get() is not null;
            var quarterApproved = await a.GetApproval(quarter) is not null;
            Assert.True(!districtApproved || quarterApproved, $"round {round}: the district is approved for the quarter over an unapproved month");
            Assert.True(
                (approved.Code(), unapproved.Code()) is ("ok", "parent_approved") or ("children_not_approved", "ok"),
                $"round {round}: {approved.Code()} / {unapproved.Code()}");
            if (districtApproved)
            {
                Assert.Equal("ok", (await district.Unapprove(Tester)).Code());
            }
        }
    }
}
