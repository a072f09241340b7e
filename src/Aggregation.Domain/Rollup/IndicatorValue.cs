using Aggregation.Domain.Catalog;

namespace Aggregation.Domain.Rollup;

/// <summary>An indicator's value at one unit, or null with the reason it is undefined.</summary>
public sealed record IndicatorValue(decimal? Value, decimal Numerator, decimal? Denominator, int Contributors, string? Reason)
{
    /// <summary>Evaluates (Σ numerator / Σ denominator) × scale + offset; never divides by zero.</summary>
    public static IndicatorValue Evaluate(IndicatorDefinition indicator, Components components)
    {
        var hasDenominator = indicator.Denominator.Count > 0;
        decimal? denominator = hasDenominator ? components.Denominator : null;
        if (components.Contributors == 0)
        {
            var inputs = string.Join(", ", indicator.Inputs.Select(i => i.Offset == 0 ? i.Element : $"{i.Element} of the previous period"));
            return new(null, 0m, denominator, 0, $"no contributing leaf: none reported all of {inputs}");
        }
        if (hasDenominator && components.Denominator == 0m)
        {
            return new(null, components.Numerator, 0m, components.Contributors, "the denominator is zero");
        }
        var ratio = hasDenominator ? components.Numerator / components.Denominator : components.Numerator;
        return new(ratio * indicator.Scale + indicator.Offset, components.Numerator, denominator, components.Contributors, null);
    }
}
