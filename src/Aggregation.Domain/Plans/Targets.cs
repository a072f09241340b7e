using Aggregation.Domain.Catalog;
using Aggregation.Domain.Numbers;
using Aggregation.Domain.Rules;

namespace Aggregation.Domain.Plans;

/// <summary>A unit's target for one indicator. <see cref="Comparator.Info"/> targets are shown, never judged.</summary>
public sealed record Target(Comparator Comparator, decimal Value)
{
    /// <summary>A stored or shown target; an unreadable comparator is kept as information, never judged.</summary>
    public static Target FromText(string comparator, decimal value) =>
        new(ComparatorText.TryParse(comparator, out var c) ? c : Comparator.Info, value);
}

/// <summary>
/// Whether a value meets its target, and how far along it is for lower-bound targets; before the
/// year is whole, a cumulative indicator's <see cref="ProgressOfYear"/> instead (value ÷ the year's
/// target × 100). <see cref="Reason"/> says why a progress that could not be computed is null.
/// </summary>
public sealed record Attainment(bool? Attained, decimal? Progress, Note? Reason = null, decimal? ProgressOfYear = null)
{
    public static readonly Attainment Unknown = new(null, null);

    public static readonly Note ProgressOverflow = new(NoteCodes.ProgressOverflow, $"progress is {Checked.OutOfRange}");

    public static readonly Note ZeroTargetOfYear = new(NoteCodes.ZeroDenominator, "the year's target is zero: there is no share of it to show");

    /// <summary>
    /// Part of a year: not judged (<see cref="Attained"/> null, the year is not over), only how far the
    /// value has come towards the year's target, whatever its comparator.
    /// </summary>
    public static Attainment OfYear(Target? target, decimal? value)
    {
        if (target is null || value is not { } v)
        {
            return Unknown;
        }
        if (target.Value == 0)
        {
            return new Attainment(null, null, ZeroTargetOfYear);
        }
        return Checked.Divide(v, target.Value) is { } ratio && Checked.Multiply(ratio, 100m) is { } progress
            ? new Attainment(null, null, null, progress)
            : new Attainment(null, null, ProgressOverflow);
    }

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
            Comparator.Equal => Checked.Distance(v, t) <= (indicator.IsPercent ? PercentBand : RelativeBand * Math.Abs(t)),
            _ => null,
        };
        if (target.Comparator is not (Comparator.AtLeast or Comparator.Greater) || t == 0)
        {
            return new Attainment(attained, null);
        }
        // A value of 1e23 % against a target of 0.000001 % is attained, but its progress is no number.
        return Checked.Divide(v, t) is { } ratio && Checked.Multiply(ratio, 100m) is { } progress
            ? new Attainment(attained, progress)
            : new Attainment(attained, null, ProgressOverflow);
    }
}
