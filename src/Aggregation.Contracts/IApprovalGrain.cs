using Aggregation.Domain.Periods;
using Orleans.Concurrency;

namespace Aggregation.Contracts;

/// <summary>
/// The approval of a non-leaf unit for a period (key: <see cref="GrainKeys.Approval"/>). A leaf's
/// approval lives in its <see cref="ICommuneGrain"/>, where it cannot interleave with a submission.
/// </summary>
[Alias("agg.IApprovalGrain")]
public interface IApprovalGrain : IGrainWithStringKey, IAuditSubject
{
    /// <summary>Approves the unit once every child is approved; otherwise names the children that are not.</summary>
    [Alias("Approve")]
    Task<ApprovalResult> Approve(KeyPrincipal by);

    /// <summary>
    /// Withdraws the approval. A unit with a parent is unapproved only through the parent's
    /// <see cref="UnapproveChild"/>, which keeps the order; a root unit directly.
    /// </summary>
    [Alias("Unapprove")]
    Task<ApprovalResult> Unapprove(KeyPrincipal by);

    /// <summary>
    /// Withdraws a child's approval unless this unit is approved (that must be undone first). Runs in
    /// this grain's turn, like <see cref="Approve"/>, so approving this unit and unapproving one of its
    /// children never interleave: this unit is never left approved over an unapproved child. A leaf child's
    /// report is unapproved through <see cref="UnapproveLeafChild"/>, which also keeps the periods derived from it.
    /// </summary>
    [Alias("UnapproveChild")]
    Task<ApprovalResult> UnapproveChild(string child, KeyPrincipal by);

    /// <summary>
    /// Withdraws a leaf child's approval of <paramref name="period"/>, one step of a chain through this unit's
    /// approval grains of every period containing it (<paramref name="then"/>: the rest, in ordinal order of their ids,
    /// so chains never wait on each other in a circle). Each refuses while this unit is approved for its period and
    /// the leaf's value for it comes from <paramref name="period"/>; the last step withdraws the leaf's approval. Every
    /// grain of the chain stays in its turn until then, so none of those periods is approved over the leaf meanwhile.
    /// </summary>
    [Alias("UnapproveLeafChild")]
    Task<ApprovalResult> UnapproveLeafChild(string child, Period period, IReadOnlyList<Period> then, KeyPrincipal by);

    /// <summary>The approval, or null when the unit is not approved for the period.</summary>
    [AlwaysInterleave, Alias("Get")]
    Task<ApprovalView?> Get();
}

/// <summary>
/// Who approved a unit's period, and when. <paramref name="Derived"/>: a leaf's period derived from its reports for
/// sub-periods, approved because every one of those is; who and when are of the last of their approvals.
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.approval")]
public sealed record ApprovalView(
    [property: Id(0)] string Unit, [property: Id(1)] string Period, [property: Id(2)] string ApprovedBy, [property: Id(3)] DateTimeOffset ApprovedAt,
    [property: Id(4)] bool Derived = false);

/// <summary>An approval as the API and the audit trail show it.</summary>
[GenerateSerializer, Immutable, Alias("agg.approval-state")]
public sealed record ApprovalStateView(
    [property: Id(0)] string Unit, [property: Id(1)] string Period, [property: Id(2)] bool Approved,
    [property: Id(3)] string? ApprovedBy, [property: Id(4)] DateTimeOffset? ApprovedAt, [property: Id(5)] bool Derived = false)
{
    public static ApprovalStateView Of(string unit, string period, ApprovalView? approval) =>
        new(unit, period, approval is not null, approval?.ApprovedBy, approval?.ApprovedAt, approval?.Derived ?? false);
}

/// <summary>
/// The approval after approving (null after unapproving), or the refusal: a leaf without a report
/// (<c>nothing_to_approve</c>), a leaf's derived period (<c>derived_period</c>), the order broken
/// (<c>children_not_approved</c>, <c>parent_approved</c>), an import's hold (<c>period_busy</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.approval-result")]
public sealed record ApprovalResult(
    [property: Id(1)] ApprovalView? Approval,
    [property: Id(3)] IReadOnlyList<Refusal> Refusals)
{
    public static ApprovalResult Done(ApprovalView? approval) => new(approval, []);

    public static ApprovalResult Refused(Refusal refusal) => new(null, [refusal]);
}
