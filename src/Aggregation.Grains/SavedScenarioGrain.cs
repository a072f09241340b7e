using Aggregation.Contracts;

namespace Aggregation.Grains;

public sealed class SavedScenarioState
{
    public bool Exists { get; set; }
    public string Name { get; set; } = "";
    public string Unit { get; set; } = "";
    public string Period { get; set; } = "";
    public List<StoredOverride> Overrides { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
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

    public async Task<SavedScenarioOutcome> Save(ScenarioDefinition definition, bool mustExist)
    {
        if (mustExist && !state.State.Exists)
        {
            return new SavedScenarioOutcome(SavedScenarioStatus.NotFound, null, new Dictionary<string, string[]>());
        }
        // A scenario is saved only if it evaluates now: the same checks as a one-shot what-if.
        var check = await GrainFactory.GetGrain<IWhatIfGrain>(0).Evaluate(definition.Unit, definition.Period, definition.Overrides);
        if (check.Status != ScenarioStatus.Evaluated)
        {
            return new SavedScenarioOutcome(
                check.Status == ScenarioStatus.UnitNotFound ? SavedScenarioStatus.UnitNotFound : SavedScenarioStatus.Invalid, null, check.Errors);
        }
        var now = clock.GetUtcNow();
        var created = !state.State.Exists;
        state.State = new SavedScenarioState
        {
            Exists = true,
            Name = definition.Name,
            Unit = definition.Unit,
            Period = definition.Period,
            Overrides = definition.Overrides.Select(o => new StoredOverride { Unit = o.Unit, Element = o.Element, Kind = o.Kind, Amount = o.Amount }).ToList(),
            CreatedAt = created ? now : state.State.CreatedAt,
            UpdatedAt = now,
        };
        await state.WriteStateAsync();
        if (created)
        {
            await GrainFactory.GetGrain<IScenarioIndexGrain>(0).Add(Id);
        }
        return new SavedScenarioOutcome(SavedScenarioStatus.Saved, View(), new Dictionary<string, string[]>());
    }

    public Task<ScenarioView?> Get() => Task.FromResult(state.State.Exists ? View() : null);

    public async Task<bool> Delete()
    {
        if (!state.State.Exists)
        {
            return false;
        }
        await state.ClearStateAsync();
        state.State = new SavedScenarioState();
        await GrainFactory.GetGrain<IScenarioIndexGrain>(0).Remove(Id);
        return true;
    }

    public async Task<ScenarioOutcome?> Evaluate() => state.State.Exists
        ? await GrainFactory.GetGrain<IWhatIfGrain>(0).Evaluate(state.State.Unit, state.State.Period, Overrides())
        : null;

    private List<OverrideSpec> Overrides() => state.State.Overrides.Select(o => new OverrideSpec(o.Unit, o.Element, o.Kind, o.Amount)).ToList();

    private ScenarioView View() => new(Id, state.State.Name, state.State.Unit, state.State.Period,
        Overrides().Select(OverrideView.From).ToList(), state.State.CreatedAt, state.State.UpdatedAt);
}

public sealed class ScenarioIndexGrain(
    [PersistentState("scenario-index", StorageNames.Default)] IPersistentState<IdListState> state) : IdListGrain(state), IScenarioIndexGrain;
