namespace Aggregation.Domain.Rollup;

/// <summary>
/// What a subtree adds to its ancestors for one period: a commutative monoid under
/// <see cref="Combine"/> with <see cref="Empty"/> as identity, and a group with
/// <see cref="Negate"/> as inverse. Entries that are entirely zero are never stored, so equal
/// subtrees have equal contributions.
/// </summary>
public sealed class Contribution : IEquatable<Contribution>
{
    /// <summary>How drift reports name the element sums and leaf counts (an indicator is named by its code).</summary>
    public const string ElementsSeries = "_elements";

    public static readonly Contribution Empty = new(0, 0, CodeMap<ElementTotal>.Empty, CodeMap<Components>.Empty);

    public Contribution(int reportingLeaves, int flaggedLeaves,
        CodeMap<ElementTotal> elements,
        CodeMap<Components> indicators,
        int approvedLeaves = 0,
        int estimatedLeaves = 0)
    {
        ReportingLeaves = reportingLeaves;
        FlaggedLeaves = flaggedLeaves;
        ApprovedLeaves = approvedLeaves;
        EstimatedLeaves = estimatedLeaves;
        // Only entirely zero entries go: a sum of real leaves with no contributors has zero sums anyway, but a
        // difference such as a scenario's after − before can have no net (or negative) contributors
        // and still moved sums, which must survive for Subtract to be an exact inverse.
        Elements = elements.Only(e => !e.IsNone());
        Indicators = indicators.Only(i => !i.IsNone());
    }

    /// <summary>Leaves that reported anything for the period.</summary>
    public int ReportingLeaves { get; }

    /// <summary>Leaves whose latest report carries warnings.</summary>
    public int FlaggedLeaves { get; }

    /// <summary>Leaves whose report for the period is approved (and so locked).</summary>
    public int ApprovedLeaves { get; }

    /// <summary>Leaves whose values are restated from an older tree through a share that was estimated (SPEC section 10).</summary>
    public int EstimatedLeaves { get; }

    public CodeMap<ElementTotal> Elements { get; }

    public CodeMap<Components> Indicators { get; }

    public Components IndicatorOrZero(string code) => Indicators.GetValueOrDefault(code);

    public bool IsEmpty => ReportingLeaves == 0 && FlaggedLeaves == 0 && ApprovedLeaves == 0 && EstimatedLeaves == 0 && Elements.IsEmpty && Indicators.IsEmpty;

    public Contribution Combine(Contribution other) => new(
        ReportingLeaves + other.ReportingLeaves,
        FlaggedLeaves + other.FlaggedLeaves,
        CodeMap<ElementTotal>.Merge(Elements, other.Elements, (a, b) => a.Combine(b), b => b),
        CodeMap<Components>.Merge(Indicators, other.Indicators, (a, b) => a.Combine(b), b => b),
        ApprovedLeaves + other.ApprovedLeaves,
        EstimatedLeaves + other.EstimatedLeaves);

    /// <summary>The inverse under <see cref="Combine"/>: every sum and count negated.</summary>
    public Contribution Negate() => new(
        -ReportingLeaves,
        -FlaggedLeaves,
        Elements.MapValues(ElementTotal.Zero.Minus),
        Indicators.MapValues(Components.Zero.Minus),
        -ApprovedLeaves,
        -EstimatedLeaves);

    /// <summary>Takes away a part, e.g. a leaf's old contribution when a scenario replaces it.</summary>
    public Contribution Subtract(Contribution other) => Combine(other.Negate());

    /// <summary>
    /// This total with one part swapped for its new value: the same as
    /// <c>Subtract(old).Combine(replacement)</c>, in one pass (what a parent does on every update).
    /// </summary>
    public Contribution Replace(Contribution old, Contribution replacement) => new(
        ReportingLeaves - old.ReportingLeaves + replacement.ReportingLeaves,
        FlaggedLeaves - old.FlaggedLeaves + replacement.FlaggedLeaves,
        CodeMap<ElementTotal>.Merge(CodeMap<ElementTotal>.Merge(Elements, old.Elements, (a, b) => a.Minus(b), ElementTotal.Zero.Minus),
            replacement.Elements, (a, b) => a.Combine(b), b => b),
        CodeMap<Components>.Merge(CodeMap<Components>.Merge(Indicators, old.Indicators, (a, b) => a.Minus(b), Components.Zero.Minus),
            replacement.Indicators, (a, b) => a.Combine(b), b => b),
        ApprovedLeaves - old.ApprovedLeaves + replacement.ApprovedLeaves,
        EstimatedLeaves - old.EstimatedLeaves + replacement.EstimatedLeaves);

    /// <summary>Combines many contributions at once; the same result as folding <see cref="Combine"/>, without the intermediate copies.</summary>
    public static Contribution Sum(IEnumerable<Contribution> parts)
    {
        var total = new RunningTotal();
        total.Reset(parts);
        return total.Total;
    }

    public bool Equals(Contribution? other) =>
        other is not null
        && ReportingLeaves == other.ReportingLeaves
        && FlaggedLeaves == other.FlaggedLeaves
        && ApprovedLeaves == other.ApprovedLeaves
        && EstimatedLeaves == other.EstimatedLeaves
        && Elements.Equals(other.Elements)
        && Indicators.Equals(other.Indicators);

    public override bool Equals(object? obj) => Equals(obj as Contribution);

    public override int GetHashCode() => HashCode.Combine(ReportingLeaves, FlaggedLeaves, ApprovedLeaves, EstimatedLeaves, Elements.Count, Indicators.Count);

    public override string ToString() =>
        $"leaves={ReportingLeaves} flagged={FlaggedLeaves} approved={ApprovedLeaves} estimated={EstimatedLeaves} elements=[{string.Join(", ", Elements.Select(e => $"{e.Key}:{e.Value.Sum}/{e.Value.Reporters}"))}] " +
        $"indicators=[{string.Join(", ", Indicators.Select(i => $"{i.Key}:{i.Value.Numerator}/{i.Value.Denominator}#{i.Value.Contributors}"))}]";
}
