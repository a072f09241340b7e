namespace Aggregation.Domain.Rules;

/// <summary>
/// How answers show computed values (SPEC section 6): indicator values, deltas and progress to
/// <see cref="Decimals"/> places, so a poverty rate reads 1.595662, not 28 digits; numerators,
/// denominators and element sums are exact sums and are never rounded.
/// </summary>
public static class AnswerRounding
{
    public const int Decimals = 6;

    public static decimal? Round(decimal? value) =>
        value is { } v ? decimal.Round(v, Decimals, MidpointRounding.AwayFromZero) : null;
}
