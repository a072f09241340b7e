using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Units;
using Microsoft.Extensions.Logging;

namespace Aggregation.Grains;

public sealed partial class UnitGrain(
    [PersistentState("unit", StorageNames.Default)] IPersistentState<UnitState> state,
    TimeProvider clock,
    ILogger<UnitGrain> logger) : Grain, IUnitGrain
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, ChildSummary> _children = [];
    private IGrainTimer? _completeMove;

    private UnitKey Key => UnitKey.Parse(this.GetPrimaryKeyString());

    private string Code => Key.Code;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var infos = await Task.WhenAll(state.State.Children.Select(c => GrainFactory.Unit(Key.WithCode(c)).GetInfo()));
        foreach (var info in infos.OfType<UnitInfo>())
        {
            _children[info.Code] = Summary(info);
        }
        if (state.State.Moving is not null)
        {
            ScheduleMoveCompletion();
        }
    }

    public Task<UnitInfo?> GetInfo() => Task.FromResult(state.State.Exists ? Info() : null);

    public Task<IReadOnlyList<AuditEntry>> GetAudit() => AuditedWrite.Trail(state.State.Audit);

    // The commune checks that the unit exists and is a leaf; while this turn lasts no child can be adopted.
    public Task<SubmitResult> Submit(Period period, ReportSubmission submission) =>
        GrainFactory.Commune(Key).Submit(period, submission, state.State.Exists ? Info() : null);

    public Task<SubmitResult> Prepare(Period period, ReportSubmission submission, string importId) =>
        GrainFactory.Commune(Key).Prepare(period, submission, importId, state.State.Exists ? Info() : null);

    public async Task<UnitChange> Upsert(UnitInput input, KeyPrincipal by, bool moveLockHeld)
    {
        var problems = new UnitDefinition(Code, input.Name, input.Level, input.Parent).Problems();
        if (problems.Count > 0)
        {
            return UnitChange.Refused(Refusal.Invalid(problems));
        }
        var created = !state.State.Exists;
        var oldParent = state.State.Parent;
        var newParent = created || oldParent != input.Parent;
        if (newParent && !created && !moveLockHeld)
        {
            return new UnitChange(UnitChangeStatus.NeedsMoveLock, null, []);
        }
        // A retry of a move that was stored but not carried through repairs it first.
        await CompleteMove();
        if (newParent && await CheckNewParent(input.Parent, created) is { } refusal)
        {
            return refusal;
        }
        var before = Summary(Info());
        var previous = created ? null : Audited(state.State);
        var after = before with { Name = input.Name.Trim() };
        // The new parent decides in its own turn whether it may take a child, before anything is stored here.
        if (newParent && input.Parent is { } parent && await GrainFactory.Unit(Key.WithCode(parent)).AttachChild(after) is { } refused)
        {
            return UnitChange.Refused(refused);
        }
        state.State.Exists = true;
        state.State.Name = input.Name.Trim();
        state.State.Level = input.Level.Trim();
        state.State.Parent = input.Parent;
        state.State.Kind = input.Kind ?? state.State.Kind;
        // A new unit is complete once stored (its parent adopted it above); a moved one still has data to carry.
        state.State.Moving = newParent && !created ? new PendingMove { From = oldParent } : null;
        try
        {
            await this.Write(GrainFactory, state, state.State.Audit, AuditSubjects.Unit(Key),
                AuditEntry.Of(clock.GetUtcNow(), by, "unit", created ? "create" : "update", Code, null, null, Audited(state.State), previous));
        }
        catch when (newParent && input.Parent is not null)
        {
            await GrainFactory.Unit(Key.WithCode(input.Parent)).DetachChild(Code);
            throw;
        }
        if (created)
        {
            if (input.Parent is null)
            {
                await GrainFactory.GetGrain<IUnitRootsGrain>(0).Set(Key, true);
            }
        }
        else if (newParent)
        {
            // The change is stored: finishing it may fail and is then retried, never reported as a failure.
            await TryCompleteMove();
        }
        else
        {
            // The parent lists its children by name (comparisons, what-if): a rename reaches it.
            await TellParentIfChanged(before);
        }
        await TellShape();
        return new UnitChange(created ? UnitChangeStatus.Created : UnitChangeStatus.Updated, Info(), []);
    }

    public async Task<UnitInfo?> Create(NewUnit unit, KeyPrincipal by, DateTimeOffset at)
    {
        if (state.State.Exists && state.State.Parent != unit.Parent)
        {
            return null;
        }
        // Exists with the same parent: a load that stopped part way and is run again; its new children join.
        state.State.Exists = true;
        state.State.Name = unit.Name;
        state.State.Level = unit.Level;
        state.State.Parent = unit.Parent;
        state.State.Kind = unit.Kind ?? state.State.Kind;
        foreach (var child in unit.Children)
        {
            if (!state.State.Children.Contains(child.Code))
            {
                state.State.Children.Add(child.Code);
            }
            _children[child.Code] = child;
        }
        state.State.Audit.Add(AuditEntry.Of(at, by, "unit", "create", Code, null, null, Audited(state.State), null));
        await state.WriteStateAsync();
        if (unit.Parent is null)
        {
            await GrainFactory.GetGrain<IUnitRootsGrain>(0).Set(Key, true);
        }
        await TellShape();
        return Info();
    }

    /// <summary>Gives the tree's shape the unit as stored; the change stands if this fails, and the shape is read afresh when its grain activates again.</summary>
    private async Task TellShape()
    {
        try
        {
            await GrainFactory.Shape(Key.Tree).Changed(new UnitDefinition(Code, state.State.Name, state.State.Level, state.State.Parent));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Telling the shape of tree {Tree} about {Unit} failed", Key.Tree, Code);
        }
    }

    public async Task<Refusal?> AttachChild(ChildSummary child)
    {
        if (!_children.ContainsKey(child.Code) && _children.Count == 0 && await GrainFactory.Commune(Key).HasData())
        {
            return new(RefusalKind.Conflict, "parent", RefusalCodes.HasReports, $"unit '{Code}' has reports of its own and cannot take children");
        }
        var before = Summary(Info());
        if (!state.State.Children.Contains(child.Code))
        {
            state.State.Children.Add(child.Code);
            await state.WriteStateAsync();
        }
        _children[child.Code] = child;
        await TellParentIfChanged(before);
        return null;
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

    public async Task<IReadOnlyList<Period>> GetDataPeriods()
    {
        if (_children.Count == 0)
        {
            return await GrainFactory.Commune(Key).GetPeriods();
        }
        var perChild = await Task.WhenAll(_children.Keys.Select(c => GrainFactory.Unit(Key.WithCode(c)).GetDataPeriods()));
        return perChild.SelectMany(p => p).Distinct().OrderBy(p => p.ToString(), StringComparer.Ordinal).ToList();
    }

    private async Task TellParentIfChanged(ChildSummary before)
    {
        var after = Summary(Info());
        if (state.State.Parent is { } parent && after != before)
        {
            await GrainFactory.Unit(Key.WithCode(parent)).AttachChild(after);
        }
    }

    /// <summary>What the audit trail keeps of a unit.</summary>
    private static object Audited(UnitState s) => new { s.Name, s.Level, s.Parent };

    private UnitInfo Info() => new(
        Code, state.State.Name, state.State.Level, state.State.Parent,
        _children.Values.OrderBy(c => c.Code, StringComparer.Ordinal).ToList(),
        _children.Count == 0 ? 1 : _children.Values.Sum(c => c.LeafCount),
        1 + _children.Values.Sum(c => c.UnitCount),
        state.State.Kind);

    private static ChildSummary Summary(UnitInfo info) => new(info.Code, info.LeafCount, info.IsLeaf, info.Name, info.UnitCount);
}
