using Aggregation.Domain.Periods;
using Aggregation.Domain.Rollup;
using Orleans.Concurrency;

namespace Aggregation.Contracts;

/// <summary>
/// Every indicator and element sum of a non-leaf unit for every period of one year (key:
/// <see cref="GrainKeys.Rollup"/>): months, quarters, halves, year-to-dates and the year. Holds the
/// latest contribution of each child for each period and passes the combined contributions of the
/// periods that changed to the parent's grain for the same year, in one message. Rebuilt from the
/// children on activation, so it never writes to storage.
/// </summary>
[Alias("agg.IRollupGrain")]
public interface IRollupGrain : IGrainWithStringKey, IWatchable
{
    /// <summary>
    /// Records a child's contributions for some periods, each unless an equal or newer version is already held, and
    /// takes the changed leaves under the child (<paramref name="leaves"/>, for the standings) up to the root with its own.
    /// </summary>
    [Alias("Update")]
    Task Update(string child, IReadOnlyList<PeriodContribution> contributions, IReadOnlyList<LeafUpdate> leaves);

    /// <summary>Drops a child that moved away.</summary>
    [Alias("Forget")]
    Task Forget(string child);

    /// <summary>The combined contribution of all children for a period.</summary>
    [AlwaysInterleave, Alias("GetContribution")]
    Task<VersionedContribution> GetContribution(Period period);

    /// <summary>The combined contribution for every period of the year that has one.</summary>
    [AlwaysInterleave, Alias("GetContributions")]
    Task<IReadOnlyList<PeriodContribution>> GetContributions();

    /// <summary>Pulls every child's current contributions again, keeping the newer of held and pulled (after a silo failure).</summary>
    [Alias("Resync")]
    Task Resync();

    /// <summary>The contribution held for each child and their total for a period, taken together: one read gives every child's part of the unit and the whole they add up to.</summary>
    [AlwaysInterleave, Alias("GetChildren")]
    Task<HeldChildren<Contribution>> GetChildren(Period period);

    /// <summary>The same for one indicator's components only: what a comparison needs, a fraction of the size between silos.</summary>
    [AlwaysInterleave, Alias("GetIndicatorChildren")]
    Task<HeldChildren<Components>> GetChildren(Period period, string indicator);

    /// <summary>One indicator's combined components for each of <paramref name="periods"/> (all of this grain's year), in their order; zero where a period has none. A trend line reads a year in one call.</summary>
    [AlwaysInterleave, Alias("GetIndicatorOverYear")]
    Task<IReadOnlyList<Components>> GetIndicator(IReadOnlyList<Period> periods, string indicator);

    /// <summary>Each leaf child's components of one indicator for every period held, with the leaf's version: what an indicator grain reads when it activates.</summary>
    [AlwaysInterleave, Alias("GetLeafParts")]
    Task<IReadOnlyList<LeafComponents>> GetLeafParts(string indicator);

    /// <summary>Re-reads the parent and sends every period's combined contribution to it (after a move).</summary>
    [Alias("Republish")]
    Task Republish();
}

/// <summary>What a rollup holds at one moment: each child's part (a contribution, or one indicator's components) and their total.</summary>
[GenerateSerializer, Immutable, Alias("agg.held-children`1")]
public sealed record HeldChildren<T>(
    [property: Id(0)] T Total,
    [property: Id(1)] IReadOnlyDictionary<string, T> Children);
