namespace Aggregation.Grains;

/// <summary>
/// Which units grain storage holds, read from the store itself rather than from a grain: how
/// <see cref="UnitRootsGrain"/> rebuilds its list on a store written before the list existed.
/// The silo implements it for each storage provider.
/// </summary>
public interface IStoredUnits
{
    /// <summary>
    /// The codes of the units with stored state in this service, in ordinal order. A code may name a
    /// unit whose state says it does not exist; ask the unit.
    /// </summary>
    Task<IReadOnlyList<string>> ListCodes();
}
