namespace Aggregation.Domain.Catalog;

/// <summary>Whether an element counts things (integers) or measures an amount.</summary>
public enum ElementKind { Count, Amount }

/// <summary>
/// How an element adds up over the months of a period: a flow is summed (incomes, births), a stock
/// is the value at the period's end (households), an average is the month-weighted mean (population).
/// </summary>
public enum TemporalKind { Flow, Stock, Average }

/// <summary>
/// How a leaf of a newer tree takes an element from the old leaves that went into it (SPEC section 10):
/// a sum adds each old leaf's value times its share (households, incomes); a mean is the
/// share-weighted mean of the old leaves' values (the new-rural criteria a commune meets).
/// </summary>
public enum RestateKind { Sum, Mean }

/// <summary>
/// How an indicator relates to the annual plan: a cumulative one grows through the year (income,
/// revenue) and is measured against the year's target as progress; a rate is judged as it stands.
/// </summary>
public enum IndicatorKind { Cumulative, Rate }

/// <summary>Which way an indicator is good; drives ranking and the default comparator.</summary>
public enum Direction { Higher, Lower, Info }

/// <summary>A raw number a leaf reports.</summary>
public sealed record ElementDefinition(
    string Code, string NameVi, string NameEn, string Unit, ElementKind Kind,
    decimal? Max, string? AtMost, TemporalKind Temporal, RestateKind Restate = RestateKind.Sum);

/// <summary>
/// An indicator computed at every level as (Σ numerator / Σ denominator) × scale + offset,
/// the sums running over the contributing leaves, so ratios are never averaged.
/// Without a denominator the value is Σ numerator × scale + offset.
/// </summary>
public sealed record IndicatorDefinition(
    string Code, string NameVi, string NameEn, string Unit, string Formula,
    IReadOnlyList<Term> Numerator, IReadOnlyList<Term> Denominator,
    decimal Scale, decimal Offset, Direction Direction, IndicatorKind Kind)
{
    /// <summary>The comparator a bare target number takes.</summary>
    public Comparator DefaultComparator => Direction switch
    {
        Direction.Higher => Comparator.AtLeast,
        Direction.Lower => Comparator.AtMost,
        _ => Comparator.Info,
    };

    /// <summary>Every (element, period offset) a leaf must have reported to contribute.</summary>
    public IEnumerable<(string Element, int Offset)> Inputs =>
        Numerator.Concat(Denominator).Where(t => t.Element is not null)
            .Select(t => (t.Element!, t.PeriodOffset)).Distinct();

    /// <summary>Whether the indicator reads the same period last year (growth indicators).</summary>
    public bool UsesPreviousPeriod => Inputs.Any(i => i.Offset != 0);

    /// <summary>
    /// The lowest value the indicator can take, or null when it is unbounded below. Elements are
    /// never negative, so a formula of added elements with a positive scale never goes below its
    /// offset: 0 for rates, shares and per-capita values, −100 for growth. A subtracted element
    /// (births − deaths) leaves it unbounded.
    /// </summary>
    public decimal? Minimum =>
        Scale >= 0m && Numerator.Concat(Denominator).All(t => t.Sign > 0m) ? Offset : null;

    /// <summary>True when the unit is a percentage, which makes "=" a ±0.5 point band.</summary>
    public bool IsPercent => Unit == "%";
}

/// <summary>How a target compares with a value.</summary>
public enum Comparator { AtLeast, Greater, AtMost, Less, Equal, Info }

public static class ComparatorText
{
    public static string ToSymbol(this Comparator c) => c switch
    {
        Comparator.AtLeast => ">=",
        Comparator.Greater => ">",
        Comparator.AtMost => "<=",
        Comparator.Less => "<",
        Comparator.Equal => "=",
        _ => "info",
    };

    public static bool TryParse(string? text, out Comparator comparator)
    {
        Comparator? parsed = text?.Trim() switch
        {
            ">=" or "≥" => Comparator.AtLeast,
            ">" => Comparator.Greater,
            "<=" or "≤" => Comparator.AtMost,
            "<" => Comparator.Less,
            "=" or "==" => Comparator.Equal,
            "info" => Comparator.Info,
            _ => null,
        };
        comparator = parsed ?? Comparator.Info;
        return parsed is not null;
    }
}
