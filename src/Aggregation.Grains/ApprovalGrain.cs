using Aggregation.Contracts;

namespace Aggregation.Grains;

public sealed class ApprovalState
{
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
}

/// <summary>
/// A non-leaf unit's approval for a period. Order is kept at both ends: approving needs every child
/// approved, unapproving needs the parent unapproved (children check this grain before they unapprove).
/// </summary>
public sealed class ApprovalGrain(
    [PersistentState("approval", StorageNames.Default)] IPersistentState<ApprovalState> state,
    TimeProvider clock) : Grain, IApprovalGrain
{
    private (string Unit, string Period) Key => GrainKeys.ParseApproval(this.GetPrimaryKeyString());

    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public async Task<ApprovalResult> Approve(string by)
    {
        var (unit, period) = Key;
        if (await GrainFactory.GetGrain<IUnitGrain>(unit).GetInfo() is not { } info)
        {
            return ApprovalResult.Fail(ApprovalStatus.UnitNotFound, "unit", $"unit '{unit}' does not exist");
        }
        if (Current() is { } approved)
        {
            return new ApprovalResult(ApprovalStatus.Approved, approved, NoErrors);
        }
        var states = await Task.WhenAll(info.Children.Select(async c => (c.Code, Approved: c.IsLeaf
            ? await GrainFactory.GetGrain<ICommuneGrain>(c.Code).GetApproval(period) is not null
            : await GrainFactory.GetGrain<IApprovalGrain>(GrainKeys.Approval(c.Code, period)).Get() is not null)));
        var missing = states.Where(s => !s.Approved).Select(s => s.Code).ToList();
        if (missing.Count > 0)
        {
            return new ApprovalResult(ApprovalStatus.ChildrenNotApproved, null, new Dictionary<string, string[]>
            {
                ["children"] = [$"not approved for {period}: {string.Join(", ", missing)}"],
            });
        }
        state.State = new ApprovalState { ApprovedBy = by, ApprovedAt = clock.GetUtcNow() };
        await state.WriteStateAsync();
        return new ApprovalResult(ApprovalStatus.Approved, Current(), NoErrors);
    }

    public async Task<ApprovalResult> Unapprove(string by)
    {
        var (unit, period) = Key;
        var info = await GrainFactory.GetGrain<IUnitGrain>(unit).GetInfo();
        if (info is null)
        {
            return ApprovalResult.Fail(ApprovalStatus.UnitNotFound, "unit", $"unit '{unit}' does not exist");
        }
        if (info.Parent is { } parent && await GrainFactory.GetGrain<IApprovalGrain>(GrainKeys.Approval(parent, period)).Get() is not null)
        {
            return ApprovalResult.Fail(ApprovalStatus.ParentApproved, "period", $"unit '{parent}' is approved for {period}; unapprove it before unit '{unit}'");
        }
        if (state.State.ApprovedAt is not null)
        {
            state.State = new ApprovalState();
            await state.WriteStateAsync();
        }
        return new ApprovalResult(ApprovalStatus.Unapproved, null, NoErrors);
    }

    public Task<ApprovalView?> Get() => Task.FromResult(Current());

    private ApprovalView? Current() => state.State.ApprovedAt is { } at ? new ApprovalView(Key.Unit, Key.Period, state.State.ApprovedBy ?? "", at) : null;
}
