using Aggregation.Domain.Rules;
using Aggregation.Domain.Units;

namespace Aggregation.Domain.Trees;

/// <summary>What a tree load does to one unit.</summary>
public enum LoadChange { Created, Updated, Unchanged }

/// <summary>One row of a tree load as it would be stored; <see cref="Kind"/> is the file's unit type (Xã, Phường, …), if given.</summary>
public sealed record LoadedUnit(int Row, UnitDefinition Unit, string? Kind, LoadChange Change);

/// <summary>
/// A tree load planned against the tree's units: the data rows read, what each sound row would do, and
/// the conflicts. A load with any conflict changes nothing; <see cref="Units"/> of a valid load lists
/// every row's unit with parents before children, the order to store them in.
/// </summary>
public sealed record TreeLoadPlan(int Rows, int Created, int Updated, int Unchanged, IReadOnlyList<RowConflict> Conflicts, IReadOnlyList<LoadedUnit> Units)
{
    public bool IsValid => Conflicts.Count == 0;
}

/// <summary>
/// The bulk load of a tree from <c>code,name,level,parent[,kind]</c> (SPEC section 10): parents may
/// come before or after their children, or already be in the tree. Every row is checked against the
/// tree the load would leave: valid unique codes, non-empty names, levels among <see cref="UnitLevels"/>,
/// parents present and a level above their children, no cycles, one root. Linear in the rows and the
/// tree's units, so a national tree plans in milliseconds.
/// </summary>
public static class TreeLoad
{
    public const string CodeColumn = "code";
    public const string NameColumn = "name";
    public const string LevelColumn = "level";
    public const string ParentColumn = "parent";
    public const string KindColumn = "kind";

    private static readonly string[] Required = [CodeColumn, NameColumn, LevelColumn, ParentColumn];
    private static readonly string[] Optional = [KindColumn];

    private sealed record Row(int Number, string Code, string? Name, string? Level, string? Parent, string? Kind);

    public static TreeLoadPlan Plan(IEnumerable<IReadOnlyList<string>> records, IEnumerable<UnitDefinition> existing)
    {
        var conflicts = new List<RowConflict>();
        var (columns, data) = CsvColumns.Read(records, Required, Optional, conflicts);
        var tree = existing.ToDictionary(u => u.Code, StringComparer.Ordinal);
        if (conflicts.Any(c => c.Row == 1))
        {
            return new TreeLoadPlan(data.Count, 0, 0, 0, conflicts, []);
        }
        var rows = ReadRows(columns, data, conflicts);
        CheckParents(rows, tree, conflicts);
        CheckRoot(rows, tree, conflicts);
        CheckCycles(rows, tree, conflicts);
        var refused = conflicts.Select(c => c.Row).ToHashSet();
        var units = rows.Values.Where(r => !refused.Contains(r.Number)).Select(r =>
        {
            var unit = new UnitDefinition(r.Code, r.Name!, r.Level!, r.Parent);
            var change = !tree.TryGetValue(r.Code, out var old) ? LoadChange.Created : old == unit ? LoadChange.Unchanged : LoadChange.Updated;
            return new LoadedUnit(r.Number, unit, r.Kind, change);
        }).ToList();
        return new TreeLoadPlan(data.Count,
            units.Count(u => u.Change == LoadChange.Created),
            units.Count(u => u.Change == LoadChange.Updated),
            units.Count(u => u.Change == LoadChange.Unchanged),
            [.. conflicts.OrderBy(c => c.Row)],
            conflicts.Count == 0 ? ParentsFirst(units, tree) : []);
    }

    /// <summary>Each row with a valid code, the first of its code, whatever else is wrong with it: its code may be a parent.</summary>
    private static Dictionary<string, Row> ReadRows(CsvColumns columns, List<CsvRecord> data, List<RowConflict> conflicts)
    {
        var rows = new Dictionary<string, Row>(StringComparer.Ordinal);
        foreach (var record in data)
        {
            var code = columns.Cell(record, CodeColumn);
            if (!UnitCode.IsValid(code))
            {
                conflicts.Add(RowConflict.Of(FieldRules.UnitCode, record.Row, CodeColumn, code));
                continue;
            }
            if (rows.TryGetValue(code!, out var first))
            {
                conflicts.Add(RowConflict.Of(TreeRules.RepeatedRow(first.Number), record.Row, CodeColumn, code));
                continue;
            }
            var row = new Row(record.Row, code!, columns.Cell(record, NameColumn), columns.Cell(record, LevelColumn),
                columns.Cell(record, ParentColumn), columns.Cell(record, KindColumn));
            rows[row.Code] = row;
            void Refuse(Rule rule, string column, string? value) => conflicts.Add(RowConflict.Of(rule, row.Number, column, value));
            if (Names.Problem(row.Name) is { } badName)
            {
                Refuse(badName, NameColumn, row.Name);
            }
            if (UnitLevels.Rank(row.Level) is null)
            {
                Refuse(TreeRules.Level, LevelColumn, row.Level);
            }
            if (row.Parent is not null && !UnitCode.IsValid(row.Parent))
            {
                Refuse(FieldRules.UnitCode, ParentColumn, row.Parent);
            }
            else if (row.Parent == row.Code)
            {
                Refuse(TreeRules.OwnParent, ParentColumn, row.Parent);
            }
            if (row.Kind is { } kind && (kind.Length > 64 || kind.Any(char.IsControl)))
            {
                Refuse(TreeRules.Kind, KindColumn, kind);
            }
        }
        return rows;
    }

    private static string? LevelOf(string code, Dictionary<string, Row> rows, Dictionary<string, UnitDefinition> tree) =>
        rows.TryGetValue(code, out var row) ? row.Level : tree.GetValueOrDefault(code)?.Level;

    private static string? ParentOf(string code, Dictionary<string, Row> rows, Dictionary<string, UnitDefinition> tree) =>
        rows.TryGetValue(code, out var row) ? row.Parent : tree.GetValueOrDefault(code)?.Parent;

    /// <summary>Every parent is in the file or the tree and a level above its child, for the file's rows and the tree's units under them.</summary>
    private static void CheckParents(Dictionary<string, Row> rows, Dictionary<string, UnitDefinition> tree, List<RowConflict> conflicts)
    {
        foreach (var row in rows.Values.Where(r => UnitCode.IsValid(r.Parent) && r.Parent != r.Code))
        {
            if (!rows.ContainsKey(row.Parent!) && !tree.ContainsKey(row.Parent!))
            {
                conflicts.Add(RowConflict.Of(TreeRules.ParentNotFound, row.Number, ParentColumn, row.Parent));
            }
            else if (LevelOf(row.Parent!, rows, tree) is { } parentLevel && UnitLevels.Rank(parentLevel) >= UnitLevels.Rank(row.Level))
            {
                conflicts.Add(RowConflict.Of(TreeRules.ParentLevel(parentLevel, row.Level!), row.Number, LevelColumn, row.Level));
            }
        }
        foreach (var unit in tree.Values.Where(u => !rows.ContainsKey(u.Code) && u.Parent is not null && rows.ContainsKey(u.Parent)))
        {
            var parent = rows[unit.Parent!];
            if (UnitLevels.Rank(parent.Level) >= UnitLevels.Rank(unit.Level))
            {
                conflicts.Add(RowConflict.Of(TreeRules.ChildLevel(unit.Code, unit.Level), parent.Number, LevelColumn, parent.Level));
            }
        }
    }

    /// <summary>
    /// One root: the tree's own root stays it unless the file gives it a parent; otherwise the file's
    /// first row without a parent is the root, and every other row without one a conflict.
    /// </summary>
    private static void CheckRoot(Dictionary<string, Row> rows, Dictionary<string, UnitDefinition> tree, List<RowConflict> conflicts)
    {
        var root = tree.Values.Where(u => u.Parent is null && !rows.ContainsKey(u.Code)).Select(u => u.Code).Order(StringComparer.Ordinal).FirstOrDefault();
        foreach (var row in rows.Values.Where(r => r.Parent is null).OrderBy(r => r.Number))
        {
            if (root is null)
            {
                root = row.Code;
                continue;
            }
            conflicts.Add(RowConflict.Of(TreeRules.SecondRoot, row.Number, ParentColumn, null));
        }
    }

    /// <summary>Follows parents from every row; a row whose parents lead back to it is a conflict.</summary>
    private static void CheckCycles(Dictionary<string, Row> rows, Dictionary<string, UnitDefinition> tree, List<RowConflict> conflicts)
    {
        const byte Walking = 1, Done = 2;
        var state = new Dictionary<string, byte>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var start in rows.Keys)
        {
            path.Clear();
            var code = start;
            while (code is not null && state.GetValueOrDefault(code) == 0 && (rows.ContainsKey(code) || tree.ContainsKey(code)))
            {
                state[code] = Walking;
                path.Add(code);
                code = ParentOf(code, rows, tree) is { } parent && parent != code ? parent : null;
            }
            if (code is not null && state.GetValueOrDefault(code) == Walking)
            {
                foreach (var member in path[path.IndexOf(code)..].Where(rows.ContainsKey))
                {
                    conflicts.Add(RowConflict.Of(TreeRules.Cycle, rows[member].Number, ParentColumn, rows[member].Parent));
                }
            }
            path.ForEach(c => state[c] = Done);
        }
    }

    /// <summary>The rows' units ordered by depth in the tree the load leaves, so every parent is stored before its children.</summary>
    private static List<LoadedUnit> ParentsFirst(List<LoadedUnit> units, Dictionary<string, UnitDefinition> tree)
    {
        var parents = new Dictionary<string, string?>(tree.Count + units.Count, StringComparer.Ordinal);
        foreach (var unit in tree.Values)
        {
            parents[unit.Code] = unit.Parent;
        }
        foreach (var unit in units)
        {
            parents[unit.Unit.Code] = unit.Unit.Parent;
        }
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        int DepthOf(string code)
        {
            var chain = new Stack<string>();
            var d = 0;
            for (var c = code; ; c = parents[c]!)
            {
                if (depth.TryGetValue(c, out d))
                {
                    break;
                }
                chain.Push(c);
                if (parents[c] is null)
                {
                    d = -1;
                    break;
                }
            }
            while (chain.TryPop(out var c))
            {
                depth[c] = ++d;
            }
            return depth[code];
        }
        return [.. units.OrderBy(u => DepthOf(u.Unit.Code)).ThenBy(u => u.Row)];
    }
}
