using Aggregation.Domain.Reports;
using Aggregation.Domain.Rollup;
using CsCheck;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests;

public class RollupProperties
{

    [Fact]
    public void GeneratedReportsAreValid() =>
        Generators.Report.Sample(r => Assert.True(ReportValidator.Validate(DefaultCatalog, r).IsValid));

    [Fact]
    public void CombineIsAssociative() =>
        Gen.Select(Generators.Contribution, Generators.Contribution, Generators.Contribution)
            .Sample((a, b, c) => Assert.Equal(a.Combine(b).Combine(c), a.Combine(b.Combine(c))));

    [Fact]
    public void CombineIsCommutative() =>
        Gen.Select(Generators.Contribution, Generators.Contribution)
            .Sample((a, b) => Assert.Equal(a.Combine(b), b.Combine(a)));

    [Fact]
    public void ReplaceIsSubtractThenCombine() =>
        Gen.Select(Generators.Contribution, Generators.Contribution, Generators.Contribution)
            .Sample((total, old, replacement) => Assert.Equal(total.Subtract(old).Combine(replacement), total.Replace(old, replacement)));

    [Fact]
    public void ARunningTotalIsTheChainOfReplacesItStandsFor() =>
        Gen.Select(Generators.Contribution.List[1, 4], Generators.Contribution.List[1, 6])
            .Sample((start, replacements) =>
            {
                var running = new RunningTotal();
                running.Reset(start);
                var expected = Contribution.Sum(start);
                Assert.Equal(expected, running.Total);
                // Each replacement takes the place of the part put in before it, as a child's update replaces its last one.
                var held = start[0];
                foreach (var replacement in replacements)
                {
                    expected = expected.Replace(held, replacement);
                    running.Replace(held, replacement);
                    held = replacement;
                    Assert.Equal(expected, running.Total);
                    Assert.Equal(expected.ToString(), running.Total.ToString());
                }
                expected = expected.Subtract(held);
                running.Subtract(held);
                Assert.Equal(expected, running.Total);
                Assert.Equal(expected.ToString(), running.Total.ToString());
            });

    [Fact]
    public void ReplacingAPartWithItselfChangesNothing() =>
        Gen.Select(Generators.Contribution, Generators.Contribution)
            .Sample((rest, part) => Assert.Equal(rest.Combine(part), rest.Combine(part).Replace(part, part)));

    [Fact]
    public void EmptyIsIdentity() =>
        Generators.Contribution.Sample(a =>
        {
            Assert.Equal(a, a.Combine(Contribution.Empty));
            Assert.Equal(a, Contribution.Empty.Combine(a));
        });

    [Fact]
    public void EveryLevelOfATreeEqualsTheSumOfItsLeaves() =>
        Generators.Tree.Sample(tree =>
        {
            var rollup = new Dictionary<string, Contribution>();
            foreach (var unit in tree.Units.TopDown().Reverse())
            {
                rollup[unit.Code] = tree.Units.IsLeaf(unit.Code)
                    ? tree.Reports[unit.Code].Contribution
                    : Contribution.Sum(tree.Units.Children(unit.Code).Select(c => rollup[c]));
            }
            foreach (var unit in tree.Units.Units)
            {
                var direct = Contribution.Sum(tree.Units.LeavesUnder(unit.Code).Select(l => tree.Reports[l].Contribution));
                Assert.Equal(direct, rollup[unit.Code]);
                Assert.Empty(Drift.Between(DefaultCatalog, rollup[unit.Code], direct));
                Assert.All(DefaultCatalog.Indicators, i => Assert.Equal(
                    IndicatorValue.Evaluate(i, direct.IndicatorOrZero(i.Code)),
                    IndicatorValue.Evaluate(i, rollup[unit.Code].IndicatorOrZero(i.Code))));
            }
        });

    [Fact]
    public void IndicatorsAreRatiosOfSumsOverContributingLeaves() =>
        Generators.Leaves.Sample(leaves =>
        {
            var total = Contribution.Sum(leaves.Select(l => l.Contribution));
            Assert.Equal(leaves.Length, total.ReportingLeaves);
            Assert.Equal(leaves.Count(l => l.Flagged), total.FlaggedLeaves);
            Assert.Equal(leaves.Count(l => l.Approved), total.ApprovedLeaves);
            Assert.All(DefaultCatalog.Indicators, indicator =>
            {
                var (expected, contributors) = SpecFormula.All[indicator.Code].Evaluate(leaves);
                var actual = IndicatorValue.Evaluate(indicator, total.IndicatorOrZero(indicator.Code));
                Assert.Equal((expected, contributors), (actual.Value, actual.Contributors));
                Assert.Equal(expected is null, actual.Reason is not null);
            });
        });
}
