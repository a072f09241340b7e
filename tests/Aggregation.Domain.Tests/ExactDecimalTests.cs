using System.Globalization;
using Aggregation.Domain.Numbers;
using CsCheck;

namespace Aggregation.Domain.Tests;

public class ExactDecimalTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0", "0")]
    [InlineData("0e-400", "0")]
    [InlineData("4800", "4800")]
    [InlineData("4800.50", "4800.5")]
    [InlineData("1e15", "1000000000000000")]
    [InlineData("-1.5E+3", "-1500")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("0.0000001", "0.0000001")]
    [InlineData("1e-28", "0.0000000000000000000000000001")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    [InlineData("-79228162514264337593543950335", "-79228162514264337593543950335")]
    [InlineData("7.9228162514264337593543950335e28", "79228162514264337593543950335")]
    [InlineData("1.000000000000000000000000000000000000", "1")]
    [InlineData("0.6666666666666666666666666667", "0.6666666666666666666666666667")]
    [InlineData("007", "7")]
    [InlineData("-00.50", "-0.5")]
    public void ExactNumbersAreReadAsTheirDecimalWithoutTrailingZeros(string text, string expected)
    {
        Assert.Equal(NumberReading.Exact, ExactDecimal.Read(text, out var value));
        Assert.Equal(expected, value.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("1e29")]
    [InlineData("79228162514264337593543950336")]
    [InlineData("79228162514264337593543950335.5")]
    [InlineData("1e999999999999999999999")]
    [InlineData("123456789012345678901234567890123")]
    public void NumbersBeyondTheDecimalRangeAreOutOfRange(string text) =>
        Assert.Equal(NumberReading.OutOfRange, ExactDecimal.Read(text, out _));

    [Theory]
    [InlineData("5e-324")]
    [InlineData("1e-29")]
    [InlineData("0.00000000000000000000000000001")]
    [InlineData("0.12345678901234567890123456789")]
    [InlineData("1.2345678901234567890123456789012")]
    [InlineData("7922816251426433759354395033.51")]
    [InlineData("1e-999999999999999999999")]
    public void NumbersADecimalWouldRoundAreInexact(string text) =>
        Assert.Equal(NumberReading.Inexact, ExactDecimal.Read(text, out _));

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1e")]
    [InlineData("1x")]
    [InlineData("NaN")]
    public void NonNumbersAreNotNumbers(string text) =>
        Assert.Equal(NumberReading.NotANumber, ExactDecimal.Read(text, out _));

    [Fact]
    public void EveryDecimalRoundTripsThroughItsText() =>
        Gen.Select(Gen.Int, Gen.Int, Gen.Int, Gen.Bool, Gen.Byte[0, 28])
            .Select((lo, mid, hi, negative, scale) => new decimal(lo, mid, hi, negative, scale))
            .Sample(d =>
            {
                var text = d.ToString(CultureInfo.InvariantCulture);
                return ExactDecimal.Read(text, out var read) == NumberReading.Exact && read == d
                    && ExactDecimal.Read(text + "e0", out var again) == NumberReading.Exact && again == d;
            });
}
