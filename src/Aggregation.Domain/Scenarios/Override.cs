using Aggregation.Domain.Rules;

namespace Aggregation.Domain.Scenarios;

/// <summary>How an override turns a leaf's value into its scenario value.</summary>
public enum OverrideKind
{
    /// <summary>The amount is the new value.</summary>
    Set,

    /// <summary>The current value times the amount (a factor, 1 = unchanged).</summary>
    Scale,

    /// <summary>The current value plus the amount, in the element's unit.</summary>
    Delta,

    /// <summary>The value of the same period last year grown by the amount in percent.</summary>
    Growth,
}

/// <summary>One change a scenario makes to one element of a leaf.</summary>
public sealed record ElementOverride(string Element, OverrideKind Kind, decimal Amount)
{
    /// <summary>
    /// Why an amount cannot be used as given, or null. A set or delta is a value in the element's
    /// unit, so it keeps a report's six decimals: 0.0000001 would otherwise be rounded to 0. A scale
    /// or growth is a factor; its result is what gets rounded to six places.
    /// </summary>
    public static Rule? CheckAmount(OverrideKind kind, decimal amount) =>
        Math.Abs(amount) > Limits.MaxValue ? FieldRules.OutOfRange
        : kind is OverrideKind.Set or OverrideKind.Delta && decimal.Round(amount, Limits.MaxDecimals) != amount ? AmountDecimals
        : null;

    /// <summary>
    /// Whether this override has something to work on in a leaf's report (<paramref name="current"/>) and the
    /// report before it (<paramref name="previous"/>): an override aimed at every leaf under a unit leaves a leaf
    /// that has not reported the element (or, for growth, its previous value) as it is, rather than failing the
    /// whole scenario. A set always applies.
    /// </summary>
    public bool AppliesTo(IReadOnlyDictionary<string, decimal>? current, IReadOnlyDictionary<string, decimal>? previous) =>
        Kind switch
        {
            OverrideKind.Set => true,
            OverrideKind.Growth => previous?.ContainsKey(Element) == true,
            _ => current?.ContainsKey(Element) == true,
        };

    /// <summary>An override names its kind by the one amount it carries.</summary>
    public static readonly Rule OneKind = new(RefusalCodes.InvalidOverride, "exactly one of set, scale, delta or growth is required");

    private static readonly Rule AmountDecimals = FieldRules.TooManyDecimals(", as report values do");
}
