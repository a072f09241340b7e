using Aggregation.Domain.Periods;
using Aggregation.Domain.Trees;
using Orleans.Concurrency;

namespace Aggregation.Contracts;

/// <summary>
/// The mapping from an older tree to a newer one through every tree between (key <see cref="GrainKeys.Mapping"/>
/// of the two): the stored mappings of each step composed, kept in memory and composed again when a step is replaced.
/// </summary>
[Alias("agg.ITreeChainGrain")]
public interface ITreeChainGrain : IGrainWithStringKey
{
    /// <summary>How many leaves of the older tree no way reaches the newer one by; null while a step has no mapping.</summary>
    [AlwaysInterleave, Alias("GetUnmappedLeaves")]
    Task<int?> GetUnmappedLeaves();
}

/// <summary>What an answer on a tree says about where its figures come from (SPEC section 10).</summary>
[GenerateSerializer, Immutable, Alias("agg.tree-view")]
public sealed record TreeView(
    [property: Id(0)] string Tree,
    [property: Id(1)] IReadOnlyList<string> DataTrees,
    [property: Id(2)] int? UnmappedLeaves)
{
    /// <summary>Whether the figures come from another tree than the view's.</summary>
    public bool Restated => DataTrees.Any(t => t != Tree);
}

public static class TreeViews
{
    /// <summary>
    /// The trees a period's figures on <paramref name="tree"/> come from: the tree of each of its months, oldest first;
    /// at a root (<paramref name="atRoot"/>), with the old leaves that no mapping takes onto the tree.
    /// </summary>
    public static async Task<TreeView> View(this IGrainFactory grains, TreeBook book, string tree, Period period, bool atRoot)
    {
        var dataTrees = DataTrees(book, period);
        int? unmapped = null;
        if (atRoot && dataTrees.Any(t => t != tree))
        {
            var counts = await Task.WhenAll(dataTrees.Where(t => t != tree)
                .Select(t => grains.Reference<ITreeChainGrain>(GrainKeys.Mapping(t, tree)).GetUnmappedLeaves()));
            unmapped = counts.Sum(c => c ?? 0);
        }
        return new TreeView(tree, dataTrees, unmapped);
    }

    /// <summary>The trees a period's reports were made on: the tree of each of its months, oldest first.</summary>
    public static IReadOnlyList<string> DataTrees(TreeBook book, Period period) =>
        period.Months.Select(m => book.TreeOf(m).Id).Distinct().ToList();
}
