using Aggregation.Contracts;
using Aggregation.Domain.Units;

namespace Aggregation.Grains.Tests;

/// <summary>
/// References made from the kept grain and interface types address exactly the grains Orleans' own lookup does,
/// for every interface reached by string key, from the test's client and from inside the silo.
/// </summary>
[Collection(SqliteCluster.Name)]
public sealed class GrainReferencesTests(SqliteClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public void AKeptReferenceNamesTheGrainOrleansNames()
    {
        var unit = new UnitKey("t2023", "C" + Guid.NewGuid().ToString("N")[..8]);
        for (var i = 0; i < 2; i++)
        {
            // The first pass resolves and keeps the types; the second makes the references from them.
            Same(_grains.GetGrain<IUnitGrain>(GrainKeys.Unit(unit)), _grains.Unit(unit));
            Same(_grains.GetGrain<ICommuneGrain>(GrainKeys.Unit(unit)), _grains.Commune(unit));
            Same(_grains.GetGrain<IRollupGrain>(GrainKeys.Rollup(unit, 2031)), _grains.Rollup(unit, 2031));
            Same(_grains.GetGrain<IIndicatorGrain>(GrainKeys.Indicator("poverty_rate", "t2023", 2031)), _grains.Indicator("poverty_rate", "t2023", 2031));
            Same(_grains.GetGrain<ITreeBookGrain>(GrainKeys.TreeBook), _grains.TreeBook());
        }
    }

    [Fact]
    public async Task CallsThroughAKeptReferenceReachTheGrain()
    {
        var unit = new UnitKey("t2023", "C" + Guid.NewGuid().ToString("N")[..8]);
        _ = _grains.Unit(unit);
        // An unknown unit: its grain answers that it does not exist, through a reference made from the kept types.
        Assert.Null(await _grains.Unit(unit).GetInfo());
        Assert.NotEmpty(await _grains.TreeBook().GetTrees());
    }

    private static void Same<T>(T orleans, T kept) where T : IAddressable
    {
        Assert.Equal(orleans.GetGrainId(), kept.GetGrainId());
        Assert.Equal(((GrainReference)(object)orleans).InterfaceType, ((GrainReference)(object)kept).InterfaceType);
        Assert.IsAssignableFrom<T>(kept);
    }
}
