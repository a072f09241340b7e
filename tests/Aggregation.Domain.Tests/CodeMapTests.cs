using Aggregation.Domain.Rollup;
using CsCheck;

namespace Aggregation.Domain.Tests;

public class CodeMapTests
{
    private static readonly Gen<Dictionary<string, ElementTotal>> Entries =
        Gen.Dictionary(Gen.String["abcXYZ_é0"], Gen.Int[-5, 5].Select(i => new ElementTotal(i, 1)))[0, 8];

    private static CodeMap<ElementTotal> Map(params (string Code, decimal Sum)[] entries) =>
        CodeMap<ElementTotal>.Of(entries.Select(e => KeyValuePair.Create(e.Code, new ElementTotal(e.Sum, 1))));

    [Fact]
    public void CodesAreInOrdinalOrderWhateverOrderTheyCameIn() =>
        Entries.Sample(entries =>
        {
            var forward = CodeMap<ElementTotal>.Of(entries);
            var backward = CodeMap<ElementTotal>.Of(entries.Reverse());
            Assert.Equal(entries.Keys.Order(StringComparer.Ordinal), forward.Keys);
            Assert.Equal(forward, backward);
            Assert.All(entries, e => Assert.Equal(e.Value, forward[e.Key]));
        });

    [Fact]
    public void LooksUpEveryCodeItHoldsAndNoOther()
    {
        var map = Map(("b", 2), ("a", 1), ("é", 3), ("B", 4));
        Assert.Equal(["B", "a", "b", "é"], map.Keys);
        Assert.Equal(3m, map.GetValueOrDefault("é")!.Sum);
        Assert.True(map.ContainsKey("B"));
        Assert.False(map.ContainsKey("c"));
        Assert.Equal(ElementTotal.Zero, map.GetValueOrDefault("")); // no entry: the default, zero
        Assert.False(map.TryGetValue("A", out _));
        Assert.Throws<KeyNotFoundException>(() => map["z"]);
        Assert.True(CodeMap<ElementTotal>.Empty.IsEmpty);
        Assert.False(CodeMap<ElementTotal>.Empty.ContainsKey("a"));
    }

    [Fact]
    public void ACodeGivenTwiceIsRefused() =>
        Assert.Throws<ArgumentException>(() => Map(("a", 1), ("b", 2), ("a", 3)));

    [Fact]
    public void MergingWalksBothMapsAsADictionaryWould() =>
        Gen.Select(Entries, Entries).Sample((a, b) =>
        {
            var merged = CodeMap<ElementTotal>.Merge(CodeMap<ElementTotal>.Of(a), CodeMap<ElementTotal>.Of(b), (x, y) => x.Combine(y), y => y.Minus(ElementTotal.Zero));
            var expected = new Dictionary<string, ElementTotal>(a);
            foreach (var (code, value) in b)
            {
                expected[code] = a.TryGetValue(code, out var held) ? held.Combine(value) : value;
            }
            Assert.Equal(CodeMap<ElementTotal>.Of(expected), merged);
        });

    [Fact]
    public void EqualMapsAreEqualAndDifferentOnesAreNot()
    {
        Assert.Equal(Map(("a", 1), ("b", 2)), Map(("b", 2), ("a", 1)));
        Assert.NotEqual(Map(("a", 1), ("b", 2)), Map(("a", 1), ("b", 3)));
        Assert.NotEqual(Map(("a", 1), ("b", 2)), Map(("a", 1), ("c", 2)));
        Assert.NotEqual(Map(("a", 1)), Map(("a", 1), ("b", 2)));
        Assert.Equal(Map(("a", 1)), Map(("a", 1), ("b", 0)).Only(e => e.Sum != 0));
    }
}
