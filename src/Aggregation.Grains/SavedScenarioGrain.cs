using Aggregation.Domain.Scenarios;
using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Units;

namespace Aggregation.Grains;

public sealed class SavedScenarioState
{
    public bool Exists { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The scenario's unit as its key text (<see cref="GrainKeys.Unit"/>): the code, for a unit of the default tree.</summary>
    public string Unit { get; set; } = "";
    public string Period { get; set; } = "";
    public List<StoredOverride> Overrides { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Every create, update and delete of this scenario, with who; kept after a delete.</summary>
    public List<AuditEntry> Audit { get; set; } = [];
}

public sealed class StoredOverride
{
    public string Unit { get; set; } = "";
    public string Element { get; set; } = "";
    public string Kind { get; set; } = "";
    public decimal Amount { get; set; }
}

public sealed class SavedScenarioGrain(
    [PersistentState("scenario", StorageNames.Default)] IPersistentState<SavedScenarioState> state,
    TimeProvider clock) : Grain, ISavedScenarioGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<SavedScenarioOutcome> Save(ScenarioDefinition definition, bool mustExist, KeyPrincipal by)
    {
        if (mustExist && !state.State.Exists)
        {
            return new SavedScenarioOutcome(null, [Refusal.Of(RefusalKind.NotFound, FieldRules.ScenarioNotFound(Id).At("id"))]);
        }
        // A scenario is saved only if it evaluates now: the same checks as a one-shot what-if.
        var check = await GrainFactory.GetGrain<IWhatIfGrain>(0).Evaluate(definition.Unit, Period.Parse(definition.Period), definition.Overrides);
        if (check.Refusals.Count > 0)
        {
            return new SavedScenarioOutcome(null, check.Refusals);
        }
        var now = clock.GetUtcNow();
        var created = !state.State.Exists;
        var previous = created ? null : Definition(View());
        if (created)
        {
            // Listed before it is stored: a crash in between leaves an id that lists as nothing, never a scenario no list shows.
            await GrainFactory.GetGrain<IScenarioIndexGrain>(0).Add(Id);
        }
        state.State = new SavedScenarioState
        {
            Exists = true,
            Name = definition.Name,
            Unit = GrainKeys.Unit(definition.Unit),
            Period = definition.Period,
            Overrides = definition.Overrides.Select(o => new StoredOverride { Unit = o.Unit, Element = o.Element, Kind = o.Kind.ToString().ToLowerInvariant(), Amount = o.Amount }).ToList(),
            CreatedAt = created ? now : state.State.CreatedAt,
            UpdatedAt = now,
            Audit = state.State.Audit,
        };
        await this.Write(GrainFactory, state, state.State.Audit, AuditSubjects.Scenario(Id), AuditEntry.Of(
            now, by, "scenario", created ? "create" : "update", definition.Unit.Code, definition.Period, Id, Definition(View()), previous));
        return new SavedScenarioOutcome(View(), []);
    }

    public Task<IReadOnlyList<AuditEntry>> GetAudit() => AuditedWrite.Trail(state.State.Audit);

    /// <summary>What the audit trail keeps of a scenario: its definition, not its timestamps.</summary>
    private static object Definition(ScenarioView s) => new { s.Name, s.Unit, s.Period, s.Overrides };

    public Task<ScenarioView?> Get() => Task.FromResult(state.State.Exists ? View() : null);

    /// <summary>Deletes the definition; the audit trail stays stored, so the deletion and what came before remain traceable.</summary>
    public async Task<bool> Delete(KeyPrincipal by)
    {
        if (!state.State.Exists)
        {
            return false;
        }
        var deleted = View();
        state.State = new SavedScenarioState { Audit = state.State.Audit };
        await this.Write(GrainFactory, state, state.State.Audit, AuditSubjects.Scenario(Id), AuditEntry.Of(
            clock.GetUtcNow(), by, "scenario", "delete", deleted.Unit, deleted.Period, Id, null, Definition(deleted)));
        await GrainFactory.GetGrain<IScenarioIndexGrain>(0).Remove(Id);
        return true;
    }

    public async Task<ScenarioOutcome?> Evaluate() => state.State.Exists
        ? await GrainFactory.GetGrain<IWhatIfGrain>(0).Evaluate(Unit, Period.Parse(state.State.Period), Overrides())
        : null;

    private List<OverrideSpec> Overrides() => state.State.Overrides.Select(o => new OverrideSpec(o.Unit, o.Element, Enum.Parse<OverrideKind>(o.Kind, ignoreCase: true), o.Amount)).ToList();

    private UnitKey Unit => UnitKey.Parse(state.State.Unit);

    /// <summary>The scenario as shown: its unit's tree is named unless it is the default tree (an installation without trees).</summary>
    private ScenarioView View() => new(Id, state.State.Name, Unit.Code, state.State.Period,
        Overrides().Select(OverrideView.From).ToList(), state.State.CreatedAt, state.State.UpdatedAt,
        Unit.IsInDefaultTree ? null : Unit.Tree);
}

public sealed class ScenarioIndexGrain(
    [PersistentState("scenario-index", StorageNames.Default)] IPersistentState<IdListState> state) : IdListGrain(state), IScenarioIndexGrain;
