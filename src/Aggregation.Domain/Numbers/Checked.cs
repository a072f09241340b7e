namespace Aggregation.Domain.Numbers;

/// <summary>
/// Decimal arithmetic that answers null where the result is beyond ±7.9e28 instead of throwing:
/// accepted data (a 1e15 budget against a 0.000001 plan) must never make a read fail.
/// </summary>
public static class Checked
{
    /// <summary>Why a computed figure is null when it overflowed; shown next to it.</summary>
    public const string OutOfRange = "out of range: the result is beyond ±7.9e28, the largest a decimal holds";

    public static decimal? Add(decimal a, decimal b)
    {
        try
        {
            return a + b;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    public static decimal? Subtract(decimal a, decimal b)
    {
        try
        {
            return a - b;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    public static decimal? Multiply(decimal a, decimal b)
    {
        try
        {
            return a * b;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>Null for a zero divisor too; callers that must say why check it first.</summary>
    public static decimal? Divide(decimal a, decimal b)
    {
        if (b == 0m)
        {
            return null;
        }
        try
        {
            return a / b;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>|a − b|, saturating at <see cref="decimal.MaxValue"/>: a distance that large is simply "very far".</summary>
    public static decimal Distance(decimal a, decimal b) => Subtract(a, b) is { } d ? Math.Abs(d) : decimal.MaxValue;
}
