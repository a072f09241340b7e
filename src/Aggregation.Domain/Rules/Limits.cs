namespace Aggregation.Domain.Rules;

/// <summary>The limits every value of the product is held to, each said once.</summary>
public static class Limits
{
    /// <summary>The largest magnitude of a reported value, a target or an override amount.</summary>
    public const decimal MaxValue = 1_000_000_000_000_000m;

    /// <summary><see cref="MaxValue"/> as the product's messages write it.</summary>
    public const string MaxValueText = "1e15";

    /// <summary>Six decimals at most keep every sum of up to 1e15-sized values exact in a decimal's 28 digits.</summary>
    public const int MaxDecimals = 6;
}
