using Aggregation.Domain.Periods;
using Aggregation.Domain.Rules;

namespace Aggregation.Domain.Trees;

/// <summary>
/// The trees of an installation, oldest first. A period is on the tree in force on its last day
/// (2025S1 on the tree of 30 June 2025, 2025 on the tree of 31 December 2025). A period that ends
/// before the oldest tree's day is on the oldest tree: the oldest tree is the first hierarchy the
/// installation knows, so its data before that day can only be read there. An installation that
/// defined no trees has the one tree <see cref="TreeInfo.Default"/>, valid from the beginning of time.
/// </summary>
public sealed class TreeBook
{
    private readonly Dictionary<string, TreeInfo> _byId;
    private readonly bool _defined;

    /// <summary>A book of <paramref name="trees"/>; throws <see cref="ArgumentException"/> when <see cref="Problems"/> finds any.</summary>
    public TreeBook(IEnumerable<TreeInfo> trees)
    {
        var list = trees.ToList();
        if (Problems(list) is [var first, ..])
        {
            throw new ArgumentException($"{first.Field}: {first.Message}", nameof(trees));
        }
        _defined = list.Count > 0;
        Trees = _defined ? [.. list.OrderBy(t => t.ValidFrom)] : [TreeInfo.Default];
        _byId = Trees.ToDictionary(t => t.Id, StringComparer.Ordinal);
    }

    /// <summary>The book of an installation without trees.</summary>
    public static TreeBook Empty { get; } = new([]);

    /// <summary>Oldest first; never empty.</summary>
    public IReadOnlyList<TreeInfo> Trees { get; }

    public TreeInfo Newest => Trees[^1];

    public TreeInfo? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The tree in force on <paramref name="day"/>, or the oldest tree for a day before every tree.</summary>
    public TreeInfo TreeOn(DateOnly day)
    {
        var tree = Trees[0];
        foreach (var candidate in Trees)
        {
            if (candidate.ValidFrom > day)
            {
                break;
            }
            tree = candidate;
        }
        return tree;
    }

    /// <summary>The tree of a period: the one in force on the period's last day.</summary>
    public TreeInfo TreeOf(Period period) => TreeOn(period.LastDay);

    /// <summary>Whether tree <paramref name="a"/> came into force after tree <paramref name="b"/>; both must be in the book.</summary>
    public bool IsNewer(string a, string b) => Known(a).ValidFrom > Known(b).ValidFrom;

    /// <summary>The tree right before <paramref name="id"/> (the newest older one), or null for the oldest; <paramref name="id"/> must be in the book.</summary>
    public TreeInfo? Before(string id)
    {
        var index = Trees.ToList().IndexOf(Known(id));
        return index > 0 ? Trees[index - 1] : null;
    }

    /// <summary>The tree right after <paramref name="id"/> (the oldest newer one), or null for the newest; <paramref name="id"/> must be in the book.</summary>
    public TreeInfo? After(string id)
    {
        var index = Trees.ToList().IndexOf(Known(id));
        return index < Trees.Count - 1 ? Trees[index + 1] : null;
    }

    /// <summary>
    /// Why a mapping from tree <paramref name="from"/> to tree <paramref name="to"/> (both in the book) cannot be
    /// stored, on the field <c>from</c>: a mapping carries leaves onto a newer tree, from the tree right before it
    /// (a mapping over several trees is the composition of the steps between them). Null when it can.
    /// </summary>
    public FieldError? MappingProblem(string from, string to)
    {
        if (!IsNewer(to, from))
        {
            return TreeRules.NotNewer.At("from");
        }
        var before = Before(to)!.Id;
        return before == from ? null : TreeRules.NotPrevious(to, before).At("from");
    }

    /// <summary>This book with <paramref name="tree"/> added, or put in place of the tree with its id (a rename or a new day).</summary>
    public TreeBook With(TreeInfo tree) => new([.. Defined.Where(t => t.Id != tree.Id), tree]);

    /// <summary>What <see cref="With"/> would refuse: the tree's own problems, or a day another tree already has.</summary>
    public IReadOnlyList<FieldError> ProblemsWith(TreeInfo tree) =>
        Problems([.. Defined.Where(t => t.Id != tree.Id), tree]);

    /// <summary>
    /// Why a set of trees is not a book: a tree's own problems (<c>id</c>, <c>name</c>), an id given
    /// twice (<c>id</c>) or two trees in force from the same day (<c>validFrom</c>). Empty when it is one.
    /// </summary>
    public static IReadOnlyList<FieldError> Problems(IReadOnlyList<TreeInfo> trees)
    {
        var problems = trees.SelectMany(t => t.Problems()).ToList();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var days = new HashSet<DateOnly>();
        foreach (var tree in trees)
        {
            if (!ids.Add(tree.Id))
            {
                problems.Add(TreeRules.DuplicateTree.At("id"));
            }
            else if (!days.Add(tree.ValidFrom))
            {
                problems.Add(TreeRules.SameValidFrom.At("validFrom"));
            }
        }
        return problems;
    }

    /// <summary>The trees an administrator defined: none when the book holds only the stand-in default tree.</summary>
    private IEnumerable<TreeInfo> Defined => _defined ? Trees : [];

    private TreeInfo Known(string id) =>
        Find(id) ?? throw new ArgumentException($"tree '{id}' is not in the book", nameof(id));
}
