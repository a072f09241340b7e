namespace Aggregation.Domain.Trees;

/// <summary>
/// The part <see cref="Share"/> (in (0, 1]) of old leaf <see cref="From"/> that went into new leaf
/// <see cref="To"/>; <see cref="Estimated"/> when the share was not given but taken as an equal part of
/// what the old leaf's given shares left.
/// </summary>
public sealed record TreeLink(string From, string To, decimal Share, bool Estimated);

/// <summary>
/// How the leaves of an older tree went into those of a newer one (SPEC section 10): its links, and
/// the old leaves no link reaches (unmapped: counted and listed, never guessed). Answers lineage one
/// step each way, and composes with the next tree's mapping.
/// </summary>
public sealed class TreeMapping
{
    private static readonly IReadOnlyList<TreeLink> None = [];

    private readonly Dictionary<string, List<TreeLink>> _predecessors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TreeLink>> _successors = new(StringComparer.Ordinal);

    /// <summary>Throws <see cref="ArgumentException"/> for a share outside (0, 1], two links between the same leaves, or an unmapped leaf with links.</summary>
    public TreeMapping(string fromTree, string toTree, IEnumerable<TreeLink> links, IEnumerable<string> unmappedLeaves)
    {
        FromTree = fromTree;
        ToTree = toTree;
        Links = links.ToList();
        foreach (var link in Links)
        {
            if (link.Share is <= 0m or > 1m)
            {
                throw new ArgumentException($"the share of {link.From} → {link.To} is {link.Share}, outside (0, 1]", nameof(links));
            }
            if (!Add(_successors, link.From, link, l => l.To == link.To))
            {
                throw new ArgumentException($"{link.From} → {link.To} is linked twice", nameof(links));
            }
            Add(_predecessors, link.To, link, _ => false);
        }
        UnmappedLeaves = unmappedLeaves.Order(StringComparer.Ordinal).ToList();
        if (UnmappedLeaves.FirstOrDefault(_successors.ContainsKey) is { } linked)
        {
            throw new ArgumentException($"old leaf '{linked}' has links and cannot be unmapped", nameof(unmappedLeaves));
        }
    }

    public string FromTree { get; }

    public string ToTree { get; }

    public IReadOnlyList<TreeLink> Links { get; }

    /// <summary>Old leaves that no link takes into the newer tree, in code order.</summary>
    public IReadOnlyList<string> UnmappedLeaves { get; }

    /// <summary>The new leaves that have a predecessor.</summary>
    public IEnumerable<string> NewLeaves => _predecessors.Keys;

    /// <summary>The old leaves: those with links and those without.</summary>
    public IEnumerable<string> OldLeaves => _successors.Keys.Concat(UnmappedLeaves);

    /// <summary>The links into a new leaf, in the order they were given.</summary>
    public IReadOnlyList<TreeLink> Predecessors(string newLeaf) => _predecessors.TryGetValue(newLeaf, out var links) ? links : None;

    /// <summary>The links out of an old leaf, in the order they were given.</summary>
    public IReadOnlyList<TreeLink> Successors(string oldLeaf) => _successors.TryGetValue(oldLeaf, out var links) ? links : None;

    /// <summary>
    /// This mapping followed by <paramref name="next"/> (from this one's newer tree on): an old leaf goes
    /// into a leaf two trees on by the product of the shares along each way there, summed over the ways,
    /// estimated when any share along them is. An old leaf whose every way ends at a leaf that
    /// <paramref name="next"/> leaves unmapped is unmapped.
    /// </summary>
    public TreeMapping Then(TreeMapping next)
    {
        if (next.FromTree != ToTree)
        {
            throw new ArgumentException($"the mapping from '{FromTree}' to '{ToTree}' cannot be followed by one from '{next.FromTree}'", nameof(next));
        }
        var composed = new Dictionary<(string From, string To), (decimal Share, bool Estimated)>();
        var order = new List<(string From, string To)>();
        foreach (var first in Links)
        {
            foreach (var second in next.Successors(first.To))
            {
                var key = (first.From, second.To);
                var share = first.Share * second.Share;
                var estimated = first.Estimated || second.Estimated;
                if (composed.TryGetValue(key, out var sum))
                {
                    composed[key] = (sum.Share + share, sum.Estimated || estimated);
                }
                else
                {
                    composed[key] = (share, estimated);
                    order.Add(key);
                }
            }
        }
        var links = order.Select(k => new TreeLink(k.From, k.To, Math.Min(1m, composed[k].Share), composed[k].Estimated)).ToList();
        var reached = links.Select(l => l.From).ToHashSet(StringComparer.Ordinal);
        return new TreeMapping(FromTree, next.ToTree, links, OldLeaves.Where(l => !reached.Contains(l)));
    }

    private static bool Add(Dictionary<string, List<TreeLink>> index, string key, TreeLink link, Func<TreeLink, bool> clash)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }
        if (list.Any(clash))
        {
            return false;
        }
        list.Add(link);
        return true;
    }
}
