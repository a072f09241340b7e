using Aggregation.Domain.Catalog;
using Aggregation.Domain.Numbers;

namespace Aggregation.Domain.Rollup;

/// <summary>An indicator's value at one unit, or null with the reason it is undefined.</summary>
public sealed record IndicatorValue(decimal? Value, decimal Numerator, decimal? Denominator, int Contributors, string? Reason)
{
    /// <summary>
    /// Evaluates (Σ numerator / Σ denominator) × scale + offset; never divides by zero, and a
    /// result beyond a decimal's range (1e15 over a 0.000001 denominator, × 100) is null with a reason.
    /// </summary>
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
        decimal? ratio = hasDenominator ? Checked.Divide(components.Numerator, components.Denominator) : components.Numerator;
        var value = ratio is { } r && Checked.Multiply(r, indicator.Scale) is { } scaled ? Checked.Add(scaled, indicator.Offset) : null;
        return value is null
            ? new(null, components.Numerator, denominator, components.Contributors, $"the value is {Checked.OutOfRange}")
            : new(value, components.Numerator, denominator, components.Contributors, null);
    }
}
