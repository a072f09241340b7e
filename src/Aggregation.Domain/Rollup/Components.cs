namespace Aggregation.Domain.Rollup;

/// <summary>
/// The summed parts of one indicator over its contributing leaves. Adding is the whole
/// aggregation: a district adds communes exactly as a province adds districts.
/// <see cref="Derived"/> counts the contributors whose values were derived from sub-periods.
/// A value rather than an object: a contribution holds one per indicator, inline in its array, and the default is <see cref="Zero"/>.
/// </summary>
public readonly record struct Components(decimal Numerator, decimal Denominator, int Contributors, int Derived = 0)
{
    public static readonly Components Zero = new(0m, 0m, 0);

    /// <summary>Nothing at all: no contributor, no sums, nothing derived (a contribution keeps no such entry).</summary>
    public bool IsNone() => Contributors == 0 && Numerator == 0m && Denominator == 0m && Derived == 0;

    public Components Combine(Components other) =>
        new(Numerator + other.Numerator, Denominator + other.Denominator, Contributors + other.Contributors, Derived + other.Derived);

    /// <summary>These parts without <paramref name="other"/>'s.</summary>
    public Components Minus(Components other) =>
        new(Numerator - other.Numerator, Denominator - other.Denominator, Contributors - other.Contributors, Derived - other.Derived);
}

/// <summary>Sum of one element over the leaves that reported it; <see cref="Derived"/> counts those whose value was derived from sub-periods.</summary>
public readonly record struct ElementTotal(decimal Sum, int Reporters, int Derived = 0)
{
    public static readonly ElementTotal Zero = new(0m, 0);

    /// <summary>Nothing at all: no reporter, no sum, nothing derived (a contribution keeps no such entry).</summary>
    public bool IsNone() => Reporters == 0 && Sum == 0m && Derived == 0;

    public ElementTotal Combine(ElementTotal other) => new(Sum + other.Sum, Reporters + other.Reporters, Derived + other.Derived);

    /// <summary>This total without <paramref name="other"/>'s part.</summary>
    public ElementTotal Minus(ElementTotal other) => new(Sum - other.Sum, Reporters - other.Reporters, Derived - other.Derived);
}
