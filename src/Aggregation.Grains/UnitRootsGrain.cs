using Aggregation.Contracts;

namespace Aggregation.Grains;

/// <summary>
/// Units without a parent (key 0): where a query over the whole hierarchy starts. <see cref="UnitGrain"/>
/// keeps the list as it writes units. A store with units but no stored list (written before this grain
/// existed) gets the list rebuilt from the units in storage once, when the grain first activates.
/// </summary>
public sealed class UnitRootsGrain(
    [PersistentState("unit-roots", StorageNames.Default)] IPersistentState<IdListState> state,
    IStoredUnits stored) : IdListGrain(state), IUnitRootsGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        // The rebuild keys on a missing record, not on an empty list: an empty store writes its empty
        // list here once and is never scanned again. It finishes before the first call is answered,
        // and a Set sent meanwhile waits for it, so no change is lost. GetInfo interleaves, so a unit
        // that is itself waiting on a Set can still answer.
        if (!Stored.RecordExists)
        {
            var roots = new List<string>();
            // A few hundred at a time: a national store has 11,000 units, which need not all activate at once.
            foreach (var chunk in (await stored.ListCodes()).Chunk(256))
            {
                var units = await Task.WhenAll(chunk.Select(c => GrainFactory.GetGrain<IUnitGrain>(c).GetInfo()));
                roots.AddRange(units.OfType<UnitInfo>().Where(u => u.Parent is null).Select(u => u.Code));
            }
            Stored.State.Ids = roots;
            await Stored.WriteStateAsync();
        }
    }

    public Task Set(string unit, bool isRoot) => isRoot ? Add(unit) : Remove(unit);
}
