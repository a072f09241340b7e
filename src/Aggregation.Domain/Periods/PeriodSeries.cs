using Aggregation.Domain.Rules;

namespace Aggregation.Domain.Periods;

/// <summary>
/// The periods of a trend line: every period of one type from one period to another, oldest first.
/// A series of year-to-dates is the same months each year ("9 tháng" of 2021, 2022, 2023), asked with
/// year-to-date ids of the same month. It steps a year at a time even where the id is also another
/// period's: <c>2021YTD06</c> to <c>2023YTD06</c> is three periods, <c>2021S1</c>, <c>2022S1</c> and
/// <c>2023S1</c>, not the five halves between them.
/// </summary>
public static class PeriodSeries
{
    /// <summary>Ten years of months: enough for any trend line, small enough to answer from one grain call per year.</summary>
    public const int MaxLength = 120;

    public static readonly Rule TypeMismatch = new(RefusalCodes.PeriodTypeMismatch,
        "must be a period of the same type as 'from' (months, quarters, halves, years, or year-to-dates of the same month)");

    public static readonly Rule BeforeFrom = new(RefusalCodes.BeforeFrom, "must not be before 'from'");

    public static readonly Rule TooMany = new(RefusalCodes.TooMany, $"a series has at most {MaxLength} periods");

    /// <summary>The series between two period ids, which must both parse (<see cref="Period.TryParse"/>): a year-to-date id asks for year-to-dates.</summary>
    public static (IReadOnlyList<Period> Periods, Rule? Problem) Between(string from, string to) =>
        IsYearToDateId(from) == IsYearToDateId(to)
            ? Between(Period.Parse(from), Period.Parse(to), IsYearToDateId(from))
            : ([], TypeMismatch);

    /// <summary>Whether a period id names a year-to-date (<c>2023YTD09</c>), even one that is also another period (<c>2023YTD06</c>).</summary>
    private static bool IsYearToDateId(string id) => id.Contains("YTD", StringComparison.Ordinal);

    /// <summary>
    /// The periods from <paramref name="from"/> through <paramref name="to"/>, or why there are none: <paramref name="to"/>
    /// of another type (<see cref="TypeMismatch"/>), before <paramref name="from"/> (<see cref="BeforeFrom"/>), or
    /// more than <see cref="MaxLength"/> periods away (<see cref="TooMany"/>). With <paramref name="yearToDate"/>, both
    /// are January through the same month and the series takes those months of every year between.
    /// </summary>
    public static (IReadOnlyList<Period> Periods, Rule? Problem) Between(Period from, Period to, bool yearToDate)
    {
        var sameType = yearToDate
            ? from.FirstMonth == 1 && to.FirstMonth == 1 && from.LastMonth == to.LastMonth
            : from.Type == to.Type;
        if (!sameType)
        {
            return ([], TypeMismatch);
        }
        if (to.FirstDay < from.FirstDay)
        {
            return ([], BeforeFrom);
        }
        var periods = new List<Period> { from };
        for (var p = from; p != to;)
        {
            p = yearToDate ? SameMonthsNextYear(p) : p.Next;
            if (periods.Count == MaxLength)
            {
                return ([], TooMany);
            }
            periods.Add(p);
        }
        return (periods, null);
    }

    private static Period SameMonthsNextYear(Period period)
    {
        Period.TryCover(period.Year + 1, 1, period.LastMonth, out var next);
        return next;
    }
}
