using Aggregation.Domain.Catalog;
using Aggregation.Domain.Rules;

namespace Aggregation.Domain.Trees;

/// <summary>
/// One predecessor of a new leaf: the share of it that went there, whether that share was estimated,
/// and its element values for the period (null when it has no report). <see cref="Weight"/> is how many
/// leaves of the oldest tree the values stand for: 1 for a leaf's own report.
/// </summary>
public sealed record PredecessorReport(decimal Share, bool Estimated, IReadOnlyDictionary<string, decimal>? Values, decimal Weight = 1m);

/// <summary>
/// A new leaf's element values restated from its predecessors; <see cref="Estimated"/> when a share
/// used was; <see cref="Weight"/> the share-weighted count of oldest-tree leaves in it, which a
/// further restatement weighs its means by.
/// </summary>
public sealed record RestatedReport(IReadOnlyDictionary<string, decimal> Values, bool Estimated, decimal Weight)
{
    /// <summary>This report as a predecessor of a leaf one tree further on.</summary>
    public PredecessorReport Into(TreeLink link) => new(link.Share, link.Estimated || Estimated, Values, Weight);
}

/// <summary>
/// Restates an older period's leaf reports onto a newer tree (SPEC section 10). Each element of a new
/// leaf is Σ share × value over its predecessors, except an element the catalogue marks
/// <see cref="RestateKind.Mean"/> (<c>ntm_criteria_met</c>), which is the share-weighted mean of theirs.
/// An element is restated only when every predecessor has it, and a new leaf has a restated report only
/// when every predecessor reported: merged communes are never half reported. Each restated value is rounded to
/// <see cref="Limits.MaxDecimals"/> places, as a report's are, so rollups over many leaves stay exact. The restated values then
/// go through <see cref="Rollup.LeafContribution.Compute"/> like any report, so indicators stay ratios
/// of sums.
/// </summary>
public static class Restatement
{
    /// <summary>The restated report of a new leaf, or null when it has no predecessor or one of them did not report.</summary>
    public static RestatedReport? Restate(IndicatorCatalog catalog, IReadOnlyList<PredecessorReport> predecessors)
    {
        if (predecessors.Count == 0 || predecessors.Any(p => p.Values is null))
        {
            return null;
        }
        var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var element in catalog.Elements)
        {
            if (predecessors.All(p => p.Values!.ContainsKey(element.Code)))
            {
                // Kept to the decimals a report may have, like a derived average: sums over many leaves then stay exact.
                values[element.Code] = decimal.Round(
                    element.Restate == RestateKind.Mean ? Mean(element.Code, predecessors) : Sum(element.Code, predecessors), Limits.MaxDecimals);
            }
        }
        return new RestatedReport(values, predecessors.Any(p => p.Estimated), predecessors.Sum(p => p.Share * p.Weight));
    }

    /// <summary>
    /// The restated reports of every new leaf of <paramref name="mapping"/> that has one, from the old
    /// leaves' own reports (<paramref name="reportOf"/> answers null for a leaf without a report).
    /// </summary>
    public static IReadOnlyDictionary<string, RestatedReport> RestateAll(
        IndicatorCatalog catalog, TreeMapping mapping, Func<string, IReadOnlyDictionary<string, decimal>?> reportOf) =>
        Onto(catalog, mapping, leaf => reportOf(leaf) is { } values ? new RestatedReport(values, false, 1m) : null);

    /// <summary>
    /// The restated reports of every new leaf of <paramref name="mapping"/> from reports that may
    /// themselves be restated from an older tree: restating step by step gives what restating through
    /// the composed mapping gives.
    /// </summary>
    public static IReadOnlyDictionary<string, RestatedReport> Onto(
        IndicatorCatalog catalog, TreeMapping mapping, Func<string, RestatedReport?> reportOf)
    {
        var reports = new Dictionary<string, RestatedReport?>(StringComparer.Ordinal);
        RestatedReport? Old(string leaf) => reports.TryGetValue(leaf, out var r) ? r : reports[leaf] = reportOf(leaf);
        var restated = new Dictionary<string, RestatedReport>(StringComparer.Ordinal);
        foreach (var leaf in mapping.NewLeaves)
        {
            var predecessors = mapping.Predecessors(leaf)
                .Select(link => Old(link.From) is { } old ? old.Into(link) : new PredecessorReport(link.Share, link.Estimated, null))
                .ToList();
            if (Restate(catalog, predecessors) is { } report)
            {
                restated[leaf] = report;
            }
        }
        return restated;
    }

    private static decimal Sum(string element, IReadOnlyList<PredecessorReport> predecessors)
    {
        var sum = 0m;
        foreach (var p in predecessors)
        {
            sum += p.Share * p.Values![element];
        }
        return sum;
    }

    /// <summary>Σ weight × value / Σ weight, the weight a predecessor's share of its own weight; exactly the value when all agree.</summary>
    private static decimal Mean(string element, IReadOnlyList<PredecessorReport> predecessors)
    {
        var first = predecessors[0].Values![element];
        if (predecessors.All(p => p.Values![element] == first))
        {
            return first;
        }
        decimal weighted = 0m, weights = 0m;
        foreach (var p in predecessors)
        {
            var weight = p.Share * p.Weight;
            weighted += weight * p.Values![element];
            weights += weight;
        }
        return weighted / weights;
    }
}
