using Aggregation.Domain.Catalog;
using Aggregation.Domain.Rollup;
using CsCheck;
using static Aggregation.Domain.Standings.Standings;

namespace Aggregation.Domain.Tests.Standings;

/// <summary>Ranks, percentiles and distributions over many units (SPEC section 11), against direct computations.</summary>
public class StandingsTests
{
    /// <summary>Values with many ties and some units without one.</summary>
    private static readonly Gen<decimal?[]> Values =
        Gen.Int[0, 12].Select(v => v == 12 ? (decimal?)null : v / 2m).Array[0, 60];

    private static readonly Gen<Direction> Directions = Gen.Int[0, 2].Select(i => (Direction)i);

    [Theory]
    [InlineData(Direction.Higher, new[] { 1, 2, 2, 4 })]
    [InlineData(Direction.Lower, new[] { 4, 2, 2, 1 })]
    public void TiesShareTheBestRank(Direction direction, int[] expected)
    {
        decimal?[] values = [5m, 3m, 3m, 1m];
        var placed = Rank(direction, values.Select((v, i) => (Unit: i, Value: v)));
        Assert.Equal(expected, placed.OrderBy(p => p.Unit).Select(p => p.Rank));
    }

    [Fact]
    public void RanksAreTheCompetitionRanksOfTheDirectDefinitionAndLeaveOutUnitsWithoutValue() =>
        Gen.Select(Values, Directions).Sample((values, direction) =>
        {
            // A unit's rank is one more than the number of units strictly better.
            int? Direct(decimal? v) => v is { } x ? 1 + values.Count(o => o is { } y && (direction == Direction.Lower ? y < x : y > x)) : null;
            var direct = values.Select(Direct).ToArray();
            Assert.Equal(direct, Ranking.Rank(direction, values));
            var placed = Rank(direction, values.Select((v, i) => (Unit: i, Value: v)));
            Assert.Equal(values.Count(v => v is not null), placed.Count);
            foreach (var p in placed)
            {
                Assert.Equal(direct[p.Unit], p.Rank);
                Assert.Equal(p.Rank, RankAmong(direction, [.. values.OfType<decimal>()], p.Value));
            }
            // Best first: ranks never fall back along the list.
            Assert.True(placed.Zip(placed.Skip(1)).All(pair => pair.First.Rank <= pair.Second.Rank));
        });

    [Fact]
    public void PercentilesRunFromTheBestAtHundredToTheWorstAtZero()
    {
        Assert.Equal(100m, Percentile(1, 1));
        Assert.Equal(100m, Percentile(1, 5));
        Assert.Equal(0m, Percentile(5, 5));
        Assert.Equal(50m, Percentile(3, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentile(6, 5));
    }

    [Fact]
    public void QuartilesInterpolateBetweenTheClosestRanks()
    {
        var spread = Spread([1m, 2m, 3m, 4m, 5m], 2);
        Assert.Equal((5, 1m, 2m, 3m, 4m, 5m, 3m), (spread.Count, spread.Min, spread.Q1, spread.Median, spread.Q3, spread.Max, spread.Mean));
        var even = Spread([1m, 2m, 3m, 4m], 4);
        Assert.Equal((1.75m, 2.5m, 3.25m), (even.Q1, even.Median, even.Q3));
        Assert.Equal([new(1m, 1.75m, 1), new(1.75m, 2.5m, 1), new(2.5m, 3.25m, 1), new(3.25m, 4m, 1)], even.Bins);
        Assert.Equal([new(7m, 7m, 3)], Spread([7m, 7m, 7m], 10).Bins);
        Assert.Equal(0, Spread([], 10).Count);
        Assert.Null(Spread([], 10).Median);
    }

    [Fact]
    public void ADistributionCountsEveryValueOnceInTheBarThatHoldsIt() =>
        Gen.Select(Gen.Int[-50, 50].Select(v => (decimal)v).Array[1, 80], Gen.Int[1, 12]).Sample((values, bins) =>
        {
            var spread = Spread(values, bins);
            Assert.Equal(values.Length, spread.Count);
            Assert.Equal(values.Length, spread.Bins.Sum(b => b.Count));
            Assert.True(spread.Min <= spread.Q1 && spread.Q1 <= spread.Median && spread.Median <= spread.Q3 && spread.Q3 <= spread.Max);
            Assert.Equal(values.Average(), spread.Mean);
            foreach (var (bin, i) in spread.Bins.Select((b, i) => (b, i)))
            {
                var last = i == spread.Bins.Count - 1;
                Assert.Equal(values.Count(v => v >= bin.From && (v < bin.To || (last && v == bin.To))), bin.Count);
            }
        });
}
