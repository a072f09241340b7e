using System.Globalization;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Reports;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Units;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests;

/// <summary>Inputs that once slipped through: culture-dependent ordering, look-alike digits, trailing newlines, deep offsets.</summary>
public sealed class EdgeCaseTests
{
    [Fact]
    public void EmptyIsTheIdentityWhateverTheCulture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("cs-CZ"); // sorts "ch" after "cu"
            var leaf = Leaf(Report(("children_under5_weighed", 10m), ("cultural_households", 5m), ("households", 10m)));
            Assert.Equal(leaf, Contribution.Empty.Combine(leaf));
            Assert.Equal(leaf, leaf.Combine(Contribution.Empty));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData("٢٠٢٣")]
    [InlineData("2023\n")]
    [InlineData("2023Q1\n")]
    public void LookAlikePeriodIdsAreRefusedNotThrown(string text) => Assert.False(Period.TryParse(text, out _));

    [Theory]
    [InlineData("C1\n")]
    [InlineData("١٢")]
    public void LookAlikeUnitCodesAreRefused(string code) => Assert.False(UnitCode.IsValid(code));

    [Theory]
    [InlineData("x[-2]")]
    [InlineData("-x==19")]
    public void OnlyThePreviousPeriodAndPlainEqualityAreTerms(string term) => Assert.Throws<FormatException>(() => Term.Parse(term));

    [Theory]
    [InlineData("7")]
    [InlineData("higher, lower")]
    public void CatalogueDirectionsMustBeNamed(string direction)
    {
        var json = $$"""
            {"elements":[{"code":"x","vi":"x","en":"x","unit":"u","kind":"count","temporal":"flow"}],
             "indicators":[{"code":"i","vi":"i","en":"i","unit":"u","formula":"x","numerator":["x"],"direction":"{{direction}}","kind":"rate"}]}
            """;
        Assert.Throws<FormatException>(() => IndicatorCatalog.Parse(json));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("""{"elements":[],"indicators":[{"code":"i","vi":"i","en":"i","unit":"u","formula":"x","direction":"info"}]}""")]
    public void MalformedCataloguesAreFormatErrors(string json) => Assert.Throws<FormatException>(() => IndicatorCatalog.Parse(json));

    [Fact]
    public void AmountsWithMoreThanSixDecimalsAreRefusedSoSumsStayExact()
    {
        var outcome = ReportValidator.Validate(DefaultCatalog, Report(("income_total", 10.0000001m)));
        Assert.Contains("income_total", outcome.Errors.Keys);
        Assert.True(ReportValidator.Validate(DefaultCatalog, Report(("income_total", 10.123456m))).IsValid);
        Assert.True(ReportValidator.Validate(DefaultCatalog, Report(("income_total", 10.500000000m))).IsValid);
    }
}
