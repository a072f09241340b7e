using System.Collections.Immutable;

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

    public static readonly Contribution Empty = new(0, 0,
        ImmutableSortedDictionary.Create<string, ElementTotal>(StringComparer.Ordinal),
        ImmutableSortedDictionary.Create<string, Components>(StringComparer.Ordinal));

    public Contribution(int reportingLeaves, int flaggedLeaves,
        ImmutableSortedDictionary<string, ElementTotal> elements,
        ImmutableSortedDictionary<string, Components> indicators,
        int approvedLeaves = 0,
        int estimatedLeaves = 0)
    {
        ReportingLeaves = reportingLeaves;
        FlaggedLeaves = flaggedLeaves;
        ApprovedLeaves = approvedLeaves;
        EstimatedLeaves = estimatedLeaves;
        // Ordinal keys whatever the culture, so equal contributions enumerate alike. Only entirely
        // zero entries go: a sum of real leaves with no contributors has zero sums anyway, but a
        // difference such as a scenario's after − before can have no net (or negative) contributors
        // and still moved sums, which must survive for Subtract to be an exact inverse.
        Elements = WithoutEmpty(elements, e => e.IsNone());
        Indicators = WithoutEmpty(indicators, i => i.IsNone());
    }

    /// <summary>Leaves that reported anything for the period.</summary>
    public int ReportingLeaves { get; }

    /// <summary>Leaves whose latest report carries warnings.</summary>
    public int FlaggedLeaves { get; }

    /// <summary>Leaves whose report for the period is approved (and so locked).</summary>
    public int ApprovedLeaves { get; }

    /// <summary>Leaves whose values are restated from an older tree through a share that was estimated (SPEC section 10).</summary>
    public int EstimatedLeaves { get; }

    public ImmutableSortedDictionary<string, ElementTotal> Elements { get; }

    public ImmutableSortedDictionary<string, Components> Indicators { get; }

    public Components IndicatorOrZero(string code) => Indicators.GetValueOrDefault(code) ?? Components.Zero;

    public bool IsEmpty => ReportingLeaves == 0 && FlaggedLeaves == 0 && ApprovedLeaves == 0 && EstimatedLeaves == 0 && Elements.IsEmpty && Indicators.IsEmpty;

    public Contribution Combine(Contribution other) => new(
        ReportingLeaves + other.ReportingLeaves,
        FlaggedLeaves + other.FlaggedLeaves,
        Merge(Elements, other.Elements, (a, b) => a.Combine(b)),
        Merge(Indicators, other.Indicators, (a, b) => a.Combine(b)),
        ApprovedLeaves + other.ApprovedLeaves,
        EstimatedLeaves + other.EstimatedLeaves);

    /// <summary>The inverse under <see cref="Combine"/>: every sum and count negated.</summary>
    public Contribution Negate() => new(
        -ReportingLeaves,
        -FlaggedLeaves,
        Elements.ToImmutableSortedDictionary(e => e.Key, e => ElementTotal.Zero.Minus(e.Value), StringComparer.Ordinal),
        Indicators.ToImmutableSortedDictionary(i => i.Key, i => Components.Zero.Minus(i.Value), StringComparer.Ordinal),
        -ApprovedLeaves,
        -EstimatedLeaves);

    /// <summary>Takes away a part, e.g. a leaf's old contribution when a scenario replaces it.</summary>
    public Contribution Subtract(Contribution other) => Combine(other.Negate());

    /// <summary>
    /// This total with one part swapped for its new value: the same as
    /// <c>Subtract(old).Combine(replacement)</c>, in one pass (what a parent does on every update).
    /// </summary>
    public Contribution Replace(Contribution old, Contribution replacement)
    {
        var elements = Elements.ToBuilder();
        foreach (var (key, value) in old.Elements)
        {
            var held = elements.GetValueOrDefault(key) ?? ElementTotal.Zero;
            elements[key] = held.Minus(value);
        }
        foreach (var (key, value) in replacement.Elements)
        {
            elements[key] = elements.TryGetValue(key, out var held) ? held.Combine(value) : value;
        }
        var indicators = Indicators.ToBuilder();
        foreach (var (key, value) in old.Indicators)
        {
            var held = indicators.GetValueOrDefault(key) ?? Components.Zero;
            indicators[key] = held.Minus(value);
        }
        foreach (var (key, value) in replacement.Indicators)
        {
            indicators[key] = indicators.TryGetValue(key, out var held) ? held.Combine(value) : value;
        }
        return new Contribution(
            ReportingLeaves - old.ReportingLeaves + replacement.ReportingLeaves,
            FlaggedLeaves - old.FlaggedLeaves + replacement.FlaggedLeaves,
            elements.ToImmutable(), indicators.ToImmutable(),
            ApprovedLeaves - old.ApprovedLeaves + replacement.ApprovedLeaves,
            EstimatedLeaves - old.EstimatedLeaves + replacement.EstimatedLeaves);
    }

    /// <summary>Combines many contributions at once; the same result as folding <see cref="Combine"/>, without the intermediate copies.</summary>
    public static Contribution Sum(IEnumerable<Contribution> parts)
    {
        var total = new RunningTotal();
        total.Reset(parts);
        return total.Total;
    }

    /// <summary>
    /// Entries as the ordinal sorted dictionary a contribution holds, built in place: one tree node per entry (where
    /// <c>ToImmutableSortedDictionary</c> first builds a second, mutable sorted tree of them).
    /// </summary>
    public static ImmutableSortedDictionary<string, T> Sorted<T>(IEnumerable<KeyValuePair<string, T>> entries)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, T>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            builder[key] = value;
        }
        return builder.ToImmutable();
    }

    private static ImmutableSortedDictionary<string, T> WithoutEmpty<T>(ImmutableSortedDictionary<string, T> entries, Func<T, bool> isEmpty)
    {
        var ordinal = entries.WithComparers(StringComparer.Ordinal);
        return ordinal.Values.Any(isEmpty) ? ordinal.RemoveRange(ordinal.Where(e => isEmpty(e.Value)).Select(e => e.Key)) : ordinal;
    }

    private static ImmutableSortedDictionary<string, T> Merge<T>(
        ImmutableSortedDictionary<string, T> a, ImmutableSortedDictionary<string, T> b, Func<T, T, T> add)
    {
        if (b.IsEmpty)
        {
            return a;
        }
        var builder = a.ToBuilder();
        foreach (var (key, value) in b)
        {
            builder[key] = builder.TryGetValue(key, out var existing) ? add(existing, value) : value;
        }
        return builder.ToImmutable();
    }

    public bool Equals(Contribution? other) =>
        other is not null
        && ReportingLeaves == other.ReportingLeaves
        && FlaggedLeaves == other.FlaggedLeaves
        && ApprovedLeaves == other.ApprovedLeaves
        && EstimatedLeaves == other.EstimatedLeaves
        && Elements.SequenceEqual(other.Elements)
        && Indicators.SequenceEqual(other.Indicators);

    public override bool Equals(object? obj) => Equals(obj as Contribution);

    public override int GetHashCode() => HashCode.Combine(ReportingLeaves, FlaggedLeaves, ApprovedLeaves, EstimatedLeaves, Elements.Count, Indicators.Count);

    public override string ToString() =>
        $"leaves={ReportingLeaves} flagged={FlaggedLeaves} approved={ApprovedLeaves} estimated={EstimatedLeaves} elements=[{string.Join(", ", Elements.Select(e => $"{e.Key}:{e.Value.Sum}/{e.Value.Reporters}"))}] " +
        $"indicators=[{string.Join(", ", Indicators.Select(i => $"{i.Key}:{i.Value.Numerator}/{i.Value.Denominator}#{i.Value.Contributors}"))}]";
}
