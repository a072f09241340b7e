using Aggregation.Domain.Catalog;
using Aggregation.Domain.Rollup;

namespace Aggregation.Domain.Tests;

/// <summary>Short ways to write reports and evaluate indicators over leaves.</summary>
internal static class Fixtures
{
    public static IndicatorCatalog DefaultCatalog => IndicatorCatalog.Default;

    public static Dictionary<string, decimal> Report(params (string Element, decimal Value)[] values) =>
        values.ToDictionary(v => v.Element, v => v.Value);

    public static IndicatorDefinition Indicator(string code) =>
        DefaultCatalog.FindIndicator(code) ?? throw new ArgumentException($"no indicator '{code}'");

    public static Contribution Leaf(Dictionary<string, decimal> current, Dictionary<string, decimal>? previous = null, bool flagged = false) =>
        LeafContribution.Compute(DefaultCatalog, current, previous, flagged);

    public static IndicatorValue Evaluate(string indicator, params Contribution[] leaves) =>
        IndicatorValue.Evaluate(Indicator(indicator), Contribution.Sum(leaves).IndicatorOrZero(indicator));
}
