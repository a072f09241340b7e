namespace Aggregation.Domain.Numbers;

/// <summary>What reading a number's text as a decimal gave.</summary>
public enum NumberReading
{
    /// <summary>The decimal is exactly the number written.</summary>
    Exact,

    /// <summary>The magnitude is beyond ±79228162514264337593543950335.</summary>
    OutOfRange,

    /// <summary>In range, but a decimal would round it (more than 28 decimal places or 29 digits): 5e-324 would become 0.</summary>
    Inexact,

    /// <summary>Not a number in JSON's grammar.</summary>
    NotANumber,
}

/// <summary>
/// Reads a JSON number (mantissa and exponent) into a decimal only when the decimal is exactly
/// that number; <c>decimal.Parse</c> would silently round 5e-324 to 0 or 0.1234…(40 digits) to 28
/// places. The result carries no trailing zeros.
/// </summary>
public static class ExactDecimal
{
    /// <summary>A decimal's 96-bit mantissa holds at most 29 digits.</summary>
    private const int MaxDigits = 29;
    private const int MaxScale = 28;
    private static readonly UInt128 MaxMantissa = (UInt128.One << 96) - 1;

    public static NumberReading Read(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0m;
        var i = 0;
        var negative = i < text.Length && text[i] == '-';
        if (negative)
        {
            i++;
        }
        // Significant digits without leading zeros; value = digits × 10^exponent.
        Span<char> digits = stackalloc char[MaxDigits + 1];
        var count = 0;
        var dropped = 0; // nonzero digits beyond what a decimal could hold
        long exponent = 0;
        var seenDigit = false;
        var seenPoint = false;
        for (; i < text.Length && (char.IsAsciiDigit(text[i]) || (text[i] == '.' && !seenPoint)); i++)
        {
            if (text[i] == '.')
            {
                seenPoint = true;
                continue;
            }
            seenDigit = true;
            if (seenPoint)
            {
                exponent--;
            }
            if (count == 0 && text[i] == '0')
            {
                continue;
            }
            if (count < digits.Length)
            {
                digits[count++] = text[i];
            }
            else
            {
                // A digit that does not fit still counts for the magnitude; if nonzero, exactness is lost.
                exponent++;
                dropped += text[i] == '0' ? 0 : 1;
            }
        }
        if (!seenDigit)
        {
            return NumberReading.NotANumber;
        }
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            if (ReadExponent(text[(i + 1)..]) is not { } e)
            {
                return NumberReading.NotANumber;
            }
            exponent += e;
        }
        else if (i != text.Length)
        {
            return NumberReading.NotANumber;
        }
        if (count == 0)
        {
            return NumberReading.Exact; // zero, whatever its exponent or sign
        }
        while (digits[count - 1] == '0' && dropped == 0)
        {
            count--;
            exponent++;
        }
        // Digits before the decimal point decide the range; anything at or above 1e29 is beyond it.
        if (count + exponent > MaxDigits)
        {
            return NumberReading.OutOfRange;
        }
        if (count + exponent == MaxDigits)
        {
            var whole = Mantissa(digits[..Math.Min(count, MaxDigits)], MaxDigits - Math.Min(count, MaxDigits));
            var hasFraction = exponent < 0 || dropped > 0;
            if (whole > MaxMantissa || (whole == MaxMantissa && hasFraction))
            {
                return NumberReading.OutOfRange;
            }
        }
        if (dropped > 0 || -exponent > MaxScale || count > MaxDigits)
        {
            return NumberReading.Inexact;
        }
        var mantissa = Mantissa(digits[..count], exponent > 0 ? (int)exponent : 0);
        if (mantissa > MaxMantissa)
        {
            return NumberReading.Inexact;
        }
        var scale = exponent < 0 ? (byte)-exponent : (byte)0;
        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), negative, scale);
        return NumberReading.Exact;
    }

    /// <summary>The digits followed by <paramref name="zeros"/> zeros, as an integer (at most 29 digits in all).</summary>
    private static UInt128 Mantissa(ReadOnlySpan<char> digits, int zeros)
    {
        UInt128 m = 0;
        foreach (var d in digits)
        {
            m = m * 10 + (uint)(d - '0');
        }
        for (var z = 0; z < zeros; z++)
        {
            m *= 10;
        }
        return m;
    }

    /// <summary>The exponent, saturated far beyond any decimal so that 1e999999999999 is simply out of range.</summary>
    private static long? ReadExponent(ReadOnlySpan<char> text)
    {
        var negative = text.Length > 0 && text[0] == '-';
        if (text.Length > 0 && text[0] is '-' or '+')
        {
            text = text[1..];
        }
        if (text.IsEmpty)
        {
            return null;
        }
        long e = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return null;
            }
            e = Math.Min(e * 10 + (c - '0'), 1_000_000);
        }
        return negative ? -e : e;
    }
}
