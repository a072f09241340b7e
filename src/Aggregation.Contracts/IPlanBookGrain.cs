using Aggregation.Domain.Units;

namespace Aggregation.Contracts;

/// <summary>
/// The plans of one year (key: the year) as the plan grains hold them, so the plans of a unit and
/// all its children come in one read instead of a call per child (a comparison of the nation's
/// provinces or a what-if at the nation shows 60-odd units). Filled from the plan grains as units
/// are asked about, and told of every change by them; nothing is stored.
/// </summary>
[Alias("agg.IPlanBookGrain")]
public interface IPlanBookGrain : IGrainWithIntegerKey
{
    /// <summary>Each unit's plan for the year, in the order asked; null where a unit has none.</summary>
    [Alias("Get")]
    Task<IReadOnlyList<PlanView?>> Get(IReadOnlyList<UnitKey> units);

    /// <summary>
    /// Changes whenever a plan of the year changes (a new activation starts from another value): a caller keeping
    /// targets it read keeps them while the version stays the same.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave, Alias("GetVersion")]
    Task<long> GetVersion();

    /// <summary>A plan grain's new plan (null: it has none any more), sent once it is stored.</summary>
    [Alias("Changed")]
    Task Changed(UnitKey unit, PlanView? plan);
}
