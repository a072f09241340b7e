using Aggregation.Domain.Catalog;
using Aggregation.Domain.Numbers;
using Aggregation.Domain.Rules;

namespace Aggregation.Domain.Rollup;

/// <summary>An indicator's value at one unit, or null with the reason it is undefined.</summary>
public sealed record IndicatorValue(decimal? Value, decimal Numerator, decimal? Denominator, int Contributors, Note? Reason)
{
    public static readonly Note ZeroDenominator = new(NoteCodes.ZeroDenominator, "the denominator is zero");

    public static readonly Note Overflow = new(NoteCodes.ValueOverflow, $"the value is {Checked.OutOfRange}");

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
            return new(null, 0m, denominator, 0, NoContributor(indicator));
        }
        if (hasDenominator && components.Denominator == 0m)
        {
            return new(null, components.Numerator, 0m, components.Contributors, ZeroDenominator);
        }
        decimal? ratio = hasDenominator ? Checked.Divide(components.Numerator, components.Denominator) : components.Numerator;
        var value = ratio is { } r && Checked.Multiply(r, indicator.Scale) is { } scaled ? Checked.Add(scaled, indicator.Offset) : null;
        return value is null
            ? new(null, components.Numerator, denominator, components.Contributors, Overflow)
            : new(value, components.Numerator, denominator, components.Contributors, null);
    }

    /// <summary>No leaf reported every input; the args name them as the catalogue's formulas do (<c>income_total[-1]</c>).</summary>
    public static Note NoContributor(IndicatorDefinition indicator)
    {
        var inputs = indicator.Inputs.ToList();
        return Note.Of(NoteCodes.NoContributor,
            $"no contributing leaf: none reported all of {string.Join(", ", inputs.Select(i => i.Offset == 0 ? i.Element : $"{i.Element} of the same period last year"))}",
            ("inputs", NoteArg.List(inputs.Select(i => i.Offset == 0 ? i.Element : $"{i.Element}[{i.Offset}]"))));
    }
}
