namespace Aggregation.Grains;

public sealed class IdListState
{
    public List<string> Ids { get; set; } = [];
}

/// <summary>
/// A stored list of ids, oldest first, that a listing starts from (keys, saved scenarios, audit-log
/// grains, root units). Adding an id already there or removing one that is not writes nothing.
/// </summary>
public abstract class IdListGrain(IPersistentState<IdListState> state) : Grain
{
    /// <summary>The stored list, for a grain that fills it itself (<see cref="UnitRootsGrain"/>).</summary>
    protected IPersistentState<IdListState> Stored => state;

    public async Task Add(string id)
    {
        if (!state.State.Ids.Contains(id))
        {
            state.State.Ids.Add(id);
            await state.WriteStateAsync();
        }
    }

    public async Task Remove(string id)
    {
        if (state.State.Ids.Remove(id))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>(state.State.Ids.ToList());
}
