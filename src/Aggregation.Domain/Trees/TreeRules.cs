using System.Globalization;
using Aggregation.Domain.Rules;

namespace Aggregation.Domain.Trees;

/// <summary>
/// The rules of trees, tree loads and mappings (SPEC section 10), each with its stable code, said once.
/// Tree ids follow the unit-code rule (<see cref="FieldRules.UnitCode"/>) and names the names rule.
/// </summary>
public static class TreeRules
{
    public static readonly Rule DuplicateTree = new(RefusalCodes.DuplicateTree, "another tree has this id");
    public static readonly Rule SameValidFrom = new(RefusalCodes.SameValidFrom, "another tree is in force from the same day");
    public static readonly Rule InUse = new(RefusalCodes.TreeInUse, "the tree has units: its day decides where their reports go and cannot change");
    public static readonly Rule NotNewer = new(RefusalCodes.NotNewer, "figures are carried only onto a newer tree");

    public static Rule NotPrevious(string to, string before) =>
        new(RefusalCodes.NotPrevious, $"a mapping into tree '{to}' comes from the tree right before it, '{before}'; map each step and the steps compose");
    public static readonly Rule ValidFrom = new(RefusalCodes.InvalidDate, "must be a day written yyyy-MM-dd, such as 2025-07-01");

    public static Rule NotFound(string tree) => new(RefusalCodes.TreeNotFound, $"tree '{tree}' does not exist");

    // A tree load (code,name,level,parent[,kind]).
    public static readonly Rule MissingColumn = new(RefusalCodes.MissingColumn, "the header has no such column");
    public static readonly Rule UnknownColumn = new(RefusalCodes.UnknownColumn, "is not a column of this file");
    public static readonly Rule RepeatedColumn = new(RefusalCodes.RepeatedColumn, "the header names this column twice");
    public static readonly Rule BeyondHeader = new(RefusalCodes.BeyondHeader, "is a cell beyond the header's columns");
    public static readonly Rule Level = new(RefusalCodes.InvalidLevel, $"must be one of {string.Join(", ", UnitLevels.All)}");
    public static readonly Rule Kind = new(RefusalCodes.InvalidKind, "must be at most 64 characters without control characters");
    public static readonly Rule ParentNotFound = new(RefusalCodes.ParentNotFound, "is neither in the file nor in the tree");
    public static readonly Rule OwnParent = new(RefusalCodes.Cycle, "a unit cannot be its own parent");
    public static readonly Rule Cycle = new(RefusalCodes.Cycle, "the parents of this unit lead back to it");
    public static readonly Rule SecondRoot = new(RefusalCodes.SecondRoot, "the tree already has a root; a unit without a parent would be another");

    public static Rule RepeatedRow(int firstRow) => new(RefusalCodes.RepeatedRow, $"appears again: row {firstRow} has this code already");

    public static Rule ParentLevel(string parentLevel, string level) =>
        new(RefusalCodes.LevelOrder, $"a {parentLevel} cannot be the parent of a {level}: a parent's level is above its child's");

    public static Rule ChildLevel(string child, string childLevel) =>
        new(RefusalCodes.LevelOrder, $"unit '{child}' under it is a {childLevel}: a parent's level is above its child's");

    // A mapping (from,to,share or from,to,link).
    public static readonly Rule Share = new(RefusalCodes.InvalidShare, "must be a number above 0 and at most 1, such as 0.25");
    public static readonly Rule Link = new(RefusalCodes.InvalidLink, "must be 'full' or 'partial'");
    public static readonly Rule ShareOrLink = new(RefusalCodes.MissingColumn, "the header needs a 'share' or a 'link' column");
    public static readonly Rule RepeatedLink = new(RefusalCodes.RepeatedLink, "links the same two leaves as an earlier row");

    public static Rule SharesAboveOne(string leaf, decimal sum) =>
        new(RefusalCodes.SharesAboveOne, $"the shares of old leaf '{leaf}' sum to {sum.ToString(CultureInfo.InvariantCulture)}, above 1");

    public static Rule NothingLeft(string leaf) =>
        new(RefusalCodes.SharesAboveOne, $"the shares of old leaf '{leaf}' leave nothing for its links without a share");
}
