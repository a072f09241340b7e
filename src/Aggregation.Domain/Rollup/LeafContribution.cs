using Aggregation.Domain.Catalog;

namespace Aggregation.Domain.Rollup;

/// <summary>Turns one leaf's reports into its contribution for a period.</summary>
public static class LeafContribution
{
    /// <summary>
    /// The contribution of a leaf that reported <paramref name="current"/> for a period and
    /// <paramref name="previous"/> for the same period last year. A leaf contributes to an indicator
    /// only when it reported every input the indicator reads, in each period it reads.
    /// <paramref name="approved"/> counts the leaf as approved, only when it has a report;
    /// <paramref name="derived"/> marks every value it gives as derived from sub-periods; <paramref name="estimated"/>
    /// counts the leaf among those restated through an estimated share.
    /// </summary>
    public static Contribution Compute(
        IndicatorCatalog catalog,
        IReadOnlyDictionary<string, decimal>? current,
        IReadOnlyDictionary<string, decimal>? previous,
        bool flagged = false,
        bool approved = false,
        bool derived = false,
        bool estimated = false)
    {
        if (current is null)
        {
            return Contribution.Empty;
        }
        // One delegate for every term of every indicator.
        Func<string, int, decimal?> valueOf = (element, offset) =>
            (offset == 0 ? current : previous) is { } values && values.TryGetValue(element, out var v) ? v : null;

        var indicatorCodes = new List<string>(catalog.Indicators.Count);
        var components = new List<Components>(catalog.Indicators.Count);
        foreach (var indicator in catalog.Indicators)
        {
            var numerator = SumTerms(indicator.Numerator, valueOf);
            var denominator = SumTerms(indicator.Denominator, valueOf);
            if (numerator is { } n && denominator is { } d)
            {
                indicatorCodes.Add(indicator.Code);
                components.Add(new Components(n, d, 1, derived ? 1 : 0));
            }
        }
        var elementCodes = new string[current.Count];
        var totals = new ElementTotal[current.Count];
        var at = 0;
        foreach (var (code, value) in current)
        {
            (elementCodes[at], totals[at]) = (code, new ElementTotal(value, 1, derived ? 1 : 0));
            at++;
        }
        return new Contribution(1, flagged ? 1 : 0, CodeMap<ElementTotal>.Of(elementCodes, totals),
            CodeMap<Components>.Of(indicatorCodes.ToArray(), components.ToArray()), approved ? 1 : 0, estimated ? 1 : 0);
    }

    private static decimal? SumTerms(IReadOnlyList<Term> terms, Func<string, int, decimal?> valueOf)
    {
        var sum = 0m;
        for (var i = 0; i < terms.Count; i++)
        {
            if (terms[i].Evaluate(valueOf) is not { } v)
            {
                return null;
            }
            sum += v;
        }
        return sum;
    }
}
