using Aggregation.Domain.Catalog;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Units;
using CsCheck;

namespace Aggregation.Domain.Tests;

/// <summary>One leaf's reports for a period and the period before.</summary>
internal sealed record LeafReport(Dictionary<string, decimal> Current, Dictionary<string, decimal>? Previous, bool Flagged, bool Approved = false)
{
    public Contribution Contribution => LeafContribution.Compute(IndicatorCatalog.Default, Current, Previous, Flagged, Approved);

    public override string ToString() =>
        $"[{string.Join(",", Current.Select(kv => $"{kv.Key}={kv.Value}"))}] prev=[{string.Join(",", Previous?.Select(kv => $"{kv.Key}={kv.Value}") ?? [])}]";
}

/// <summary>A random tree of units u0..u(n-1) rooted at u0; only its leaves' reports are used.</summary>
internal sealed record RandomTree(UnitTree Units, IReadOnlyDictionary<string, LeafReport> Reports)
{
    public override string ToString() =>
        string.Join("; ", Units.TopDown().Select(u => $"{u.Code}<{u.Parent}{(Units.IsLeaf(u.Code) ? " " + Reports[u.Code] : "")}"));
}

internal static class Generators
{
    private static readonly IReadOnlyList<ElementDefinition> Elements = IndicatorCatalog.Default.Elements;

    /// <summary>Zeros and small numbers are common so that bounds, ties and zero denominators come up.</summary>
    private static readonly Gen<long> Raw = Gen.Frequency(
        (2, Gen.Const(0L)), (4, Gen.Long[0, 100]), (4, Gen.Long[0, 10_000_000_000]));

    /// <summary>A report the validator accepts: counts whole, amounts with two decimals, parts within their wholes.</summary>
    public static readonly Gen<Dictionary<string, decimal>> Report =
        Gen.Select(Gen.Bool.Array[Elements.Count], Raw.Array[Elements.Count], (present, raw) =>
        {
            var values = new Dictionary<string, decimal>();
            for (var i = 0; i < Elements.Count; i++)
            {
                var e = Elements[i];
                if (present[i])
                {
                    decimal v = e.Kind == ElementKind.Amount ? raw[i] / 100m : raw[i];
                    values[e.Code] = e.Max is { } max ? v % (max + 1) : v;
                }
            }
            foreach (var e in Elements.Where(e => e.AtMost is not null && values.ContainsKey(e.Code)))
            {
                if (values.TryGetValue(e.AtMost!, out var whole) && values[e.Code] > whole)
                {
                    values[e.Code] = whole;
                }
            }
            if (values.Count == 0)
            {
                values["population"] = raw[4];
            }
            return values;
        });

    public static readonly Gen<LeafReport> Leaf =
        Gen.Select(Report, Gen.Bool, Report, Gen.Bool, Gen.Bool, (current, hasPrevious, previous, flagged, approved) =>
            new LeafReport(current, hasPrevious ? previous : null, flagged, approved));

    public static readonly Gen<LeafReport[]> Leaves = Leaf.Array[0, 12];

    /// <summary>The sum of a few random leaves: what a subtree contributes.</summary>
    public static readonly Gen<Contribution> Contribution =
        Leaf.Array[0, 4].Select(ls => Domain.Rollup.Contribution.Sum(ls.Select(l => l.Contribution)));

    public static readonly Gen<RandomTree> Tree =
        Gen.Int[1, 30].SelectMany(n => Gen.Select(Gen.Int[0, 1000].Array[n], Leaf.Array[n], (parents, reports) =>
        {
            var units = Enumerable.Range(0, n).Select(i =>
                new UnitDefinition($"u{i}", $"Unit {i}", "level", i == 0 ? null : $"u{parents[i] % i}"));
            return new RandomTree(new UnitTree(units), Enumerable.Range(0, n).ToDictionary(i => $"u{i}", i => reports[i]));
        }));
}
