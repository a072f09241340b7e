using Aggregation.Domain.Units;

namespace Aggregation.Contracts;

/// <summary>
/// The door to the changes of one tree's units (key: <see cref="GrainKeys.Hierarchy"/>). Moves of existing units are applied one
/// at a time, each checked for cycles against the parents every earlier move stored; creates and renames
/// pass straight through. Two moves at once can therefore never make a cycle or wait on each other.
/// </summary>
[Alias("agg.IUnitHierarchyGrain")]
public interface IUnitHierarchyGrain : IGrainWithStringKey
{
    /// <summary>Creates, updates or moves unit <paramref name="code"/> of this tree as <see cref="IUnitGrain.Upsert"/> does.</summary>
    [Alias("Upsert")]
    Task<UnitChange> Upsert(string code, UnitInput input, KeyPrincipal by);
}

public static class UnitChanges
{
    /// <summary>Creates, updates or moves a unit through the hierarchy's door.</summary>
    public static Task<UnitChange> UpsertUnit(this IGrainFactory grains, UnitKey unit, UnitInput input, KeyPrincipal by) =>
        grains.Hierarchy(unit.Tree).Upsert(unit.Code, input, by);
}
