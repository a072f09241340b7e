using System.Collections.Concurrent;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;

namespace Aggregation.Domain.Temporal;

/// <summary>
/// One leaf's reports over time and its value for any period: its own report for the period where
/// it has one (a direct report wins: annual figures are often revised after the monthly ones),
/// otherwise the combination of its values for the period's <see cref="PartsOf">parts</see>, each
/// found the same way, and none when any part has no value.
/// </summary>
public sealed class LeafTimeline(IndicatorCatalog catalog, Func<Period, IReadOnlyDictionary<string, decimal>?> reported)
{
    private readonly Dictionary<Period, PeriodValues?> _known = [];

    /// <summary>The leaf's values for <paramref name="period"/>, or null when it has none.</summary>
    public PeriodValues? ValueFor(Period period)
    {
        if (_known.TryGetValue(period, out var known))
        {
            return known;
        }
        PeriodValues? value = null;
        if (reported(period) is { } report)
        {
            value = PeriodValues.Reported(period, report);
        }
        else if (PartsOf(period) is { Count: > 0 } parts)
        {
            // The first part without a value settles it: the parts after it are not derived (a year not yet reported costs four lookups, not eighteen).
            var values = new List<PeriodValues>(parts.Count);
            foreach (var part in parts)
            {
                if (ValueFor(part) is not { } partValue)
                {
                    break;
                }
                values.Add(partValue);
            }
            if (values.Count == parts.Count)
            {
                value = PeriodValues.Combine(catalog, period, values);
            }
        }
        _known[period] = value;
        return value;
    }

    /// <summary>
    /// The sub-periods a period is derived from: left to right, the longest half, quarter or month
    /// that starts there and fits. So a year is two halves, a half two quarters, a quarter three
    /// months, and <c>2023YTD09</c> is <c>2023S1</c> and <c>2023Q3</c>. Halves, quarters and months
    /// nest, so whenever some of the leaf's reports tile a period exactly, these parts find them
    /// (and the longest, the most revised, first); a year-to-date report counts only for itself.
    /// A month has no parts.
    /// </summary>
    public static IReadOnlyList<Period> PartsOf(Period period) => Parts.GetOrAdd(period, Split);

    /// <summary>Each period's parts, worked out once: a leaf's every derived value asks for them.</summary>
    private static readonly ConcurrentDictionary<Period, IReadOnlyList<Period>> Parts = new();

    private static IReadOnlyList<Period> Split(Period period)
    {
        var parts = new List<Period>();
        var start = period.FirstMonth;
        while (period.MonthCount > 1 && start <= period.LastMonth)
        {
            var length = PartLengths.First(l => l < period.MonthCount && (start - 1) % l == 0 && start + l - 1 <= period.LastMonth);
            Period.TryCover(period.Year, start, start + length - 1, out var part);
            parts.Add(part);
            start += length;
        }
        return parts.AsReadOnly();
    }

    private static readonly int[] PartLengths = [6, 3, 1];
}
