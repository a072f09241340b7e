using Aggregation.Domain.Rollup;

namespace Aggregation.Grains.Tests;

/// <summary>The indicator grains' table of leaves: a dictionary's answers, in parts small enough to stay off the large object heap.</summary>
public sealed class LeafTableTests
{
    /// <summary>The shape an indicator grain keeps per leaf: the leaf's version and its components.</summary>
    private readonly record struct Held(long Version, Components Components);

    private static string Leaf(int i) => $"{i:00000}";

    [Fact]
    public void KeepsTheNewestVersionOfEachLeafLikeOneDictionary()
    {
        var random = new Random(20);
        var table = new LeafTable<Held>();
        var model = new Dictionary<string, Held>();
        for (var step = 0; step < 20_000; step++)
        {
            var leaf = Leaf(random.Next(3_000));
            var held = new Held(random.Next(50), new Components(random.Next(1_000), 100m, 1));
            var newer = !model.TryGetValue(leaf, out var before) || before.Version < held.Version;
            Assert.Equal(newer, table.KeepNewer(leaf, held, h => h.Version));
            if (newer)
            {
                model[leaf] = held;
            }
        }
        for (var i = 0; i < 3_100; i++)
        {
            Assert.Equal(model.TryGetValue(Leaf(i), out var expected), table.TryGetValue(Leaf(i), out var found));
            Assert.Equal(expected, found);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(200)]
    [InlineData(10_599)]
    public void ANationsLeavesStayOffTheLargeObjectHeapHoweverTheTableWasSized(int expected)
    {
        var table = new LeafTable<Held>(expected);
        for (var i = 0; i < 10_599; i++)
        {
            Assert.True(table.KeepNewer(Leaf(i), new Held(1, new Components(i, 1m, 1)), h => h.Version));
        }
        Assert.InRange(table.LargestPartBytes(), 1, 85_000 - 1);
        Assert.True(table.TryGetValue(Leaf(10_598), out var last));
        Assert.Equal(10_598m, last.Components.Numerator);
    }
}
