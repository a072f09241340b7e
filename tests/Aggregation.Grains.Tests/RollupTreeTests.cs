using Aggregation.Contracts;
using Aggregation.Domain.Periods;

namespace Aggregation.Grains.Tests;

/// <summary>Tests on the small national tree of three communes: reports of three elements, and the rollups read once settled.</summary>
public abstract class RollupTreeTests(ClusterFixture fixture)
{
    protected IGrainFactory Grains { get; } = fixture.Grains;

    protected static Dictionary<string, decimal> Report(decimal households, decimal poor, decimal income) => TreeBuilder.Values(households, poor, income);

    /// <summary>nation → province → districts d1 (communes a, b) and d2 (commune c).</summary>
    protected Task<TreeBuilder> Tree() => TreeBuilder.NationOfThreeCommunes(Grains);

    protected Task<UnitIndicatorsView> Indicators(TreeBuilder t, string unit, string period) =>
        Grains.GetGrain<IQueryGrain>(0).GetIndicators(t.Key(unit), Period.Parse(period))!;

    /// <summary>
    /// The unit's indicators once every level above the first has caught up (levels above the
    /// district follow asynchronously): wait until a recomputation from the leaves finds no drift.
    /// </summary>
    protected async Task<UnitIndicatorsView> Settled(TreeBuilder t, string unit, string period, Func<UnitIndicatorsView, bool> done)
    {
        await Eventually.Until(() => Grains.GetGrain<IQueryGrain>(0).Verify(t.Key(unit), Period.Parse(period)), v => v!.Drift.Count == 0);
        return await Eventually.Until(() => Indicators(t, unit, period), done);
    }
}
