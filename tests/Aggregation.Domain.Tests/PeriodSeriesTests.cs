using Aggregation.Domain.Periods;

namespace Aggregation.Domain.Tests;

public class PeriodSeriesTests
{
    [Theory]
    [InlineData("202211", "202302", "202211,202212,202301,202302")]
    [InlineData("2022Q3", "2023Q2", "2022Q3,2022Q4,2023Q1,2023Q2")]
    [InlineData("2022S2", "2023S2", "2022S2,2023S1,2023S2")]
    [InlineData("2021", "2023", "2021,2022,2023")]
    [InlineData("2021YTD09", "2023YTD09", "2021YTD09,2022YTD09,2023YTD09")]
    [InlineData("2022YTD06", "2023YTD06", "2022S1,2023S1")]
    [InlineData("2022YTD03", "2023YTD03", "2022Q1,2023Q1")]
    [InlineData("2022YTD01", "2024YTD01", "202201,202301,202401")]
    [InlineData("2023Q2", "2023Q2", "2023Q2")]
    public void ASeriesIsEveryPeriodOfOneTypeFromOneToTheOther(string from, string to, string expected)
    {
        var (periods, problem) = PeriodSeries.Between(from, to);
        Assert.Null(problem);
        Assert.Equal(expected, string.Join(",", periods));
    }

    [Theory]
    [InlineData("2023Q1", "202303", "period_type_mismatch")]
    [InlineData("2023YTD09", "2024YTD08", "period_type_mismatch")]
    [InlineData("2023YTD06", "2023S2", "period_type_mismatch")]
    [InlineData("2023S1", "2024YTD06", "period_type_mismatch")]
    [InlineData("2023Q2", "2023Q1", "before_from")]
    [InlineData("2023YTD09", "2022YTD09", "before_from")]
    [InlineData("201401", "202401", "too_many")]
    [InlineData("1900", "2030", "too_many")]
    public void ASeriesOfMixedTypesBackwardsOrLongerThan120PeriodsIsRefused(string from, string to, string code)
    {
        var (periods, problem) = PeriodSeries.Between(from, to);
        Assert.Equal(code, problem?.Code);
        Assert.Empty(periods);
    }

    [Fact]
    public void TenYearsOfMonthsIsTheLongestSeries()
    {
        Assert.Equal(PeriodSeries.MaxLength, PeriodSeries.Between("201401", "202312").Periods.Count);
        Assert.Equal("too_many", PeriodSeries.Between("201312", "202312").Problem?.Code);
    }
}
