using Aggregation.Domain.Catalog;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Trees;
using CsCheck;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests.Trees;

public class RestatementProperties
{
    private static readonly IReadOnlyList<ElementDefinition> Elements = DefaultCatalog.Elements;

    /// <summary>A report with every element: amounts with two decimals, counts whole, criteria 0–19.</summary>
    private static readonly Gen<Dictionary<string, decimal>> FullReport =
        Gen.Long[0, 10_000_000_000].Array[Elements.Count].Select(raw => Elements.Select((e, i) => (e, i)).ToDictionary(
            x => x.e.Code,
            x => x.e.Max is { } max ? raw[x.i] % (max + 1) : x.e.Kind == ElementKind.Amount ? raw[x.i] / 100m : raw[x.i]));

    /// <summary>Reports with some elements missing, and now and then no report at all.</summary>
    private static readonly Gen<Dictionary<string, decimal>?> SomeReport =
        Gen.Select(Gen.Int[0, 6], Generators.Report, (roll, report) => roll == 0 ? null : (Dictionary<string, decimal>?)report);

    /// <summary>
    /// A mapping from leaves <paramref name="from"/>0.. to leaves <paramref name="to"/>0..: each old
    /// leaf split over one to three new ones by whole-number weights (a lone link whole), each share of
    /// a split now and then estimated, every new leaf with a predecessor.
    /// </summary>
    private static Gen<TreeMapping> Mapping(string from, string to, int oldCount, int newCount) =>
        Gen.Int[0, 1_000_000].Array[64].Select(pool =>
        {
            var k = 0;
            int Next(int bound) => pool[k++ % pool.Length] % bound;
            var targets = Enumerable.Range(0, oldCount).Select(_ => new SortedSet<int>()).ToArray();
            foreach (var set in targets)
            {
                for (var c = 1 + Next(3); c > 0; c--)
                {
                    set.Add(Next(newCount));
                }
            }
            for (var j = 0; j < newCount; j++)
            {
                if (!targets.Any(t => t.Contains(j)))
                {
                    targets[j % oldCount].Add(j);
                }
            }
            var links = new List<TreeLink>();
            for (var i = 0; i < oldCount; i++)
            {
                var weights = targets[i].ToDictionary(j => j, _ => 1 + Next(4));
                var total = (decimal)weights.Values.Sum();
                links.AddRange(weights.Select(w => targets[i].Count == 1
                    ? new TreeLink($"{from}{i}", $"{to}{w.Key}", 1m, false)
                    : new TreeLink($"{from}{i}", $"{to}{w.Key}", w.Value / total, Next(2) == 0)));
            }
            return new TreeMapping(from, to, links, []);
        });

    private static readonly Gen<(TreeMapping Mapping, Dictionary<string, decimal>[] Current, Dictionary<string, decimal>[] Previous)> FullyMapped =
        Gen.Select(Gen.Int[1, 10], Gen.Int[1, 6]).SelectMany((n, m) =>
            Gen.Select(Mapping("o", "n", n, m), FullReport.Array[n], FullReport.Array[n]));

    private static readonly Gen<(TreeMapping First, TreeMapping Second, Dictionary<string, decimal>?[] Reports)> TwoSteps =
        Gen.Select(Gen.Int[1, 10], Gen.Int[1, 6], Gen.Int[1, 6]).SelectMany((a, b, c) =>
            Gen.Select(Mapping("a", "b", a, b), Mapping("b", "c", b, c), SomeReport.Array[a]));

    /// <summary>
    /// Equal but for the rounding of each restated value to 6 decimal places (half a millionth each, over at most ten
    /// leaves and the terms of an indicator, which may multiply them by 100): within a thousandth.
    /// </summary>
    private static void Close(decimal expected, decimal actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 0.001m, $"{what}: {actual}, expected {expected}");

    /// <summary>Indicators whose parts are sums of elements that restate as sums: their parts restate exactly as shares of the old ones.</summary>
    private static readonly IReadOnlyList<IndicatorDefinition> SumIndicators = [.. DefaultCatalog.Indicators.Where(i =>
        i.Numerator.Concat(i.Denominator).All(t => t.Element is not null && t.EqualsValue is null
            && DefaultCatalog.FindElement(t.Element)!.Restate == RestateKind.Sum))];

    [Fact]
    public void EveryIndicatorButTheNewRuralOnesRestatesAsSums() =>
        Assert.Equal(["ntm_criteria_avg", "ntm_standard_share"], DefaultCatalog.Indicators.Except(SumIndicators).Select(i => i.Code));

    [Fact]
    public void RestatedComponentsOfAllNewLeavesAreTheOldLeavesComponentsTimesTheirShares() =>
        FullyMapped.Sample(x =>
        {
            var current = Restatement.RestateAll(DefaultCatalog, x.Mapping, leaf => x.Current[int.Parse(leaf[1..])]);
            var previous = Restatement.RestateAll(DefaultCatalog, x.Mapping, leaf => x.Previous[int.Parse(leaf[1..])]);
            var restated = Contribution.Sum(current.Select(kv => LeafContribution.Compute(DefaultCatalog, kv.Value.Values, previous[kv.Key].Values)));
            foreach (var indicator in SumIndicators)
            {
                decimal numerator = 0m, denominator = 0m;
                for (var i = 0; i < x.Current.Length; i++)
                {
                    var share = x.Mapping.Successors($"o{i}").Sum(l => l.Share);
                    var parts = LeafContribution.Compute(DefaultCatalog, x.Current[i], x.Previous[i]).IndicatorOrZero(indicator.Code);
                    numerator += parts.Numerator * share;
                    denominator += parts.Denominator * share;
                }
                var actual = restated.IndicatorOrZero(indicator.Code);
                Close(numerator, actual.Numerator, $"{indicator.Code} numerator");
                Close(denominator, actual.Denominator, $"{indicator.Code} denominator");
                Assert.Equal(current.Count, actual.Contributors);
            }
            Assert.Equal(x.Mapping.NewLeaves.Count(), current.Count);
        });

    [Fact]
    public void ANewLeafContributesToAnIndicatorOnlyWhenEveryPredecessorDoes() =>
        TwoSteps.Sample(x =>
        {
            var restated = Restatement.RestateAll(DefaultCatalog, x.First, leaf => x.Reports[int.Parse(leaf[1..])]);
            foreach (var leaf in x.First.NewLeaves)
            {
                var predecessors = x.First.Predecessors(leaf).Select(l => x.Reports[int.Parse(l.From[1..])]).ToList();
                if (predecessors.Any(p => p is null))
                {
                    Assert.False(restated.ContainsKey(leaf));
                    continue;
                }
                var contribution = LeafContribution.Compute(DefaultCatalog, restated[leaf].Values, null);
                foreach (var indicator in DefaultCatalog.Indicators.Where(i => !i.UsesPreviousPeriod))
                {
                    var everyOne = predecessors.All(p => LeafContribution.Compute(DefaultCatalog, p, null).Indicators.ContainsKey(indicator.Code));
                    Assert.Equal(everyOne, contribution.Indicators.ContainsKey(indicator.Code));
                }
                Assert.Equal(x.First.Predecessors(leaf).Any(l => l.Estimated), restated[leaf].Estimated);
            }
        });

    [Fact]
    public void RestatingWholeLeavesOneToOneIsTheIdentity() =>
        Generators.Report.Array[1, 10].Sample(reports =>
        {
            var mapping = new TreeMapping("old", "new", reports.Select((_, i) => new TreeLink($"o{i}", $"n{i}", 1m, false)), []);
            var restated = Restatement.RestateAll(DefaultCatalog, mapping, leaf => reports[int.Parse(leaf[1..])]);
            for (var i = 0; i < reports.Length; i++)
            {
                var report = restated[$"n{i}"];
                Assert.Equal(reports[i].OrderBy(kv => kv.Key), report.Values.OrderBy(kv => kv.Key));
                Assert.Equal((false, 1m), (report.Estimated, report.Weight));
                Assert.Equal(LeafContribution.Compute(DefaultCatalog, reports[i], null), LeafContribution.Compute(DefaultCatalog, report.Values, null));
            }
        });

    [Fact]
    public void RestatingStepByStepIsRestatingThroughTheComposedMapping() =>
        TwoSteps.Sample(x =>
        {
            var onB = Restatement.RestateAll(DefaultCatalog, x.First, leaf => x.Reports[int.Parse(leaf[1..])]);
            var stepwise = Restatement.Onto(DefaultCatalog, x.Second, leaf => onB.GetValueOrDefault(leaf));
            var direct = Restatement.RestateAll(DefaultCatalog, x.First.Then(x.Second), leaf => x.Reports[int.Parse(leaf[1..])]);
            Assert.Equal(direct.Keys.Order(), stepwise.Keys.Order());
            foreach (var (leaf, report) in direct)
            {
                var other = stepwise[leaf];
                Assert.Equal(report.Values.Keys.Order(), other.Values.Keys.Order());
                foreach (var (element, value) in report.Values)
                {
                    Close(value, other.Values[element], $"{leaf} {element}");
                }
                Assert.Equal(report.Estimated, other.Estimated);
                Close(report.Weight, other.Weight, $"{leaf} weight");
            }
        });
}
