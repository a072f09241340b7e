using Aggregation.Domain.Catalog;

namespace Aggregation.Domain.Plans;

/// <summary>A unit's target for one indicator. <see cref="Comparator.Info"/> targets are shown, never judged.</summary>
public sealed record Target(Comparator Comparator, decimal Value)
{
    /// <summary>A stored or shown target; an unreadable comparator is kept as information, never judged.</summary>
    public static Target FromText(string comparator, decimal value) =>
        new(ComparatorText.TryParse(comparator, out var c) ? c : Comparator.Info, value);
}

/// <summary>Whether a value meets its target, and how far along it is for lower-bound targets.</summary>
public sealed record Attainment(bool? Attained, decimal? Progress)
{
    public static readonly Attainment Unknown = new(null, null);

    private const decimal PercentBand = 0.5m;
    private const decimal RelativeBand = 0.005m;

    public static Attainment Evaluate(IndicatorDefinition indicator, Target? target, decimal? value)
    {
        if (target is null || value is not { } v)
        {
            return Unknown;
        }
        var t = target.Value;
        bool? attained = target.Comparator switch
        {
            Comparator.AtLeast => v >= t,
            Comparator.Greater => v > t,
            Comparator.AtMost => v <= t,
            Comparator.Less => v < t,
            Comparator.Equal => Math.Abs(v - t) <= (indicator.IsPercent ? PercentBand : RelativeBand * Math.Abs(t)),
            _ => null,
        };
        decimal? progress = target.Comparator is Comparator.AtLeast or Comparator.Greater && t != 0 ? v / t * 100m : null;
        return new Attainment(attained, progress);
    }
}
