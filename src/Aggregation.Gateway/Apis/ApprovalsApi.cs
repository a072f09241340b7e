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
            .WithSummary("Approve (lock) a leaf's report, or a unit whose children are all approved");
        approvals.MapDelete("/{period}", Unapprove).Allow(Access.Approvers).WithName("Unapprove")
            .WithSummary("Withdraw an approval; the parent's must be withdrawn first");
        approvals.MapGet("/{period}", Get).Allow(Access.Everyone).WithName("GetApproval")
            .WithSummary("Whether a unit is approved for a period: {unit, period, approved, approvedBy, approvedAt}");
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
        var (current, bad) = await Current(code, period, grains);
        return bad ?? (Results<Ok<ApprovalStateView>, ProblemHttpResult>)TypedResults.Ok(ApprovalStateView.Of(code, current.Period, current.Approval));
    }

    /// <summary>The normalized period and the approval held now, or the problem with the code or period.</summary>
    private static async Task<((string Period, ApprovalView? Approval) Current, ProblemHttpResult? Bad)> Current(
        string code, string period, IGrainFactory grains)
    {
        var (normalized, bad) = Problems.CheckUnitAndPeriod(code, period);
        if (bad is not null)
        {
            return (default, bad);
        }
        if (await grains.GetGrain<IUnitGrain>(code).GetInfo() is not { } info)
        {
            return (default, Problems.UnitNotFound(code));
        }
        var approval = info.IsLeaf
            ? await grains.GetGrain<ICommuneGrain>(code).GetApproval(normalized!)
            : await grains.GetGrain<IApprovalGrain>(GrainKeys.Approval(code, normalized!)).Get();
        return ((normalized!, approval), null);
    }

    private static async Task<Results<Ok<ApprovalStateView>, ProblemHttpResult>> Change(
        string code, string period, IGrainFactory grains, Func<UnitInfo, string, Task<ApprovalResult>> change)
    {
        var (normalized, bad) = Problems.CheckUnitAndPeriod(code, period);
        if (bad is not null)
        {
            return bad;
        }
        if (await grains.GetGrain<IUnitGrain>(code).GetInfo() is not { } info)
        {
            return Problems.UnitNotFound(code);
        }
        var result = await change(info, normalized!);
        return result.Status switch
        {
            ApprovalStatus.Approved or ApprovalStatus.Unapproved => TypedResults.Ok(ApprovalStateView.Of(code, normalized!, result.Approval)),
            ApprovalStatus.UnitNotFound => Problems.UnitNotFound(code),
            _ => Problems.Validation(result.Errors, StatusCodes.Status409Conflict, "Approval order"),
        };
    }
}
