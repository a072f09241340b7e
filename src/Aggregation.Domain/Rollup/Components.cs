namespace Aggregation.Domain.Rollup;

/// <summary>
/// The summed parts of one indicator over its contributing leaves. Adding is the whole
/// aggregation: a district adds communes exactly as a province adds districts.
/// </summary>
public sealed record Components(decimal Numerator, decimal Denominator, int Contributors)
{
    public static readonly Components Zero = new(0m, 0m, 0);

    public Components Combine(Components other) =>
        new(Numerator + other.Numerator, Denominator + other.Denominator, Contributors + other.Contributors);
}

/// <summary>Sum of one element over the leaves that reported it.</summary>
public sealed record ElementTotal(decimal Sum, int Reporters)
{
    public static readonly ElementTotal Zero = new(0m, 0);

    public ElementTotal Combine(ElementTotal other) => new(Sum + other.Sum, Reporters + other.Reporters);
}
