using System.Globalization;
using System.Text.RegularExpressions;

namespace Aggregation.Domain.Periods;

/// <summary>The length of a period, as DHIS2 names them.</summary>
public enum PeriodType { Yearly, SixMonthly, Quarterly, Monthly }

/// <summary>
/// A DHIS2 period id: <c>2023</c>, <c>2023S1</c>, <c>2023Q1</c>, <c>202301</c>.
/// <see cref="Previous"/> is the same type's preceding period (what <c>x[-1]</c> reads).
/// </summary>
public readonly partial record struct Period
{
    private Period(PeriodType type, int year, int index)
    {
        Type = type;
        Year = year;
        Index = index;
    }

    public PeriodType Type { get; }

    public int Year { get; }

    /// <summary>1-based position within the year (always 1 for yearly periods).</summary>
    public int Index { get; }

    private int PerYear => Type switch
    {
        PeriodType.SixMonthly => 2,
        PeriodType.Quarterly => 4,
        PeriodType.Monthly => 12,
        _ => 1,
    };

    public static Period Create(PeriodType type, int year, int index)
    {
        var p = new Period(type, year, index);
        if (year is < 1900 or > 2999 || index < 1 || index > p.PerYear)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"{type} period {year}/{index} is out of range");
        }
        return p;
    }

    public static bool TryParse(string? text, out Period period)
    {
        period = default;
        var m = text is null ? Match.Empty : Pattern().Match(text);
        if (!m.Success)
        {
            return false;
        }
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        (PeriodType type, int index) = m switch
        {
            _ when m.Groups["s"].Success => (PeriodType.SixMonthly, int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture)),
            _ when m.Groups["q"].Success => (PeriodType.Quarterly, int.Parse(m.Groups["q"].Value, CultureInfo.InvariantCulture)),
            _ when m.Groups["m"].Success => (PeriodType.Monthly, int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture)),
            _ => (PeriodType.Yearly, 1),
        };
        var candidate = new Period(type, year, index);
        if (year is < 1900 or > 2999 || index < 1 || index > candidate.PerYear)
        {
            return false;
        }
        period = candidate;
        return true;
    }

    public static Period Parse(string text) =>
        TryParse(text, out var p) ? p : throw new FormatException($"'{text}' is not a period id (2023, 2023S1, 2023Q1, 202301)");

    public Period Previous => Shift(-1);

    public Period Next => Shift(1);

    private Period Shift(int by)
    {
        var ordinal = Year * PerYear + (Index - 1) + by;
        return new Period(Type, ordinal / PerYear, ordinal % PerYear + 1);
    }

    public override string ToString() => Type switch
    {
        PeriodType.SixMonthly => $"{Year}S{Index}",
        PeriodType.Quarterly => $"{Year}Q{Index}",
        PeriodType.Monthly => $"{Year}{Index:00}",
        _ => Year.ToString(CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?<y>[0-9]{4})(?:S(?<s>[12])|Q(?<q>[1-4])|(?<m>0[1-9]|1[0-2]))?\z")]
    private static partial Regex Pattern();
}
