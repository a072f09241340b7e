using Aggregation.Domain.Periods;
using CsCheck;

namespace Aggregation.Domain.Tests;

public class PeriodProperties
{
    /// <summary>A period id as a reporter may write it, with the months it names.</summary>
    internal sealed record PeriodId(string Text, int Year, int FirstMonth, int LastMonth)
    {
        public override string ToString() => Text;
    }

    private static readonly Gen<int> Year = Gen.Int[1901, 2998];

    /// <summary>Every form of id, its months worked out from the id's own text.</summary>
    internal static readonly Gen<PeriodId> Id = Gen.Select(Year, Gen.Int[0, 4], Gen.Int[1, 12], (year, form, n) => form switch
    {
        0 => new PeriodId($"{year}", year, 1, 12),
        1 => new PeriodId($"{year}S{(n - 1) % 2 + 1}", year, 6 * ((n - 1) % 2) + 1, 6 * ((n - 1) % 2) + 6),
        2 => new PeriodId($"{year}Q{(n - 1) % 4 + 1}", year, 3 * ((n - 1) % 4) + 1, 3 * ((n - 1) % 4) + 3),
        3 => new PeriodId($"{year}{n:00}", year, n, n),
        _ => new PeriodId($"{year}YTD{n:00}", year, 1, n),
    });

    internal static readonly Gen<Period> AnyPeriod = Id.Select(id => Period.Parse(id.Text));

    /// <summary>Two periods of one year.</summary>
    private static readonly Gen<(Period, Period)> Pair = Gen.Select(Year, Gen.Int[0, 26], Gen.Int[0, 26], (year, a, b) =>
        (Period.AllOf(year)[a], Period.AllOf(year)[b]));

    [Fact]
    public void AnIdParsesToThePeriodOfTheMonthsItNames() =>
        Id.Sample(id =>
        {
            var period = Period.Parse(id.Text);
            Assert.Equal((id.Year, id.FirstMonth, id.LastMonth), (period.Year, period.FirstMonth, period.LastMonth));
            Assert.Equal(id.LastMonth - id.FirstMonth + 1, period.MonthCount);
        });

    [Fact]
    public void ParsingTheIdOfAPeriodGivesItBack() =>
        AnyPeriod.Sample(p =>
        {
            Assert.Equal(p, Period.Parse(p.ToString()));
            Assert.Equal(p, Period.Create(p.Type, p.Year, p.Index));
        });

    [Fact]
    public void OnlyAYearToDateThatIsAnotherPeriodChangesItsId() =>
        Id.Sample(id =>
        {
            var canonical = Period.Parse(id.Text).ToString();
            var renamed = id.Text.Contains("YTD") && id.LastMonth is 1 or 3 or 6 or 12;
            Assert.Equal(renamed, canonical != id.Text);
        });

    [Fact]
    public void TwoPeriodsAreEqualExactlyWhenTheyCoverTheSameMonths() =>
        Pair.Sample(pair =>
        {
            var (a, b) = pair;
            Assert.Equal(a.Months.SequenceEqual(b.Months), a == b);
            Assert.Equal(a.Months.SequenceEqual(b.Months), a.GetHashCode() == b.GetHashCode() && a.ToString() == b.ToString());
        });

    [Fact]
    public void ContainsIsInclusionOfMonths() =>
        Pair.Sample(pair =>
        {
            var (a, b) = pair;
            Assert.Equal(b.Months.All(a.Months.Contains), a.Contains(b));
        });

    [Fact]
    public void APeriodInAnotherYearIsNeverContained() =>
        Gen.Select(AnyPeriod, AnyPeriod).Sample((a, b) => a.Year == b.Year || !a.Contains(b));

    [Fact]
    public void SamePeriodLastYearIsTheSameMonthsAYearEarlier() =>
        AnyPeriod.Sample(p =>
        {
            var before = p.SamePeriodLastYear;
            Assert.Equal((p.Type, p.Year - 1, p.FirstMonth, p.LastMonth), (before.Type, before.Year, before.FirstMonth, before.LastMonth));
            Assert.Equal(p.ToString()[4..], before.ToString()[4..]);
        });

    [Fact]
    public void PreviousAndNextAreInverses() =>
        AnyPeriod.Sample(p =>
        {
            Assert.Equal(p, p.Previous.Next);
            Assert.Equal(p, p.Next.Previous);
            Assert.Equal(p.Type, p.Previous.Type);
        });

    [Fact]
    public void ThePeriodsContainingAMonthAreExactlyThoseOfItsYearThatContainIt() =>
        Gen.Select(Year, Gen.Int[1, 12]).Sample((year, m) =>
        {
            var month = Period.Create(PeriodType.Monthly, year, m);
            var containing = Period.Containing(month);
            Assert.Equal(containing.Count, containing.Distinct().Count());
            Assert.Equal(
                Period.AllOf(year).Where(p => p.Months.Contains(month)).OrderBy(p => p.ToString()),
                containing.OrderBy(p => p.ToString()));
        });

    [Fact]
    public void AYearsPeriodsAreTheDistinctPeriodsOfItsIds() =>
        Year.Sample(year =>
        {
            var ids = new[] { $"{year}" }
                .Concat(new[] { 1, 2 }.Select(h => $"{year}S{h}"))
                .Concat(Enumerable.Range(1, 4).Select(q => $"{year}Q{q}"))
                .Concat(Enumerable.Range(1, 12).Select(m => $"{year}{m:00}"))
                .Concat(Enumerable.Range(1, 12).Select(m => $"{year}YTD{m:00}"));
            Assert.Equal(ids.Select(Period.Parse).Distinct().OrderBy(p => p.ToString()), Period.AllOf(year).OrderBy(p => p.ToString()));
        });

    [Fact]
    public void ThePeriodRunsFromItsFirstDayToItsLastDay() =>
        AnyPeriod.Sample(p =>
        {
            var days = p.Months.Sum(m => DateTime.DaysInMonth(m.Year, m.Index));
            Assert.Equal(days, p.LastDay.DayNumber - p.FirstDay.DayNumber + 1);
            Assert.Equal(1, p.FirstDay.Day);
            Assert.Equal(1, p.LastDay.AddDays(1).Day);
        });
}
