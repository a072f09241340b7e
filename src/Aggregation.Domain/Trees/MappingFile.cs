using Aggregation.Domain.Numbers;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Units;

namespace Aggregation.Domain.Trees;

/// <summary>
/// What a mapping file would store: counts of its links (<see cref="Full"/>: a whole old leaf went
/// there; <see cref="Partial"/>: a part, given or <see cref="Estimated"/>), the codes that are not
/// leaves of their tree (their links dropped), and how many old leaves no link reaches.
/// </summary>
public sealed record MappingSummary(int Links, int Full, int Partial, int Estimated, IReadOnlyList<string> UnknownCodes, int UnmappedLeaves)
{
    /// <summary>The counts of <paramref name="links"/>: a link is full when it took a whole old leaf with a known share.</summary>
    public static MappingSummary Of(IReadOnlyCollection<TreeLink> links, IReadOnlyList<string> unknownCodes, int unmappedLeaves)
    {
        var full = links.Count(l => l.Share == 1m && !l.Estimated);
        return new MappingSummary(links.Count, full, links.Count - full, links.Count(l => l.Estimated), unknownCodes, unmappedLeaves);
    }

    /// <summary>The counts of a stored mapping (its unknown codes were dropped when it was planned).</summary>
    public static MappingSummary Of(TreeMapping mapping) => Of(mapping.Links, [], mapping.UnmappedLeaves.Count);
}

/// <summary>
/// A mapping file planned against the leaves of its two trees. A plan with conflicts (rows that cannot
/// be read) or errors (old leaves whose shares do not fit in the leaf) stores nothing and has no
/// <see cref="Mapping"/>.
/// </summary>
public sealed record MappingPlan(int Rows, MappingSummary Summary, IReadOnlyList<RowConflict> Conflicts, IReadOnlyList<FieldError> Errors, TreeMapping? Mapping)
{
    public bool IsValid => Conflicts.Count == 0 && Errors.Count == 0;
}

/// <summary>
/// Reads a mapping, <c>from,to,share</c> or <c>from,to,link</c> (<c>full</c> or <c>partial</c>), per
/// SPEC section 10: a share is in (0, 1]; <c>full</c> is a share of 1; an old leaf with one link and no
/// share went whole; the links without a share of an old leaf with several share what its given shares
/// leave equally, estimated. The shares of one old leaf may sum to 1 and <see cref="Tolerance"/> more,
/// never above.
/// </summary>
public static class MappingFile
{
    public const string FromColumn = "from";
    public const string ToColumn = "to";
    public const string ShareColumn = "share";
    public const string LinkColumn = "link";
    public const string Full = "full";
    public const string Partial = "partial";

    /// <summary>How far above 1 the given shares of one old leaf may sum (rounded thirds, say) and still be accepted.</summary>
    public const decimal Tolerance = 0.000000001m;

    private static readonly string[] Required = [FromColumn, ToColumn];
    private static readonly string[] Optional = [ShareColumn, LinkColumn];

    /// <summary>One readable row: its share when the file gives one (a <c>full</c> link gives 1), and whether it says <c>partial</c>.</summary>
    private sealed record Row(int Number, string From, string To, decimal? Share, bool SaysPartial);

    public static MappingPlan Plan(
        IEnumerable<IReadOnlyList<string>> records, string fromTree, string toTree,
        IReadOnlySet<string> oldLeaves, IReadOnlySet<string> newLeaves)
    {
        var conflicts = new List<RowConflict>();
        var (columns, data) = CsvColumns.Read(records, Required, Optional, conflicts);
        if (!columns.Has(ShareColumn) && !columns.Has(LinkColumn) && !conflicts.Any(c => c.Row == 1))
        {
            conflicts.Add(RowConflict.Of(TreeRules.ShareOrLink, 1, ShareColumn, null));
        }
        var rows = conflicts.Any(c => c.Row == 1) ? [] : ReadRows(columns, data, conflicts);
        var errors = new List<FieldError>();
        var links = new List<TreeLink>();
        foreach (var leaf in rows.GroupBy(r => r.From).Where(g => oldLeaves.Contains(g.Key)))
        {
            links.AddRange(SharesOf(leaf.Key, [.. leaf], errors).Where(l => newLeaves.Contains(l.To)));
        }
        var reached = links.Select(l => l.From).ToHashSet(StringComparer.Ordinal);
        var unmapped = oldLeaves.Where(l => !reached.Contains(l)).ToList();
        var unknown = rows.Select(r => r.From).Where(c => !oldLeaves.Contains(c))
            .Concat(rows.Select(r => r.To).Where(c => !newLeaves.Contains(c)))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var summary = MappingSummary.Of(links, unknown, unmapped.Count);
        var valid = conflicts.Count == 0 && errors.Count == 0;
        return new MappingPlan(data.Count, summary, conflicts, errors, valid ? new TreeMapping(fromTree, toTree, links, unmapped) : null);
    }

    /// <summary>
    /// The mapping that says a leaf whose code persists into the newer tree is the same leaf (SPEC section 8: a 2023
    /// commune whose code is still in the 2025-03 list is the same commune): each old leaf that is a leaf of the newer
    /// tree goes whole to itself; the others are unmapped, for a mapping file to link them.
    /// </summary>
    public static MappingPlan ByCode(string fromTree, string toTree, IReadOnlySet<string> oldLeaves, IReadOnlySet<string> newLeaves)
    {
        var links = oldLeaves.Where(newLeaves.Contains).Order(StringComparer.Ordinal).Select(c => new TreeLink(c, c, 1m, false)).ToList();
        var unmapped = oldLeaves.Where(c => !newLeaves.Contains(c)).ToList();
        return new MappingPlan(0, MappingSummary.Of(links, [], unmapped.Count), [], [], new TreeMapping(fromTree, toTree, links, unmapped));
    }

    /// <summary>The codes of a tree's leaves: the units no unit has as its parent.</summary>
    public static HashSet<string> LeavesOf(IReadOnlyCollection<UnitDefinition> units)
    {
        var parents = units.Select(u => u.Parent).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return units.Select(u => u.Code).Where(c => !parents.Contains(c)).ToHashSet(StringComparer.Ordinal);
    }

    private static List<Row> ReadRows(CsvColumns columns, List<CsvRecord> data, List<RowConflict> conflicts)
    {
        var rows = new List<Row>(data.Count);
        var seen = new HashSet<(string, string)>();
        foreach (var record in data)
        {
            var before = conflicts.Count;
            var from = columns.Cell(record, FromColumn);
            var to = columns.Cell(record, ToColumn);
            var shareText = columns.Cell(record, ShareColumn);
            var linkText = columns.Cell(record, LinkColumn);
            foreach (var (column, code) in new[] { (FromColumn, from), (ToColumn, to) }.Where(c => !UnitCode.IsValid(c.Item2)))
            {
                conflicts.Add(RowConflict.Of(FieldRules.UnitCode, record.Row, column, code));
            }
            decimal? share = null;
            if (shareText is not null)
            {
                if (ExactDecimal.Read(shareText, out var s) != NumberReading.Exact || s is <= 0m or > 1m)
                {
                    conflicts.Add(RowConflict.Of(TreeRules.Share, record.Row, ShareColumn, shareText));
                }
                share = s;
            }
            var saysFull = string.Equals(linkText, Full, StringComparison.OrdinalIgnoreCase);
            var saysPartial = string.Equals(linkText, Partial, StringComparison.OrdinalIgnoreCase);
            if (linkText is not null && !saysFull && !saysPartial)
            {
                conflicts.Add(RowConflict.Of(TreeRules.Link, record.Row, LinkColumn, linkText));
            }
            if (conflicts.Count > before)
            {
                continue;
            }
            if (!seen.Add((from!, to!)))
            {
                conflicts.Add(RowConflict.Of(TreeRules.RepeatedLink, record.Row, ToColumn, to));
                continue;
            }
            rows.Add(new Row(record.Row, from!, to!, share ?? (saysFull ? 1m : null), saysPartial));
        }
        return rows;
    }

    /// <summary>
    /// The links of one old leaf with their shares: given ones as given, the others an equal part of
    /// the rest (one link without a share, of a leaf with no other and not said to be partial, is the
    /// whole leaf and not estimated). Adds an error naming the leaf when its shares do not fit in it.
    /// </summary>
    private static IEnumerable<TreeLink> SharesOf(string leaf, List<Row> rows, List<FieldError> errors)
    {
        var given = rows.Where(r => r.Share is not null).Sum(r => r.Share!.Value);
        var unshared = rows.Count(r => r.Share is null);
        if (given > 1m + Tolerance)
        {
            errors.Add(Refusal(TreeRules.SharesAboveOne(leaf, given), leaf, given));
            return [];
        }
        var rest = 1m - given;
        if (unshared > 0 && rest <= Tolerance)
        {
            errors.Add(Refusal(TreeRules.NothingLeft(leaf), leaf, given));
            return [];
        }
        var whole = rows.Count == 1 && !rows[0].SaysPartial;
        return rows.Select(r => new TreeLink(leaf, r.To, r.Share ?? rest / unshared, r.Share is null && !whole));
    }

    private static FieldError Refusal(Rule rule, string leaf, decimal sum) =>
        new(leaf, rule.Code, rule.Message, new Dictionary<string, NoteArg> { [FieldError.LeafArg] = leaf, ["sum"] = sum });
}
