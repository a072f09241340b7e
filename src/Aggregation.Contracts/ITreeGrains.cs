using Aggregation.Domain.Trees;
using Orleans.Concurrency;

namespace Aggregation.Contracts;

/// <summary>
/// The installation's trees (SPEC section 10), one grain (key <see cref="GrainKeys.TreeBook"/>). Without a
/// tree defined the book holds only <see cref="TreeInfo.Default"/>, and everything behaves as one tree.
/// </summary>
[Alias("agg.ITreeBookGrain")]
public interface ITreeBookGrain : IGrainWithStringKey, IAuditSubject
{
    /// <summary>The trees, oldest first; never empty (the default tree stands in when none is defined).</summary>
    [AlwaysInterleave, Alias("GetTrees")]
    Task<IReadOnlyList<TreeInfo>> GetTrees();

    /// <summary>
    /// Creates a tree or renames one. A tree's day may change only while it has no units: the day decides
    /// which tree a period's reports go to. Answers the refusal, or null with whether the tree is new.
    /// </summary>
    [Alias("Put")]
    Task<TreePut> Put(TreeInfo tree, KeyPrincipal by);
}

/// <summary>The outcome of <see cref="ITreeBookGrain.Put"/>: <see cref="Refusal"/> when refused, else whether the tree was created.</summary>
[GenerateSerializer, Immutable, Alias("agg.tree-put")]
public sealed record TreePut([property: Id(0)] Refusal? Refusal, [property: Id(1)] bool Created);

/// <summary>
/// The stored mapping from the leaves of tree <c>from</c> to those of the tree right after it, <c>to</c> (key
/// <see cref="GrainKeys.Mapping"/>), with lineage one step each way. Its audit trail says who replaced it, with counts.
/// </summary>
[Alias("agg.ITreeMappingGrain")]
public interface ITreeMappingGrain : IGrainWithStringKey, IAuditSubject
{
    /// <summary>The mapping, or null when none was stored.</summary>
    [AlwaysInterleave, Alias("Get")]
    Task<TreeMapping?> Get();

    /// <summary>
    /// Replaces the mapping (a valid one: <see cref="MappingFile.Plan"/> checked it) and records who did. A mapping
    /// between other trees than the grain's key names is refused (<see cref="ArgumentException"/>), as a bug of the caller.
    /// </summary>
    [Alias("Replace")]
    Task Replace(TreeMapping mapping, KeyPrincipal by);

    /// <summary>The links into a leaf of the newer tree; empty without a mapping.</summary>
    [AlwaysInterleave, Alias("Predecessors")]
    Task<IReadOnlyList<TreeLink>> Predecessors(string newLeaf);

    /// <summary>How many times the mapping was stored: 0 before the first, growing with every replacement.</summary>
    [AlwaysInterleave, Alias("GetVersion")]
    Task<int> GetVersion();

    /// <summary>The links out of a leaf of the older tree; empty without a mapping.</summary>
    [AlwaysInterleave, Alias("Successors")]
    Task<IReadOnlyList<TreeLink>> Successors(string oldLeaf);
}

/// <summary>The tree grains, reached as the unit grains are (<see cref="UnitGrains"/>).</summary>
public static class TreeGrains
{
    public static ITreeBookGrain TreeBook(this IGrainFactory grains) => grains.Reference<ITreeBookGrain>(GrainKeys.TreeBook);

    /// <summary>The installation's trees as a <see cref="Domain.Trees.TreeBook"/>, read now.</summary>
    public static async Task<TreeBook> Trees(this IGrainFactory grains)
    {
        var trees = await grains.TreeBook().GetTrees();
        return trees is [var only] && only == TreeInfo.Default ? Domain.Trees.TreeBook.Empty : new TreeBook(trees);
    }

    public static ITreeMappingGrain Mapping(this IGrainFactory grains, string fromTree, string toTree) =>
        grains.Reference<ITreeMappingGrain>(GrainKeys.Mapping(fromTree, toTree));
}
