using Aggregation.Domain.Periods;

namespace Aggregation.Domain.Tests;

public class PeriodTests
{
    [Theory]
    [InlineData("2023", PeriodType.Yearly, 2023, 1)]
    [InlineData("2023S1", PeriodType.SixMonthly, 2023, 1)]
    [InlineData("2023Q4", PeriodType.Quarterly, 2023, 4)]
    [InlineData("202301", PeriodType.Monthly, 2023, 1)]
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
    [InlineData("23")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData(" 2023")]
    [InlineData("1899")]
    [InlineData(null)]
    public void InvalidIdsAreRejected(string? id)
    {
        Assert.False(Period.TryParse(id, out _));
        Assert.Throws<FormatException>(() => Period.Parse(id!));
    }

    [Fact]
    public void CreateRejectsOutOfRangeIndex() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.Create(PeriodType.Quarterly, 2023, 5));
}
