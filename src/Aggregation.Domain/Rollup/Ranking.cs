using Aggregation.Domain.Catalog;

namespace Aggregation.Domain.Rollup;

/// <summary>Orders units on an indicator by its good direction.</summary>
public static class Ranking
{
    /// <summary>
    /// Competition ranks (1, 2, 2, 4) best first; units without a value get no rank.
    /// Informational indicators rank from highest to lowest.
    /// </summary>
    public static int?[] Rank(Direction direction, IReadOnlyList<decimal?> values)
    {
        var ranks = new int?[values.Count];
        foreach (var placed in Standings.Standings.Rank(direction, values.Select((value, i) => (Unit: i, Value: value))))
        {
            ranks[placed.Unit] = placed.Rank;
        }
        return ranks;
    }
}
