using Aggregation.Contracts;
using Aggregation.Domain.Units;

namespace Aggregation.Grains;

/// <summary>Units without a parent (key 0): where a query over the whole hierarchy starts. <see cref="UnitGrain"/> keeps the list as it writes units.</summary>
public sealed class UnitRootsGrain(
    [PersistentState("unit-roots", StorageNames.Default)] IPersistentState<IdListState> state) : IdListGrain(state), IUnitRootsGrain
{
    public Task Set(UnitKey unit, bool isRoot) => isRoot ? Add(GrainKeys.Unit(unit)) : Remove(GrainKeys.Unit(unit));

    async Task<IReadOnlyList<UnitKey>> IUnitRootsGrain.List() => (await List()).Select(UnitKey.Parse).ToList();
}
