using Aggregation.Domain.Periods;

namespace Aggregation.Domain.Tests;

public class PeriodTests
{
    [Theory]
    [InlineData("2023", PeriodType.Yearly, 2023, 1)]
    [InlineData("2023S1", PeriodType.SixMonthly, 2023, 1)]
    [InlineData("2023Q4", PeriodType.Quarterly, 2023, 4)]
    [InlineData("202301", PeriodType.Monthly, 2023, 1)]
    [InlineData("2023YTD09", PeriodType.YearToDate, 2023, 9)]
    [InlineData("2023YTD02", PeriodType.YearToDate, 2023, 2)]
    public void ParseAndFormatRoundTrip(string id, PeriodType type, int year, int index)
    {
        var period = Period.Parse(id);
        Assert.Equal((type, year, index), (period.Type, period.Year, period.Index));
        Assert.Equal(id, period.ToString());
        Assert.Equal(period, Period.Create(type, year, index));
    }

    [Theory]
    [InlineData("2023Q1", "2022Q4")]
    [InlineData("202301", "202212")]
    [InlineData("2023S1", "2022S2")]
    [InlineData("2023", "2022")]
    [InlineData("2023Q3", "2023Q2")]
    [InlineData("202310", "202309")]
    [InlineData("2023YTD09", "2022YTD09")]
    public void PreviousAndNextCrossYearBoundaries(string id, string previous)
    {
        Assert.Equal(previous, Period.Parse(id).Previous.ToString());
        Assert.Equal(id, Period.Parse(previous).Next.ToString());
    }

    [Theory]
    [InlineData("2023Q5")]
    [InlineData("2023Q0")]
    [InlineData("202313")]
    [InlineData("202300")]
    [InlineData("2023S3")]
    [InlineData("2023YTD00")]
    [InlineData("2023YTD13")]
    [InlineData("2023YTD9")]
    [InlineData("2023ytd09")]
    [InlineData("2023YTD")]
    [InlineData("23")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData(" 2023")]
    [InlineData("1899")]
    [InlineData("3000")]
    [InlineData("2023\n")]
    [InlineData("2023 ")]
    [InlineData("2023q1")]
    [InlineData("2023M01")]
    [InlineData("2023-01")]
    [InlineData("2023011")]
    [InlineData("202３")]
    [InlineData("2023Q1X")]
    [InlineData("2023YTD091")]
    [InlineData(null)]
    public void InvalidIdsAreRejected(string? id)
    {
        Assert.False(Period.TryParse(id, out _));
        Assert.Throws<FormatException>(() => Period.Parse(id!));
    }

    [Fact]
    public void CreateRejectsOutOfRangeIndex()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.Create(PeriodType.Quarterly, 2023, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.Create(PeriodType.YearToDate, 2023, 13));
    }

    [Theory]
    [InlineData("2023YTD03", "2023Q1", PeriodType.Quarterly)]
    [InlineData("2023YTD06", "2023S1", PeriodType.SixMonthly)]
    [InlineData("2023YTD12", "2023", PeriodType.Yearly)]
    [InlineData("2023YTD01", "202301", PeriodType.Monthly)]
    public void AYearToDateCoveringAnotherPeriodIsThatPeriod(string id, string canonical, PeriodType type)
    {
        var period = Period.Parse(id);
        Assert.Equal(Period.Parse(canonical), period);
        Assert.Equal(type, period.Type);
        Assert.Equal(canonical, period.ToString());
        Assert.Equal(period, Period.Create(PeriodType.YearToDate, 2023, int.Parse(id[^2..])));
    }

    [Theory]
    [InlineData("2023", 1, 12, "2023-12-31")]
    [InlineData("2023S2", 7, 12, "2023-12-31")]
    [InlineData("2023Q1", 1, 3, "2023-03-31")]
    [InlineData("2024Q1", 1, 3, "2024-03-31")]
    [InlineData("202402", 2, 2, "2024-02-29")]
    [InlineData("202302", 2, 2, "2023-02-28")]
    [InlineData("2023YTD09", 1, 9, "2023-09-30")]
    [InlineData("2023YTD11", 1, 11, "2023-11-30")]
    public void APeriodKnowsItsMonthsAndLastDay(string id, int first, int last, string lastDay)
    {
        var period = Period.Parse(id);
        Assert.Equal((first, last), (period.FirstMonth, period.LastMonth));
        Assert.Equal(DateOnly.Parse(lastDay, System.Globalization.CultureInfo.InvariantCulture), period.LastDay);
        Assert.Equal(new DateOnly(period.Year, first, 1), period.FirstDay);
        Assert.Equal(Enumerable.Range(first, last - first + 1).Select(m => $"{period.Year}{m:00}"), period.Months.Select(m => m.ToString()));
    }

    [Theory]
    [InlineData("2023Q3", "2022Q3")]
    [InlineData("2023YTD09", "2022YTD09")]
    [InlineData("2023", "2022")]
    [InlineData("202301", "202201")]
    [InlineData("2023S2", "2022S2")]
    public void SamePeriodLastYearIsTheSameMonthsOfThePreviousYear(string id, string lastYear) =>
        Assert.Equal(lastYear, Period.Parse(id).SamePeriodLastYear.ToString());

    [Theory]
    [InlineData("202302", "202302 2023Q1 2023S1 2023YTD02 2023YTD04 2023YTD05 2023YTD07 2023YTD08 2023YTD09 2023YTD10 2023YTD11 2023")]
    [InlineData("202309", "202309 2023Q3 2023S2 2023YTD09 2023YTD10 2023YTD11 2023")]
    [InlineData("202312", "202312 2023Q4 2023S2 2023")]
    public void AMonthIsPartOfItsQuarterHalfLaterYearToDatesAndYear(string month, string expected) =>
        Assert.Equal(expected, string.Join(" ", Period.Containing(Period.Parse(month))));

    [Theory]
    [InlineData("2023Q1")]
    [InlineData("2023YTD09")]
    [InlineData("2023")]
    public void OnlyAMonthHasContainingPeriods(string id) =>
        Assert.Throws<ArgumentException>(() => Period.Containing(Period.Parse(id)));

    [Fact]
    public void AYearHasTwentySevenPeriods()
    {
        var all = Period.AllOf(2023);
        Assert.Equal(27, all.Count);
        Assert.Equal(27, all.Distinct().Count());
        Assert.Equal(8, all.Count(p => p.Type == PeriodType.YearToDate));
    }
}
