using Aggregation.Domain.Rules;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;

namespace Aggregation.Domain.Temporal;

/// <summary>
/// A leaf's element values for one period: its own report (<see cref="Derived"/> false) or combined
/// from reports for sub-periods that exactly cover it. Each element adds up over time by its
/// catalogue <see cref="TemporalKind"/>: a flow is summed, a stock is the last part's value, an
/// average is the month-weighted mean. An average is carried as value × months and divided only
/// when read, so the same months give the same value whichever sub-periods they were grouped into.
/// </summary>
public sealed class PeriodValues
{
    /// <summary>
    /// Per element of a combined period: the value for a flow or a stock, value × months for an average. A report
    /// keeps none: its carried values are worked out from its values when a longer period combines it.
    /// </summary>
    private readonly IReadOnlyDictionary<string, decimal>? _carried;

    private PeriodValues(Period period, IReadOnlyList<Period> sources, IReadOnlyDictionary<string, decimal>? carried, IReadOnlyDictionary<string, decimal> values)
    {
        Period = period;
        Sources = sources;
        _carried = carried;
        Values = values;
    }

    public Period Period { get; }

    /// <summary>True when the values were combined from sub-periods rather than reported for the period itself.</summary>
    public bool Derived => Sources.Count != 1 || Sources[0] != Period;

    /// <summary>The reported periods the values come from, in order: the period itself when it was reported.</summary>
    public IReadOnlyList<Period> Sources { get; }

    /// <summary>The element values for the period (an average as the mean over its months).</summary>
    public IReadOnlyDictionary<string, decimal> Values { get; }

    /// <summary>A report for the period itself. Its values are kept, not copied: a stored report never changes.</summary>
    public static PeriodValues Reported(Period period, IReadOnlyDictionary<string, decimal> values) => new(period, [period], null, values);

    /// <summary>Whether the values hold the element.</summary>
    private bool Has(string code) => (_carried ?? Values).ContainsKey(code);

    /// <summary>The element's value as it adds up over time: for an average, value × months.</summary>
    private decimal Carried(string code, TemporalKind temporal) =>
        _carried?[code] ?? (temporal == TemporalKind.Average ? Values[code] * Period.MonthCount : Values[code]);

    /// <summary>
    /// The period's values from <paramref name="parts"/>, which must cover its months exactly, in order.
    /// An element is present only when every part has it: a stock needs no earlier part, but a period
    /// is reported for an element only when each of its sub-periods was. Elements the catalogue does
    /// not know have no rule over time and are left out.
    /// </summary>
    public static PeriodValues Combine(IndicatorCatalog catalog, Period period, IReadOnlyList<PeriodValues> parts)
    {
        CheckCover(period, parts);
        var carried = new Dictionary<string, decimal>();
        var values = new Dictionary<string, decimal>();
        foreach (var code in (parts[0]._carried ?? parts[0].Values).Keys)
        {
            if (catalog.FindElement(code) is not { Temporal: var temporal } || !parts.All(p => p.Has(code)))
            {
                continue;
            }
            var total = temporal == TemporalKind.Stock ? parts[^1].Carried(code, temporal) : parts.Sum(p => p.Carried(code, temporal));
            carried[code] = total;
            // The mean is kept to a report's six decimals, so sums of it over leaves stay exact.
            values[code] = temporal == TemporalKind.Average ? decimal.Round(total / period.MonthCount, Limits.MaxDecimals) : total;
        }
        return new PeriodValues(period, parts.SelectMany(p => p.Sources).ToList(), carried, values);
    }

    private static void CheckCover(Period period, IReadOnlyList<PeriodValues> parts)
    {
        var next = period.FirstMonth;
        foreach (var part in parts)
        {
            if (part.Period.Year != period.Year || part.Period.FirstMonth != next)
            {
                throw new ArgumentException($"{string.Join(", ", parts.Select(p => p.Period))} do not cover {period} exactly, in order", nameof(parts));
            }
            next = part.Period.LastMonth + 1;
        }
        if (parts.Count == 0 || next != period.LastMonth + 1)
        {
            throw new ArgumentException($"{string.Join(", ", parts.Select(p => p.Period))} do not cover {period} exactly, in order", nameof(parts));
        }
    }
}
