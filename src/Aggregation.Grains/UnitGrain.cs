using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Units;

namespace Aggregation.Grains;

/// <summary>Stored form of a unit. Leaf counts are not stored: they are pulled from the children on activation.</summary>
public sealed class UnitState
{
    public bool Exists { get; set; }
    public string Name { get; set; } = "";
    public string Level { get; set; } = "";
    public string? Parent { get; set; }
    public List<string> Children { get; set; } = [];

    /// <summary>Every create and update of this unit, with who and the value before.</summary>
    public List<AuditEntry> Audit { get; set; } = [];
}

public sealed class UnitGrain(
    [PersistentState("unit", StorageNames.Default)] IPersistentState<UnitState> state,
    TimeProvider clock) : Grain, IUnitGrain
{
    private readonly Dictionary<string, ChildSummary> _children = [];

    private string Code => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var infos = await Task.WhenAll(state.State.Children.Select(c => GrainFactory.GetGrain<IUnitGrain>(c).GetInfo()));
        foreach (var info in infos.OfType<UnitInfo>())
        {
            _children[info.Code] = Summary(info);
        }
    }

    public Task<UnitInfo?> GetInfo() => Task.FromResult(state.State.Exists ? Info() : null);

    public Task<IReadOnlyList<AuditEntry>> GetAudit() => AuditedWrite.Trail(state.State.Audit);

    public async Task<UnitChange> Upsert(UnitInput input, KeyPrincipal by)
    {
        var problems = new UnitDefinition(Code, input.Name, input.Level, input.Parent).Problems();
        if (problems.Count > 0)
        {
            return new UnitChange(UnitChangeStatus.Invalid, null, problems.ToDictionary(p => p.Key, p => new[] { p.Value }));
        }
        if (input.Parent is { } parent && await CheckNewParent(parent) is { } refusal)
        {
            return refusal;
        }
        var created = !state.State.Exists;
        var oldParent = state.State.Parent;
        if (!created && oldParent != input.Parent && await CheckNoApprovalMoves(oldParent, input.Parent) is { } locked)
        {
            return locked;
        }
        var before = Summary(Info());
        var previous = created ? null : Audited(state.State);
        state.State.Exists = true;
        state.State.Name = input.Name.Trim();
        state.State.Level = input.Level.Trim();
        state.State.Parent = input.Parent;
        await this.Write(GrainFactory, state, state.State.Audit, AuditSubjects.Unit(Code),
            AuditEntry.Of(clock.GetUtcNow(), by, "unit", created ? "create" : "update", Code, null, null, Audited(state.State), previous));

        if (created || oldParent != input.Parent)
        {
            await Move(created ? null : oldParent, input.Parent, hasData: !created);
        }
        else
        {
            // The parent lists its children by name (comparisons, what-if): a rename reaches it.
            await TellParentIfChanged(before);
        }
        if ((created && input.Parent is null) || (!created && (oldParent is null) != (input.Parent is null)))
        {
            await GrainFactory.GetGrain<IUnitRootsGrain>(0).Set(Code, input.Parent is null);
        }
        return new UnitChange(created ? UnitChangeStatus.Created : UnitChangeStatus.Updated, Info(), new Dictionary<string, string[]>());
    }

    public async Task AttachChild(ChildSummary child)
    {
        var before = Summary(Info());
        if (!state.State.Children.Contains(child.Code))
        {
            state.State.Children.Add(child.Code);
            await state.WriteStateAsync();
        }
        _children[child.Code] = child;
        await TellParentIfChanged(before);
    }

    public async Task DetachChild(string child)
    {
        var before = Summary(Info());
        if (state.State.Children.Remove(child))
        {
            await state.WriteStateAsync();
        }
        _children.Remove(child);
        await TellParentIfChanged(before);
    }

    public async Task<IReadOnlyList<string>> GetDataPeriods()
    {
        if (_children.Count == 0)
        {
            return await GrainFactory.GetGrain<ICommuneGrain>(Code).GetPeriods();
        }
        var perChild = await Task.WhenAll(_children.Keys.Select(c => GrainFactory.GetGrain<IUnitGrain>(c).GetDataPeriods()));
        return perChild.SelectMany(p => p).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private async Task<UnitChange?> CheckNewParent(string parent)
    {
        var info = await GrainFactory.GetGrain<IUnitGrain>(parent).GetInfo();
        if (info is null)
        {
            return UnitChange.Fail(UnitChangeStatus.ParentNotFound, "parent", $"unit '{parent}' does not exist");
        }
        if (await GrainFactory.IsAtOrUnder(parent, Code))
        {
            return UnitChange.Fail(UnitChangeStatus.Invalid, "parent", $"'{parent}' is under '{Code}': the move would make a cycle");
        }
        if (info.IsLeaf && (await GrainFactory.GetGrain<ICommuneGrain>(parent).GetPeriods()).Count > 0)
        {
            return UnitChange.Fail(UnitChangeStatus.Conflict, "parent", $"unit '{parent}' has reports of its own and cannot take children");
        }
        return null;
    }

    /// <summary>
    /// Approved data is locked: a move would change the totals of an approved old parent, or put data
    /// that is not all approved under an approved new parent. An approved ancestor implies an approved
    /// parent (approval goes bottom-up), so the two parents are all there is to ask.
    /// </summary>
    private async Task<UnitChange?> CheckNoApprovalMoves(string? oldParent, string? newParent)
    {
        var periods = await GetDataPeriods();
        foreach (var parent in new[] { oldParent, newParent }.OfType<string>())
        {
            var approvals = await Task.WhenAll(periods.Select(p => GrainFactory.GetGrain<IApprovalGrain>(GrainKeys.Approval(parent, p)).Get()));
            if (approvals.OfType<ApprovalView>().FirstOrDefault() is { } approved)
            {
                return UnitChange.Fail(UnitChangeStatus.Conflict, "parent",
                    $"unit '{parent}' is approved for {approved.Period}; unapprove it before moving unit '{Code}'");
            }
        }
        return null;
    }

    /// <summary>
    /// Re-parents the unit: the old parent drops it (and its data, period by period),
    /// the new parent adopts it, and the unit's data is sent to the new ancestors.
    /// </summary>
    private async Task Move(string? oldParent, string? newParent, bool hasData)
    {
        var periods = hasData ? await GetDataPeriods() : [];
        if (oldParent is not null)
        {
            await GrainFactory.GetGrain<IUnitGrain>(oldParent).DetachChild(Code);
            await Task.WhenAll(periods.Select(p => GrainFactory.GetGrain<IRollupGrain>(GrainKeys.Rollup(oldParent, Period.Parse(p))).Forget(Code)));
        }
        if (newParent is not null)
        {
            await GrainFactory.GetGrain<IUnitGrain>(newParent).AttachChild(Summary(Info()));
            if (!hasData)
            {
                return;
            }
            if (_children.Count == 0)
            {
                await GrainFactory.GetGrain<ICommuneGrain>(Code).Republish();
            }
            else
            {
                await Task.WhenAll(periods.Select(p => GrainFactory.GetGrain<IRollupGrain>(GrainKeys.Rollup(Code, Period.Parse(p))).Republish()));
            }
        }
    }

    private async Task TellParentIfChanged(ChildSummary before)
    {
        var after = Summary(Info());
        if (state.State.Parent is { } parent && after != before)
        {
            await GrainFactory.GetGrain<IUnitGrain>(parent).AttachChild(after);
        }
    }

    /// <summary>What the audit trail keeps of a unit.</summary>
    private static object Audited(UnitState s) => new { s.Name, s.Level, s.Parent };

    private UnitInfo Info() => new(
        Code, state.State.Name, state.State.Level, state.State.Parent,
        _children.Values.OrderBy(c => c.Code, StringComparer.Ordinal).ToList(),
        _children.Count == 0 ? 1 : _children.Values.Sum(c => c.LeafCount));

    private static ChildSummary Summary(UnitInfo info) => new(info.Code, info.LeafCount, info.IsLeaf, info.Name);
}
