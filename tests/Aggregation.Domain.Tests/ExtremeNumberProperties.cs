using Aggregation.Domain.Catalog;
using Aggregation.Domain.Numbers;
using Aggregation.Domain.Plans;
using Aggregation.Domain.Reports;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Scenarios;
using CsCheck;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests;

/// <summary>
/// Extreme decimals thrown at every computation a read makes: none may throw; what a decimal
/// cannot hold is null with a reason.
/// </summary>
public class ExtremeNumberProperties
{
    private static readonly Gen<decimal> Extreme = Gen.Frequency(
        (3, Gen.OneOf(0m, decimal.MaxValue, decimal.MinValue, 1e15m, -1e15m, 1e-28m, -1e-28m, 0.000001m, -0.000001m,
            1m, -1m, 100m, -100m, -99.999999m, 1e26m, -1e27m, decimal.MaxValue / 100m, 79228162514264337593543950.335m)),
        (2, Gen.Decimal));

    /// <summary>Enough draws that pairs of constants (Max over 1, × 100) come up every run.</summary>
    private const long Iterations = 20_000;

    /// <summary>For the computations that run many steps per draw (goal seek samples and bisects).</summary>
    private const long FewerIterations = 2_000;

    private static readonly Gen<IndicatorDefinition> AnyIndicator = Gen.OneOf(DefaultCatalog.Indicators.ToArray());

    private static readonly Gen<Comparator> AnyComparator = Gen.Enum<Comparator>();

    [Fact]
    public void IndicatorValuesAreNumbersOrNullWithAReason() =>
        Gen.Select(AnyIndicator, Extreme, Extreme, Gen.Int[0, 1000]).Sample((indicator, numerator, denominator, contributors) =>
        {
            var value = IndicatorValue.Evaluate(indicator, new Components(numerator, denominator, contributors));
            return value.Value is not null || value.Reason is not null;
        }, iter: Iterations);

    [Fact]
    public void AttainmentNeverThrowsAndAMissingProgressSaysWhy() =>
        Gen.Select(AnyIndicator, AnyComparator, Extreme, Extreme).Sample((indicator, comparator, target, value) =>
        {
            var attainment = Attainment.Evaluate(indicator, new Target(comparator, target), value);
            var progressExpected = comparator is Comparator.AtLeast or Comparator.Greater && target != 0m;
            return !progressExpected || attainment.Progress is not null || attainment.Reason is not null;
        }, iter: Iterations);

    [Fact]
    public void ScenarioChangesAreNumbersOrNullWithAReason() =>
        Gen.Select(Extreme, Extreme).Sample((before, after) =>
        {
            var (delta, reason) = ScenarioMath.Change(new IndicatorValue(before, 0m, null, 1, null), new IndicatorValue(after, 0m, null, 1, null));
            return delta is not null || reason is not null;
        }, iter: Iterations);

    [Fact]
    public void OverridesOnExtremeReportsAreAppliedOrRefusedNeverThrown() =>
        Gen.Select(Extreme, Extreme, Extreme, Gen.Enum<OverrideKind>()).Sample((current, previous, amount, kind) =>
        {
            var result = ScenarioLeaf.Apply(DefaultCatalog,
                Report(("income_total", current), ("births_boys", current), ("births_girls", 1e-6m)),
                Report(("income_total", previous)),
                [new ElementOverride("income_total", kind, amount), new ElementOverride("births_girls", kind, amount)]);
            // A valid result is a report the rules accept, so its contribution is within range too.
            return result.IsValid ? !result.ToContribution(DefaultCatalog, null).IsEmpty : result.Errors.Count > 0;
        }, iter: Iterations);

    [Fact]
    public void GoalSeekOverExtremeTargetsAndRangesAnswersWithoutThrowing() =>
        Gen.Select(Extreme, Extreme, Extreme, Extreme, Extreme).Sample((slope, offset, target, a, b) =>
        {
            decimal? Line(decimal x) => Checked.Multiply(slope, x) is { } p ? Checked.Add(p, offset) : null;
            var r = GoalSeek.Solve(Line, target, Math.Min(a, b), Math.Max(a, b), 0.0001m);
            return r.Reachable ? r.Value is not null : r.Reason is not null;
        }, iter: FewerIterations);

    [Fact]
    public void PlansWithExtremeTargetsAreBuiltOrRefusedAndCheckedWithoutThrowing() =>
        Gen.Select(Extreme.Array[7], Gen.Bool).Sample((values, build) =>
        {
            string[] codes = ["share_agriculture", "share_industry", "share_services", "growth_agriculture", "growth_industry", "growth_services", "growth_rate"];
            var input = codes.Zip(values).ToDictionary(c => c.First, c => new TargetInput(null, c.Second));
            var (built, errors) = PlanRules.Build(DefaultCatalog, input);
            // Stored plans predate today's rules, so the check must also survive targets Build refuses.
            var targets = build ? built : input.ToDictionary(t => t.Key, t => new Target(Comparator.AtLeast, t.Value.Value));
            var warnings = PlanRules.CheckConsistency(targets);
            return built.Count + errors.Count == codes.Length && warnings.All(w => w.Message.Length > 0);
        }, iter: FewerIterations);

    [Fact]
    public void ReportsOfExtremeValuesAreValidatedWithoutThrowing() =>
        Gen.Select(Extreme.Array[DefaultCatalog.Elements.Count], Extreme.Array[DefaultCatalog.Elements.Count]).Sample((current, previous) =>
        {
            var codes = DefaultCatalog.Elements.Select(e => e.Code).ToArray();
            var outcome = ReportValidator.Validate(DefaultCatalog, codes.Zip(current).ToDictionary(), codes.Zip(previous).ToDictionary(), allowFractionalCounts: true);
            return outcome.IsValid || outcome.Errors.Count > 0;
        }, iter: FewerIterations);
}
