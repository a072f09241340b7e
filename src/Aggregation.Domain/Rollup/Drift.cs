using Aggregation.Domain.Catalog;

namespace Aggregation.Domain.Rollup;

/// <summary>One field where the live rollup and a recomputation disagree.</summary>
public sealed record DriftEntry(string Series, string Field, decimal? Live, decimal? Recomputed);

public static class Drift
{
    /// <summary>Every field where <paramref name="live"/> differs from <paramref name="recomputed"/>; empty when they agree.</summary>
    public static IReadOnlyList<DriftEntry> Between(IndicatorCatalog catalog, Contribution live, Contribution recomputed)
    {
        var drift = new List<DriftEntry>();
        void Check(string series, string field, decimal a, decimal b)
        {
            if (a != b)
            {
                drift.Add(new DriftEntry(series, field, a, b));
            }
        }
        Check(Contribution.ElementsSeries, "reportingLeaves", live.ReportingLeaves, recomputed.ReportingLeaves);
        Check(Contribution.ElementsSeries, "flaggedLeaves", live.FlaggedLeaves, recomputed.FlaggedLeaves);
        Check(Contribution.ElementsSeries, "approvedLeaves", live.ApprovedLeaves, recomputed.ApprovedLeaves);
        Check(Contribution.ElementsSeries, "estimatedLeaves", live.EstimatedLeaves, recomputed.EstimatedLeaves);
        foreach (var element in catalog.Elements.Select(e => e.Code))
        {
            var a = live.Elements.GetValueOrDefault(element);
            var b = recomputed.Elements.GetValueOrDefault(element);
            Check(element, "sum", a.Sum, b.Sum);
            Check(element, "reporters", a.Reporters, b.Reporters);
        }
        foreach (var indicator in catalog.Indicators.Select(i => i.Code))
        {
            drift.AddRange(Between(indicator, live.IndicatorOrZero(indicator), recomputed.IndicatorOrZero(indicator)));
        }
        return drift;
    }

    /// <summary>Every part of an indicator's components where <paramref name="live"/> differs from <paramref name="recomputed"/>, named <paramref name="series"/>.</summary>
    public static IEnumerable<DriftEntry> Between(string series, Components live, Components recomputed)
    {
        if (live.Numerator != recomputed.Numerator)
        {
            yield return new DriftEntry(series, "numerator", live.Numerator, recomputed.Numerator);
        }
        if (live.Denominator != recomputed.Denominator)
        {
            yield return new DriftEntry(series, "denominator", live.Denominator, recomputed.Denominator);
        }
        if (live.Contributors != recomputed.Contributors)
        {
            yield return new DriftEntry(series, "contributors", live.Contributors, recomputed.Contributors);
        }
    }
}
