using Aggregation.Domain.Catalog;

namespace Aggregation.Domain.Standings;

/// <summary>A unit placed among others on one indicator: its value and its competition rank (1, 2, 2, 4), best first.</summary>
public sealed record Placed<T>(T Unit, decimal Value, int Rank);

/// <summary>One bar of a distribution: the units whose value lies in [<see cref="From"/>, <see cref="To"/>) (the last bar includes its end).</summary>
public sealed record Bin(decimal From, decimal To, int Count);

/// <summary>
/// How values are spread (SPEC section 11): quartiles by linear interpolation between the closest ranks, the plain mean
/// of the values (the aggregate, a ratio of sums, is elsewhere), and <c>bins</c> bars of equal width from min to max.
/// Everything but <see cref="Count"/> and <see cref="Bins"/> is null without values.
/// </summary>
public sealed record Distribution(int Count, decimal? Min, decimal? Q1, decimal? Median, decimal? Q3, decimal? Max, decimal? Mean, IReadOnlyList<Bin> Bins);

/// <summary>
/// Standings across many units (SPEC section 11), in O(n log n) so a ranking of every commune of the country stays cheap:
/// ranks by the indicator's direction with ties sharing the best rank, units without a value left out (their count is
/// the caller's <c>withoutValue</c>), percentiles, and distributions.
/// </summary>
public static class Standings
{
    /// <summary>
    /// The units with a value, best first by <paramref name="direction"/> (an informational indicator from highest to
    /// lowest), each with its competition rank; units of equal value keep their given order.
    /// </summary>
    public static IReadOnlyList<Placed<T>> Rank<T>(Direction direction, IEnumerable<(T Unit, decimal? Value)> units)
    {
        var valued = units.Where(u => u.Value is not null).Select(u => (u.Unit, Value: u.Value!.Value)).ToList();
        var ordered = direction == Direction.Lower
            ? valued.OrderBy(u => u.Value).ToList()
            : valued.OrderByDescending(u => u.Value).ToList();
        var placed = new List<Placed<T>>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var rank = i > 0 && ordered[i].Value == ordered[i - 1].Value ? placed[i - 1].Rank : i + 1;
            placed.Add(new Placed<T>(ordered[i].Unit, ordered[i].Value, rank));
        }
        return placed;
    }

    /// <summary>The rank <paramref name="value"/> would have among <paramref name="values"/>: one more than the values strictly better.</summary>
    public static int RankAmong(Direction direction, IReadOnlyList<decimal> values, decimal value) =>
        1 + values.Count(v => direction == Direction.Lower ? v < value : v > value);

    /// <summary>(of − rank) ÷ (of − 1) × 100: the best is 100, the worst 0, and a unit alone 100.</summary>
    public static decimal Percentile(int rank, int of)
    {
        if (of < 1 || rank < 1 || rank > of)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), $"rank {rank} of {of}");
        }
        return of == 1 ? 100m : (of - rank) * 100m / (of - 1);
    }

    /// <summary>The distribution of <paramref name="values"/> over <paramref name="bins"/> bars (at least 1).</summary>
    public static Distribution Spread(IEnumerable<decimal> values, int bins)
    {
        if (bins < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), bins, "at least one bar");
        }
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Distribution(0, null, null, null, null, null, null, []);
        }
        var (min, max) = (sorted[0], sorted[^1]);
        return new Distribution(sorted.Length, min, Quantile(sorted, 0.25m), Quantile(sorted, 0.5m), Quantile(sorted, 0.75m), max,
            sorted.Sum() / sorted.Length, Bars(sorted, min, max, bins));
    }

    /// <summary>Linear interpolation between the closest ranks: h = (n − 1) p, then x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋]).</summary>
    public static decimal Quantile(IReadOnlyList<decimal> sorted, decimal p)
    {
        var h = (sorted.Count - 1) * p;
        var low = (int)decimal.Floor(h);
        return low + 1 >= sorted.Count ? sorted[low] : sorted[low] + (h - low) * (sorted[low + 1] - sorted[low]);
    }

    /// <summary>Equal-width bars from min to max; all values equal make one bar.</summary>
    private static IReadOnlyList<Bin> Bars(decimal[] sorted, decimal min, decimal max, int bins)
    {
        if (min == max)
        {
            return [new Bin(min, max, sorted.Length)];
        }
        var width = (max - min) / bins;
        var counts = new int[bins];
        foreach (var value in sorted)
        {
            counts[Math.Min(bins - 1, (int)((value - min) / width))]++;
        }
        return [.. Enumerable.Range(0, bins).Select(i => new Bin(min + i * width, i == bins - 1 ? max : min + (i + 1) * width, counts[i]))];
    }
}
