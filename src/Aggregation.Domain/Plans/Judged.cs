using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Rules;

namespace Aggregation.Domain.Plans;

/// <summary>An indicator's value from its summed components, judged against a target: what every view of an indicator shows.</summary>
public sealed record Judged(IndicatorValue Value, Attainment Attainment)
{
    /// <summary>
    /// Plans are annual. A <see cref="IndicatorKind.Cumulative"/> indicator grows through the year, so
    /// before the year is whole it is not judged but shown as its progress of the year's target;
    /// a <see cref="IndicatorKind.Rate"/> is judged against the annual target in every period.
    /// </summary>
    public static Judged Of(IndicatorDefinition indicator, Components components, Target? target, Period period)
    {
        var value = IndicatorValue.Evaluate(indicator, components);
        var attainment = indicator.Kind == IndicatorKind.Cumulative && !period.IsWholeYear
            ? Attainment.OfYear(target, value.Value)
            : Attainment.Evaluate(indicator, target, value.Value);
        return new Judged(value, attainment);
    }

    /// <summary>Why the value, or else its progress, is undefined (null when both are).</summary>
    public Note? Reason => Value.Reason ?? Attainment.Reason;
}
