using Aggregation.Domain.Catalog;
using Aggregation.Domain.Rollup;

namespace Aggregation.Domain.Tests;

public class RankingTests
{
    [Fact]
    public void HigherIsBetterRanksDescendingWithSharedTies() =>
        Assert.Equal([4, 2, 1, 2], Ranking.Rank(Direction.Higher, [10m, 20m, 30m, 20m]));

    [Fact]
    public void LowerIsBetterRanksAscending() =>
        Assert.Equal([2, 4, 1, 2], Ranking.Rank(Direction.Lower, [0.9m, 1.5m, 0.5m, 0.9m]));

    [Fact]
    public void UnitsWithoutValueGetNoRank() =>
        Assert.Equal([null, 1, null, 2], Ranking.Rank(Direction.Lower, [null, 1m, null, 2m]));

    [Fact]
    public void InfoRanksHighestFirst() =>
        Assert.Equal([2, 1], Ranking.Rank(Direction.Info, [8.3m, 56m]));
}
