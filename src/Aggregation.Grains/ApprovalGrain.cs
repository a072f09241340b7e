using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Units;
using Aggregation.Domain.Rules;

namespace Aggregation.Grains;

public sealed class ApprovalState
{
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }

    /// <summary>Every approve and unapprove of this unit's period, with who.</summary>
    public List<AuditEntry> Audit { get; set; } = [];
}

/// <summary>
/// A non-leaf unit's approval for a period. Order is kept at both ends: approving needs every child
/// approved; a child is unapproved only through its parent's grain (<see cref="UnapproveChild"/>),
/// which refuses while the parent is approved. Both run in this grain's turn, so they never interleave.
/// A leaf child's approval of a period also holds up every period its values derive from it for
/// (<see cref="UnapproveLeafChild"/>): a district approved for a quarter its communes reported by month
/// keeps those months approved.
/// </summary>
public sealed class ApprovalGrain(
    [PersistentState("approval", StorageNames.Default)] IPersistentState<ApprovalState> state,
    TimeProvider clock) : Grain, IApprovalGrain
{
    private (UnitKey Unit, Period Period) Key => GrainKeys.ParseApproval(this.GetPrimaryKeyString());

    public async Task<ApprovalResult> Approve(KeyPrincipal by)
    {
        var (unit, period) = Key;
        if (await GrainFactory.Unit(unit).GetInfo() is not { } info)
        {
            return ApprovalResult.Refused(Refusal.UnitNotFound(unit.Code));
        }
        if (Current() is { } approved)
        {
            return ApprovalResult.Done(approved);
        }
        var states = await Task.WhenAll(info.Children.Select(async c =>
            (c.Code, Approved: await GrainFactory.InPeriod(c, unit, period).GetApproval() is not null)));
        var missing = states.Where(s => !s.Approved).Select(s => s.Code).ToList();
        if (missing.Count > 0)
        {
            return ApprovalResult.Refused(new(RefusalKind.Conflict, "children", RefusalCodes.ChildrenNotApproved,
                $"not approved for {period}: {string.Join(", ", missing)}"));
        }
        await Change(by, "approve", clock.GetUtcNow());
        return ApprovalResult.Done(Current());
    }

    public async Task<ApprovalResult> Unapprove(KeyPrincipal by)
    {
        var (unit, _) = Key;
        if (await GrainFactory.Unit(unit).GetInfo() is null)
        {
            return ApprovalResult.Refused(Refusal.UnitNotFound(unit.Code));
        }
        if (state.State.ApprovedAt is not null)
        {
            await Change(by, "unapprove", null);
        }
        return ApprovalResult.Done(null);
    }

    public async Task<ApprovalResult> UnapproveChild(string child, KeyPrincipal by)
    {
        var (unit, period) = Key;
        if (Current() is not null)
        {
            return ApprovalResult.Refused(new(RefusalKind.Conflict, "period", RefusalCodes.ParentApproved, $"unit '{unit.Code}' is approved for {period}; unapprove it before unit '{child}'"));
        }
        return await GrainFactory.Unit(unit.WithCode(child)).GetInfo() is { } info
            ? await GrainFactory.InPeriod(unit.WithCode(child), info, period).Withdraw(by)
            : ApprovalResult.Refused(Refusal.UnitNotFound(child));
    }

    public async Task<ApprovalResult> UnapproveLeafChild(string child, Period period, IReadOnlyList<Period> then, KeyPrincipal by)
    {
        var (unit, own) = Key;
        if (Current() is not null)
        {
            if (own == period)
            {
                return ApprovalResult.Refused(new(RefusalKind.Conflict, "period", RefusalCodes.ParentApproved, $"unit '{unit.Code}' is approved for {own}; unapprove it before unit '{child}'"));
            }
            // While this unit is approved the leaf's value for this period is approved too, so its sources are locked and stay as read here.
            if ((await GrainFactory.Commune(unit.WithCode(child)).GetSources(own)).Contains(period))
            {
                return ApprovalResult.Refused(new(RefusalKind.Conflict, "period", RefusalCodes.ParentApproved,
                    $"unit '{unit.Code}' is approved for {own}, which unit '{child}' derives from its {period}; unapprove {own} of unit '{unit.Code}' first"));
            }
        }
        return then.Count > 0
            ? await GrainFactory.Approval(unit, then[0]).UnapproveLeafChild(child, period, then.Skip(1).ToList(), by)
            : await GrainFactory.Commune(unit.WithCode(child)).Unapprove(period, by);
    }

    public Task<ApprovalView?> Get() => Task.FromResult(Current());

    public Task<IReadOnlyList<AuditEntry>> GetAudit() => AuditedWrite.Trail(state.State.Audit);

    /// <summary>Approves (at a time) or unapproves (null), storing the audit entry with the change.</summary>
    private async Task Change(KeyPrincipal by, string action, DateTimeOffset? approvedAt)
    {
        var (unit, period) = Key;
        var before = ApprovalStateView.Of(unit.Code, period.ToString(), Current());
        state.State.ApprovedBy = approvedAt is null ? null : by.Signature();
        state.State.ApprovedAt = approvedAt;
        var after = ApprovalStateView.Of(unit.Code, period.ToString(), Current());
        await this.Write(GrainFactory, state, state.State.Audit, AuditSubjects.Approval(unit, period),
            AuditEntry.Of(approvedAt ?? clock.GetUtcNow(), by, "approval", action, unit.Code, period.ToString(), null, after, before));
    }

    private ApprovalView? Current() => state.State.ApprovedAt is { } at ? new ApprovalView(Key.Unit.Code, Key.Period.ToString(), state.State.ApprovedBy ?? "", at) : null;
}
