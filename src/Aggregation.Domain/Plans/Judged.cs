using Aggregation.Domain.Catalog;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Rules;

namespace Aggregation.Domain.Plans;

/// <summary>An indicator's value from its summed components, judged against a target: what every view of an indicator shows.</summary>
public sealed record Judged(IndicatorValue Value, Attainment Attainment)
{
    public static Judged Of(IndicatorDefinition indicator, Components components, Target? target)
    {
        var value = IndicatorValue.Evaluate(indicator, components);
        return new Judged(value, Attainment.Evaluate(indicator, target, value.Value));
    }

    /// <summary>Why the value, or else its progress, is undefined (null when both are).</summary>
    public Note? Reason => Value.Reason ?? Attainment.Reason;
}
