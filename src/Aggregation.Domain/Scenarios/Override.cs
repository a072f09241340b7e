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

    /// <summary>The previous period's value grown by the amount in percent.</summary>
    Growth,
}

/// <summary>One change a scenario makes to one element of a leaf.</summary>
public sealed record ElementOverride(string Element, OverrideKind Kind, decimal Amount);
