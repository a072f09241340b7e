using System.Globalization;
using System.Collections.Concurrent;

namespace Aggregation.Domain.Periods;

/// <summary>The length of a period, as DHIS2 names them, and January through a month.</summary>
public enum PeriodType { Yearly, SixMonthly, Quarterly, Monthly, YearToDate }

/// <summary>
/// A DHIS2 period id: <c>2023</c>, <c>2023S1</c>, <c>2023Q1</c>, <c>202301</c>, or January through a
/// month, <c>2023YTD09</c>. A period is its run of months, so it has one key: a year-to-date that
/// covers the same months as another period is that period (<c>2023YTD03</c> is <c>2023Q1</c>,
/// <c>2023YTD06</c> is <c>2023S1</c>, <c>2023YTD12</c> is <c>2023</c>, <c>2023YTD01</c> is <c>202301</c>).
/// <see cref="Previous"/> is the same type's preceding period; <see cref="SamePeriodLastYear"/> is the
/// same months a year earlier.
/// </summary>
public readonly record struct Period
{
    private Period(PeriodType type, int year, int index)
    {
        Type = type;
        Year = year;
        Index = index;
    }

    public PeriodType Type { get; }

    public int Year { get; }

    /// <summary>
    /// 1-based position within the year (always 1 for yearly periods); for a year-to-date, its last month.
    /// </summary>
    public int Index { get; }

    private int PerYear => Type switch
    {
        PeriodType.SixMonthly => 2,
        PeriodType.Quarterly => 4,
        PeriodType.Monthly or PeriodType.YearToDate => 12,
        _ => 1,
    };

    /// <summary>Months in one period of an aligned type (a year-to-date is not aligned: it always starts in January).</summary>
    private static int BlockLength(PeriodType type) => type switch
    {
        PeriodType.SixMonthly => 6,
        PeriodType.Quarterly => 3,
        PeriodType.Monthly => 1,
        _ => 12,
    };

    /// <summary>The calendar month (1–12) the period starts in.</summary>
    public int FirstMonth => Type == PeriodType.YearToDate ? 1 : (Index - 1) * BlockLength(Type) + 1;

    /// <summary>The calendar month (1–12) the period ends in.</summary>
    public int LastMonth => Type == PeriodType.YearToDate ? Index : Index * BlockLength(Type);

    /// <summary>How many months the period covers.</summary>
    public int MonthCount => LastMonth - FirstMonth + 1;

    /// <summary>Whether the period is the whole year: the year itself, or January through December.</summary>
    public bool IsWholeYear => MonthCount == 12;

    public DateOnly FirstDay => new(Year, FirstMonth, 1);

    public DateOnly LastDay => new(Year, LastMonth, DateTime.DaysInMonth(Year, LastMonth));

    /// <summary>The months the period covers, in order.</summary>
    public IReadOnlyList<Period> Months
    {
        get
        {
            var year = Year;
            return Enumerable.Range(FirstMonth, MonthCount).Select(m => new Period(PeriodType.Monthly, year, m)).ToList();
        }
    }

    /// <summary>Whether every month of <paramref name="other"/> is one of this period's months (a period contains itself).</summary>
    public bool Contains(Period other) =>
        Year == other.Year && FirstMonth <= other.FirstMonth && other.LastMonth <= LastMonth;

    /// <summary>
    /// The same months of the previous year: what <c>x[-1]</c> reads for a sub-annual period
    /// (so sánh cùng kỳ), and the previous year for a year.
    /// </summary>
    public Period SamePeriodLastYear => new(Type, Year - 1, Index);

    /// <summary>The same months of the next year: the period whose <c>x[-1]</c> reads this one.</summary>
    public Period SamePeriodNextYear => new(Type, Year + 1, Index);

    /// <summary>
    /// Every period a month's report is part of: the month, its quarter, its half, each year-to-date
    /// from that month on, and the year — each once, finest first.
    /// </summary>
    public static IReadOnlyList<Period> Containing(Period month)
    {
        if (month.Type != PeriodType.Monthly)
        {
            throw new ArgumentException($"{month} is not a month", nameof(month));
        }
        var quarter = new Period(PeriodType.Quarterly, month.Year, (month.Index + 2) / 3);
        var half = new Period(PeriodType.SixMonthly, month.Year, (month.Index + 5) / 6);
        var toDate = Enumerable.Range(month.Index, 13 - month.Index).Select(m => Create(PeriodType.YearToDate, month.Year, m));
        return new[] { month, quarter, half }.Concat(toDate).Distinct().ToList();
    }

    /// <summary>Every period of a year, once each: the year, halves, quarters, months and the other year-to-dates.</summary>
    public static IReadOnlyList<Period> AllOf(int year) => Years.GetOrAdd(year, Every);

    private static readonly ConcurrentDictionary<int, IReadOnlyList<Period>> Years = new();

    private static IReadOnlyList<Period> Every(int year) =>
        new[] { PeriodType.Yearly, PeriodType.SixMonthly, PeriodType.Quarterly, PeriodType.Monthly, PeriodType.YearToDate }
            .SelectMany(t => Enumerable.Range(1, new Period(t, year, 1).PerYear).Select(i => Create(t, year, i)))
            .Distinct().ToList().AsReadOnly();

    /// <summary>The period covering exactly the months <paramref name="first"/>..<paramref name="last"/> of a year, if there is one.</summary>
    public static bool TryCover(int year, int first, int last, out Period period)
    {
        period = default;
        if (year is < 1900 or > 2999 || first < 1 || last > 12 || first > last)
        {
            return false;
        }
        var length = last - first + 1;
        foreach (var type in new[] { PeriodType.Yearly, PeriodType.SixMonthly, PeriodType.Quarterly, PeriodType.Monthly })
        {
            if (BlockLength(type) == length && (first - 1) % length == 0)
            {
                period = new Period(type, year, (first - 1) / length + 1);
                return true;
            }
        }
        if (first == 1)
        {
            period = new Period(PeriodType.YearToDate, year, last);
            return true;
        }
        return false;
    }

    public static Period Create(PeriodType type, int year, int index)
    {
        if (!TryCreate(type, year, index, out var p))
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"{type} period {year}/{index} is out of range");
        }
        return p;
    }

    private static bool TryCreate(PeriodType type, int year, int index, out Period period)
    {
        period = default;
        var candidate = new Period(type, year, index);
        if (year is < 1900 or > 2999 || index < 1 || index > candidate.PerYear)
        {
            return false;
        }
        return TryCover(year, candidate.FirstMonth, candidate.LastMonth, out period);
    }

    /// <summary>
    /// Reads a period id: four digits, then nothing (the year), <c>S</c> and 1–2, <c>Q</c> and 1–4, two digits
    /// 01–12 (a month), or <c>YTD</c> and two digits 01–12. Read by hand: every value of a bulk request names its period.
    /// </summary>
    public static bool TryParse(string? text, out Period period)
    {
        period = default;
        if (text is null || text.Length < 4 || !TryDigits(text.AsSpan(0, 4), out var year))
        {
            return false;
        }
        var rest = text.AsSpan(4);
        (PeriodType type, int index) = rest switch
        {
            [] => (PeriodType.Yearly, 1),
            ['S', var s and >= '1' and <= '2'] => (PeriodType.SixMonthly, s - '0'),
            ['Q', var q and >= '1' and <= '4'] => (PeriodType.Quarterly, q - '0'),
            [_, _] when TryDigits(rest, out var month) && month is >= 1 and <= 12 => (PeriodType.Monthly, month),
            ['Y', 'T', 'D', _, _] when TryDigits(rest[3..], out var last) && last is >= 1 and <= 12 => (PeriodType.YearToDate, last),
            _ => (PeriodType.Yearly, 0),
        };
        return index > 0 && TryCreate(type, year, index, out period);
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return true;
    }

    public static Period Parse(string text) =>
        TryParse(text, out var p) ? p : throw new FormatException($"'{text}' is not a period id (2023, 2023S1, 2023Q1, 202301, 2023YTD09)");

    /// <summary>
    /// The same type's preceding period. A year-to-date has no same-type neighbour within its year
    /// (the next one is one month longer), so its previous is the same months of the year before.
    /// </summary>
    public Period Previous => Type == PeriodType.YearToDate ? SamePeriodLastYear : Shift(-1);

    /// <summary>The inverse of <see cref="Previous"/>.</summary>
    public Period Next => Type == PeriodType.YearToDate ? new Period(Type, Year + 1, Index) : Shift(1);

    private Period Shift(int by)
    {
        var ordinal = Year * PerYear + (Index - 1) + by;
        return new Period(Type, ordinal / PerYear, ordinal % PerYear + 1);
    }

    /// <summary>The period's id, made once per period and kept: reports are kept and sent by their period's id.</summary>
    public override string ToString() => Names.GetOrAdd(((Year * 8) + (int)Type) * 16 + Index, static (_, p) => p.Format(), this);

    private static readonly ConcurrentDictionary<int, string> Names = new();

    private string Format() => Type switch
    {
        PeriodType.SixMonthly => $"{Year}S{Index}",
        PeriodType.Quarterly => $"{Year}Q{Index}",
        PeriodType.Monthly => $"{Year}{Index:00}",
        PeriodType.YearToDate => $"{Year}YTD{Index:00}",
        _ => Year.ToString(CultureInfo.InvariantCulture),
    };
}
