using System.Text.Json.Serialization;

namespace Aggregation.Grains;

public sealed class IdListState
{
    public List<string> Ids { get; set; } = [];

    /// <summary>Where the root list (<c>roots</c>) and the audit index (<c>logs</c>) kept their ids before they shared this shape; read once into <see cref="Ids"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Roots { get; set; }

    /// <inheritdoc cref="Roots"/>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Logs { get; set; }

    /// <summary>Moves ids stored under an earlier name into <see cref="Ids"/>; the next write stores them there.</summary>
    public void TakeEarlierIds()
    {
        foreach (var id in (Roots ?? []).Concat(Logs ?? []).Where(id => !Ids.Contains(id)))
        {
            Ids.Add(id);
        }
        (Roots, Logs) = (null, null);
    }
}

/// <summary>
/// A stored list of ids, oldest first, that a listing starts from (keys, saved scenarios, audit-log
/// grains, root units). Adding an id already there or removing one that is not writes nothing.
/// </summary>
public abstract class IdListGrain(IPersistentState<IdListState> state) : Grain
{
    /// <summary>The stored list, for a grain that fills it itself (<see cref="UnitRootsGrain"/>).</summary>
    protected IPersistentState<IdListState> Stored => state;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state.State.TakeEarlierIds();
        return base.OnActivateAsync(cancellationToken);
    }

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
