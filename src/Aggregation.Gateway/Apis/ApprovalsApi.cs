using Aggregation.Domain.Periods;
using Aggregation.Contracts;
using Aggregation.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;


namespace Aggregation.Gateway.Apis;

/// <summary>Approval per unit and period, as in DHIS2: leaves first, then each level up; undone top down.</summary>
public static class ApprovalsApi
{
    public static IEndpointRouteBuilder MapApprovalsApi(this IEndpointRouteBuilder app)
    {
        var approvals = app.MapGroup("/api/units/{code}/approvals");
        approvals.MapPost("/{period}", Approve).Allow(Access.Approvers).WithName("Approve")
            .WithSummary("Approve (lock) a leaf's report, or a unit whose children are all approved")
            .ProducesProblems(400, 404, 409);
        approvals.MapDelete("/{period}", Unapprove).Allow(Access.Approvers).WithName("Unapprove")
            .WithSummary("Withdraw an approval; the parent's must be withdrawn first")
            .ProducesProblems(400, 404, 409);
        approvals.MapGet("/{period}", Get).Allow(Access.Everyone).WithName("GetApproval")
            .WithSummary("Whether a unit is approved for a period: {unit, period, approved, approvedBy, approvedAt}")
            .ProducesProblems(400, 404);
        return app;
    }

    private static Task<Results<Ok<ApprovalStateView>, ProblemHttpResult>> Approve(string code, string period, HttpContext http, IGrainFactory grains) =>
        Change(code, period, grains, (info, p) => info.IsLeaf
            ? grains.GetGrain<ICommuneGrain>(code).Approve(p, http.User.Caller())
            : grains.GetGrain<IApprovalGrain>(GrainKeys.Approval(code, p)).Approve(http.User.Caller()));

    /// <summary>Below the top, through the parent's approval grain: it refuses while the parent is approved, in the same turn as approving the parent.</summary>
    private static Task<Results<Ok<ApprovalStateView>, ProblemHttpResult>> Unapprove(string code, string period, HttpContext http, IGrainFactory grains) =>
        Change(code, period, grains, (info, p) => info switch
        {
            { Parent: { } parent } => grains.GetGrain<IApprovalGrain>(GrainKeys.Approval(parent, p)).UnapproveChild(code, info.IsLeaf, http.User.Caller()),
            { IsLeaf: true } => grains.GetGrain<ICommuneGrain>(code).Unapprove(p, http.User.Caller()),
            _ => grains.GetGrain<IApprovalGrain>(GrainKeys.Approval(code, p)).Unapprove(http.User.Caller()),
        });

    private static async Task<Results<Ok<ApprovalStateView>, ProblemHttpResult>> Get(string code, string period, IGrainFactory grains)
    {
        var (found, bad) = await Unit(code, period, grains);
        if (bad is not null)
        {
            return bad;
        }
        var (info, normalized) = found;
        var approval = info.IsLeaf
            ? await grains.GetGrain<ICommuneGrain>(code).GetApproval(normalized)
            : await grains.GetGrain<IApprovalGrain>(GrainKeys.Approval(code, normalized)).Get();
        return TypedResults.Ok(ApprovalStateView.Of(code, normalized.ToString(), approval));
    }

    /// <summary>The unit and the normalized period, or the problem with the code or period.</summary>
    private static async Task<((UnitInfo Info, Period Period) Found, ProblemHttpResult? Bad)> Unit(string code, string period, IGrainFactory grains)
    {
        var (normalized, bad) = Problems.CheckUnitAndPeriod(code, period);
        if (bad is not null)
        {
            return (default, bad);
        }
        return await grains.GetGrain<IUnitGrain>(code).GetInfo() is { } info
            ? ((info, normalized), null)
            : (default, Problems.UnitNotFound(code));
    }

    private static async Task<Results<Ok<ApprovalStateView>, ProblemHttpResult>> Change(
        string code, string period, IGrainFactory grains, Func<UnitInfo, Period, Task<ApprovalResult>> change)
    {
        var (found, bad) = await Unit(code, period, grains);
        if (bad is not null)
        {
            return bad;
        }
        var (info, normalized) = found;
        var result = await change(info, normalized);
        return result.Refusals.Count > 0 ? Problems.Refused(result.Refusals) : TypedResults.Ok(ApprovalStateView.Of(code, normalized.ToString(), result.Approval));
    }
}
