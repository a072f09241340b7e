using Aggregation.Domain.Rollup;
using Aggregation.Domain.Scenarios;
using CsCheck;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests;

public class ScenarioProperties
{
    /// <summary>An override whose element is picked later from what the leaf has, so most of them apply.</summary>
    private sealed record PendingOverride(OverrideKind Kind, int Pick, decimal Amount)
    {
        public ElementOverride For(LeafReport leaf)
        {
            IReadOnlyList<string> candidates = Kind switch
            {
                OverrideKind.Scale or OverrideKind.Delta => [.. leaf.Current.Keys],
                OverrideKind.Growth => leaf.Previous is { } p ? [.. p.Keys] : [],
                _ => [],
            };
            if (candidates.Count == 0)
            {
                candidates = [.. DefaultCatalog.Elements.Select(e => e.Code)];
            }
            return new(candidates[Pick % candidates.Count], Kind, Amount);
        }
    }

    private static readonly Gen<PendingOverride> Override = Gen.OneOf(
        Gen.Select(Gen.Int[0, 100], Gen.Long[0, 100_000_000]).Select((p, a) => new PendingOverride(OverrideKind.Set, p, a / 100m)),
        Gen.Select(Gen.Int[0, 100], Gen.Int[0, 3000]).Select((p, a) => new PendingOverride(OverrideKind.Scale, p, a / 1000m)),
        Gen.Select(Gen.Int[0, 100], Gen.Int[-1000, 100_000]).Select((p, a) => new PendingOverride(OverrideKind.Delta, p, a / 10m)),
        Gen.Select(Gen.Int[0, 100], Gen.Int[-5000, 5000]).Select((p, a) => new PendingOverride(OverrideKind.Growth, p, a / 100m)));

    /// <summary>A tree and, per unit index, the overrides its leaf gets (mostly none).</summary>
    private static readonly Gen<(RandomTree Tree, PendingOverride[][] Overrides)> Scenario = Gen.Select(
        Generators.Tree,
        Gen.Frequency((2, Gen.Const(Array.Empty<PendingOverride>())), (1, Override.Array[1, 3])).Array[30]);

    [Fact]
    public void IncrementalScenarioEqualsFullRecomputationAtEveryUnit() =>
        Scenario.Sample((tree, pending) =>
        {
            var live = new Dictionary<string, Contribution>();
            var scenario = new Dictionary<string, Contribution>();
            var changed = new HashSet<string>();
            foreach (var leaf in tree.Units.Units.Select(u => u.Code).Where(tree.Units.IsLeaf))
            {
                var report = tree.Reports[leaf];
                var overrides = pending[int.Parse(leaf[1..])].Select(p => p.For(report)).ToArray();
                var result = ScenarioLeaf.Apply(DefaultCatalog, report.Current, report.Previous, overrides);
                live[leaf] = report.Contribution;
                scenario[leaf] = result.IsValid ? result.ToContribution(DefaultCatalog, report.Previous, report.Flagged, report.Approved) : live[leaf];
                if (overrides.Length > 0 && result.IsValid)
                {
                    changed.Add(leaf);
                }
            }
            foreach (var unit in tree.Units.Units.Select(u => u.Code))
            {
                var leaves = tree.Units.LeavesUnder(unit).ToArray();
                var baseline = Contribution.Sum(leaves.Select(l => live[l]));
                var changes = leaves.Where(changed.Contains).Select(l => (live[l], scenario[l])).ToArray();

                var recomputed = Contribution.Sum(leaves.Select(l => scenario[l]));
                var adjusted = ScenarioMath.Adjust(baseline, changes);
                var viaDelta = baseline.Combine(Contribution.Sum(changes.Select(c => c.Item2.Subtract(c.Item1))));

                Assert.Equal(recomputed, adjusted);
                Assert.Equal(recomputed, viaDelta);
                Assert.Empty(Drift.Between(DefaultCatalog, adjusted, recomputed));
            }
        }, iter: 300);

    [Fact]
    public void AScenarioWithoutOverridesEqualsTheLiveValuesExactly() =>
        Generators.Tree.Sample(tree =>
        {
            var leaves = tree.Units.Units.Select(u => u.Code).Where(tree.Units.IsLeaf).ToArray();
            var after = leaves.ToDictionary(l => l, l =>
            {
                var report = tree.Reports[l];
                var result = ScenarioLeaf.Apply(DefaultCatalog, report.Current, report.Previous, []);
                Assert.Empty(result.Errors);
                Assert.Equal(report.Current, result.Values);
                return result.ToContribution(DefaultCatalog, report.Previous, report.Flagged, report.Approved);
            });
            foreach (var unit in tree.Units.Units.Select(u => u.Code))
            {
                var under = tree.Units.LeavesUnder(unit).ToArray();
                var baseline = Contribution.Sum(under.Select(l => tree.Reports[l].Contribution));
                var scenario = ScenarioMath.Adjust(baseline, under.Select(l => (tree.Reports[l].Contribution, after[l])));

                Assert.Equal(baseline, scenario);
                Assert.All(DefaultCatalog.Indicators, i => Assert.Equal(
                    IndicatorValue.Evaluate(i, baseline.IndicatorOrZero(i.Code)),
                    IndicatorValue.Evaluate(i, scenario.IndicatorOrZero(i.Code))));
            }
        });
}
