using System.Globalization;
using System.Text.RegularExpressions;

namespace Aggregation.Domain.Catalog;

/// <summary>
/// One summand of a numerator or denominator, evaluated on a single leaf:
/// <c>element</c>, <c>-element</c>, <c>element[-1]</c> (the same period last year),
/// <c>element==19</c> (1 when equal, else 0) or <c>1</c> (counts the leaf itself).
/// </summary>
public sealed partial record Term(string? Element, int PeriodOffset, decimal Sign, decimal? EqualsValue)
{
    public static Term Parse(string text)
    {
        var m = TermPattern().Match(text.Trim());
        if (!m.Success)
        {
            throw new FormatException($"'{text}' is not a formula term");
        }
        if (m.Groups["one"].Success)
        {
            return new Term(null, 0, 1m, null);
        }
        var sign = m.Groups["neg"].Success ? -1m : 1m;
        var offset = m.Groups["off"].Success ? int.Parse(m.Groups["off"].Value, CultureInfo.InvariantCulture) : 0;
        decimal? eq = m.Groups["eq"].Success ? decimal.Parse(m.Groups["eq"].Value, CultureInfo.InvariantCulture) : null;
        return new Term(m.Groups["el"].Value, offset, sign, eq);
    }

    /// <summary>The term's value for one leaf, or null when an input is missing.</summary>
    public decimal? Evaluate(Func<string, int, decimal?> valueOf)
    {
        if (Element is null)
        {
            return Sign;
        }
        var v = valueOf(Element, PeriodOffset);
        if (v is null)
        {
            return null;
        }
        return EqualsValue is { } eq ? (v.Value == eq ? 1m : 0m) : Sign * v.Value;
    }

    [GeneratedRegex(@"^(?:(?<one>1)|(?<el>[a-z][a-z0-9_]*)==(?<eq>[0-9]+(?:\.[0-9]+)?)|(?<neg>-)?(?<el>[a-z][a-z0-9_]*)(?:\[(?<off>-1)\])?)\z")]
    private static partial Regex TermPattern();
}
