using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rules;
using Microsoft.Extensions.Logging;

namespace Aggregation.Grains;

/// <summary>How a unit checks a new parent and carries a stored move through.</summary>
public sealed partial class UnitGrain
{
    /// <summary>
    /// Refuses a parent that does not exist, one that would make a cycle (moves are serialised, so the parents
    /// walked here are as stored), or a move out of or into a parent approved for a period the unit has data in.
    /// </summary>
    private async Task<UnitChange?> CheckNewParent(string? parent, bool created)
    {
        if (parent is not null)
        {
            if (await GrainFactory.Unit(Key.WithCode(parent)).GetInfo() is null)
            {
                return UnitChange.Refused(Refusal.Invalid(FieldRules.UnitNotFound(parent).At("parent") with { Code = RefusalCodes.ParentNotFound }));
            }
            if (await GrainFactory.IsAtOrUnder(Key.WithCode(parent), Code))
            {
                return UnitChange.Refused(new Refusal(RefusalKind.Invalid, "parent", RefusalCodes.Cycle, $"'{parent}' is under '{Code}': the move would make a cycle"));
            }
        }
        return created ? null : await CheckNoApprovalMoves(state.State.Parent, parent);
    }

    /// <summary>
    /// Approved data is locked: a move would change the totals of an approved old parent, or put data
    /// that is not all approved under an approved new parent. An approved ancestor implies an approved
    /// parent (approval goes bottom-up), so the two parents are all there is to ask. The periods asked are those
    /// the unit has data in and every period containing one, which a leaf's values can be derived for.
    /// </summary>
    private async Task<UnitChange?> CheckNoApprovalMoves(string? oldParent, string? newParent)
    {
        var periods = (await GetDataPeriods()).SelectMany(p => Period.AllOf(p.Year).Where(q => q.Contains(p))).Distinct().ToList();
        foreach (var parent in new[] { oldParent, newParent }.OfType<string>())
        {
            var approvals = await Task.WhenAll(periods.Select(p => GrainFactory.Approval(Key.WithCode(parent), p).Get()));
            if (approvals.OfType<ApprovalView>().FirstOrDefault() is { } approved)
            {
                return UnitChange.Refused(new Refusal(RefusalKind.Conflict, "parent", RefusalCodes.ParentApproved,
                    $"unit '{parent}' is approved for {approved.Period}; unapprove it before moving unit '{Code}'"));
            }
        }
        return null;
    }

    /// <summary>
    /// Carries a stored move through: the old parent drops the unit (and its data, period by period), the
    /// new parent is told again (idempotent), the unit's data reaches the new ancestors, and the root list
    /// follows. Every step is idempotent, so a move interrupted anywhere completes on the next try.
    /// </summary>
    private async Task CompleteMove()
    {
        if (state.State.Moving is not { } move)
        {
            return;
        }
        var periods = await GetDataPeriods();
        var parent = state.State.Parent;
        if (move.From is { } from && from != parent)
        {
            await GrainFactory.Unit(Key.WithCode(from)).DetachChild(Code);
            await Task.WhenAll(periods.Select(p => p.Year).Distinct().Select(year => GrainFactory.Rollup(Key.WithCode(from), year).Forget(Code)));
        }
        if (parent is not null)
        {
            await GrainFactory.Unit(Key.WithCode(parent)).AttachChild(Summary(Info()));
        }
        if (periods.Count > 0 && parent is not null)
        {
            await (_children.Count == 0
                ? GrainFactory.Commune(Key).Republish()
                : Task.WhenAll(periods.Select(p => p.Year).Distinct().Select(year => GrainFactory.Rollup(Key, year).Republish())));
        }
        await GrainFactory.GetGrain<IUnitRootsGrain>(0).Set(Key, parent is null);
        state.State.Moving = null;
        await state.WriteStateAsync();
    }

    private async Task TryCompleteMove()
    {
        try
        {
            await CompleteMove();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Completing the move of {Unit} failed; retrying", Code);
            ScheduleMoveCompletion();
        }
    }

    private void ScheduleMoveCompletion() =>
        _completeMove ??= this.RegisterGrainTimer(async _ =>
        {
            await CompleteMove();
            _completeMove?.Dispose();
            _completeMove = null;
        }, new GrainTimerCreationOptions(TimeSpan.Zero, RetryEvery));
}
