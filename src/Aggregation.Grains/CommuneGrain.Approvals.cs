using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Temporal;

namespace Aggregation.Grains;

/// <summary>
/// A leaf's approvals: a lock on a period's latest report, kept with its audit trail in the leaf's own state.
/// A period the leaf did not report but derives from sub-periods is approved when every report it comes from
/// is, and locked then too; it is never approved or unapproved itself.
/// </summary>
public sealed partial class CommuneGrain
{
    public async Task<ApprovalResult> Approve(Period period, KeyPrincipal by)
    {
        var unit = await Unit.GetInfo();
        if (unit is null)
        {
            return ApprovalResult.Refused(Refusal.UnitNotFound(Code));
        }
        if (OnOtherTree(period) is { } otherTree)
        {
            return ApprovalResult.Refused(otherTree);
        }
        var timeline = Timeline();
        if (Approved(period, timeline) is { } existing)
        {
            return ApprovalResult.Done(existing);
        }
        if (_reservations.ContainsKey(period))
        {
            return ApprovalResult.Refused(PeriodBusy(period));
        }
        if (Latest(period) is null)
        {
            return ApprovalResult.Refused(timeline.ValueFor(period) is { } derived
                ? new(RefusalKind.Conflict, "period", RefusalCodes.DerivedPeriod,
                    $"{period} of unit '{Code}' is derived from its reports for {Listed(derived.Sources)}; approve those " +
                    $"({Listed(derived.Sources.Where(s => ApprovalOf(s) is null))} not yet) and {period} is approved with them")
                : new(RefusalKind.Conflict, "period", RefusalCodes.NothingToApprove, $"unit '{Code}' has no report for {period} to approve"));
        }
        var approval = new StoredApproval { ApprovedBy = by.Signature(), ApprovedAt = clock.GetUtcNow() };
        await ChangeApproval(period, approval, unit.Parent, by);
        return ApprovalResult.Done(View(period, approval));
    }

    public async Task<ApprovalResult> Unapprove(Period period, KeyPrincipal by)
    {
        var unit = await Unit.GetInfo();
        if (unit is null)
        {
            return ApprovalResult.Refused(Refusal.UnitNotFound(Code));
        }
        if (ApprovalOf(period) is not null)
        {
            await ChangeApproval(period, null, unit.Parent, by);
        }
        else if (Approved(period, Timeline()) is { Derived: true })
        {
            return ApprovalResult.Refused(new(RefusalKind.Conflict, "period", RefusalCodes.DerivedPeriod,
                $"{period} of unit '{Code}' is approved because its reports for {Listed(Timeline().ValueFor(period)!.Sources)} are; unapprove one of those instead"));
        }
        return ApprovalResult.Done(null);
    }

    public Task<ApprovalView?> GetApproval(Period period) => Task.FromResult(Approved(period, Timeline()));

    public Task<IReadOnlyList<Period>> GetSources(Period period) => Task.FromResult(Timeline().ValueFor(period)?.Sources ?? []);

    public Task<IReadOnlyList<AuditEntry>> GetAudit() => AuditedWrite.Trail(state.State.ApprovalAudit);

    /// <summary>
    /// Stores the approval and its audit entry with a new contribution version (one write), then
    /// publishes: the rollups above see a newer version and count the leaf as approved (or no longer).
    /// </summary>
    private async Task ChangeApproval(Period period, StoredApproval? approval, string? parent, KeyPrincipal by)
    {
        var contributed = Before(period, nextYear: false);
        var approvals = state.State.Approvals ??= [];
        var key = period.ToString();
        var before = approvals.GetValueOrDefault(key);
        var subject = AuditSubjects.LeafApproval(Key);
        var entry = AuditEntry.Of(approval?.ApprovedAt ?? clock.GetUtcNow(), by, "approval", approval is null ? "unapprove" : "approve", Code, key, null,
            ApprovalStateView.Of(Code, key, approval is null ? null : View(period, approval)),
            ApprovalStateView.Of(Code, key, before is null ? null : View(period, before)));
        await AuditedWrite.Note(GrainFactory, subject, entry);
        var trail = state.State.ApprovalAudit ??= [];
        trail.Add(entry);
        if (approval is null)
        {
            approvals.Remove(key);
        }
        else
        {
            approvals[key] = approval;
        }
        await WriteNewVersion(() =>
        {
            trail.RemoveAt(trail.Count - 1);
            if (before is null)
            {
                approvals.Remove(key);
            }
            else
            {
                approvals[key] = before;
            }
        });
        await PublishChanged(contributed, parent);
    }

    private StoredApproval? ApprovalOf(Period period) => state.State.Approvals?.GetValueOrDefault(period.ToString());

    /// <summary>
    /// The period's approval: its own, or for a derived period, when every report it comes from is approved,
    /// the last of those approvals (by time), marked derived. A reported period's value is its own report, so only its own approval counts.
    /// </summary>
    private ApprovalView? Approved(Period period, LeafTimeline timeline)
    {
        if (state.State.Approvals is not { Count: > 0 })
        {
            // Nothing approved: neither the period nor anything it could be derived from (no need to derive it).
            return null;
        }
        if (ApprovalOf(period) is { } own)
        {
            return View(period, own);
        }
        if (timeline.ValueFor(period) is not { Derived: true } value || value.Sources.Select(ApprovalOf).ToList() is not { } approvals || approvals.Contains(null))
        {
            return null;
        }
        var last = approvals.MaxBy(a => a!.ApprovedAt)!;
        return new ApprovalView(Code, period.ToString(), last.ApprovedBy, last.ApprovedAt, Derived: true);
    }

    private static string Listed(IEnumerable<Period> periods) => string.Join(", ", periods);

    private ApprovalView View(Period period, StoredApproval approval) => new(Code, period.ToString(), approval.ApprovedBy, approval.ApprovedAt);
}
