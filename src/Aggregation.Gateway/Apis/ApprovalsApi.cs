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
            .WithSummary("Whether a unit is approved for a period: {unit, period, approved, approvedBy, approvedAt, derived}")
            .ProducesProblems(400, 404);
        return app;
    }

    private static Task<Results<Ok<ApprovalStateView>, ProblemHttpResult>> Approve(string code, string period, HttpContext http, IGrainFactory grains) =>
        Change(code, period, grains, unit => unit.Approve(http.User.Caller()));

    /// <summary>Below the top, through the parent's approval grain: it refuses while the parent is approved, in the same turn as approving the parent.</summary>
    private static Task<Results<Ok<ApprovalStateView>, ProblemHttpResult>> Unapprove(string code, string period, HttpContext http, IGrainFactory grains) =>
        Change(code, period, grains, unit => unit.Unapprove(http.User.Caller()));

    private static async Task<Results<Ok<ApprovalStateView>, ProblemHttpResult>> Get(string code, string period, IGrainFactory grains)
    {
        var (found, bad) = await Unit(code, period, grains);
        if (bad is not null)
        {
            return bad;
        }
        return TypedResults.Ok(ApprovalStateView.Of(code, found.Period.ToString(), await found.GetApproval()));
    }

    /// <summary>The unit in the normalized period, or the problem with the code or period.</summary>
    private static async Task<(UnitInPeriod Found, ProblemHttpResult? Bad)> Unit(string code, string period, IGrainFactory grains)
    {
        var (normalized, bad) = Problems.CheckUnitAndPeriod(code, period);
        if (bad is not null)
        {
            return (default, bad);
        }
        var unit = (await RequestUnits.Read(grains)).ForPeriod(code, normalized);
        return await grains.Unit(unit).GetInfo() is { } info
            ? (grains.InPeriod(unit, info, normalized), null)
            : (default, Problems.UnitNotFound(code));
    }

    private static async Task<Results<Ok<ApprovalStateView>, ProblemHttpResult>> Change(
        string code, string period, IGrainFactory grains, Func<UnitInPeriod, Task<ApprovalResult>> change)
    {
        var (found, bad) = await Unit(code, period, grains);
        if (bad is not null)
        {
            return bad;
        }
        var result = await change(found);
        return result.Refusals.Count > 0 ? Problems.Refused(result.Refusals) : TypedResults.Ok(ApprovalStateView.Of(code, found.Period.ToString(), result.Approval));
    }
}
