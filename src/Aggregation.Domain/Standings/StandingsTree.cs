using System.Collections.Concurrent;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Units;

namespace Aggregation.Domain.Standings;

/// <summary>
/// A whole tree's units in memory, indexed for standings: each unit's parent chain, whether it is a leaf, and the
/// units of a level under any unit, kept once asked (a changed tree is a new instance). Built once from the units'
/// definitions (parents may come after children); a unit whose parent is not in the list counts as a root, and a
/// parent chain stops rather than loop.
/// </summary>
public sealed class StandingsTree
{
    private const int MaxDepth = 64;
    private readonly Dictionary<string, UnitDefinition> _units;
    private readonly Dictionary<string, List<string>> _children = [];
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _leavesUnder = [];
    private readonly ConcurrentDictionary<(string Scope, string Level), IReadOnlyList<string>> _unitsOfLevel = [];
    private readonly ConcurrentDictionary<string, string?> _leafLevel = [];
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _levelsUnder = [];

    public StandingsTree(IEnumerable<UnitDefinition> units)
    {
        _units = units.ToDictionary(u => u.Code);
        foreach (var unit in _units.Values)
        {
            if (unit.Parent is { } parent && _units.ContainsKey(parent))
            {
                (_children.TryGetValue(parent, out var list) ? list : _children[parent] = []).Add(unit.Code);
            }
        }
        Roots = [.. _units.Values.Where(u => u.Parent is null || !_units.ContainsKey(u.Parent)).Select(u => u.Code).Order(StringComparer.Ordinal)];
    }

    public int Count => _units.Count;

    /// <summary>The units without a parent in the tree, by code.</summary>
    public IReadOnlyList<string> Roots { get; }

    public bool Contains(string code) => _units.ContainsKey(code);

    public UnitDefinition this[string code] => _units[code];

    public bool IsLeaf(string code) => !_children.ContainsKey(code);

    /// <summary>The units with at least one leaf among their children: the ones whose rollups hold what the leaves contribute.</summary>
    public IReadOnlyList<string> ParentsOfLeaves() =>
        [.. _children.Where(c => c.Value.Any(IsLeaf)).Select(c => c.Key).Order(StringComparer.Ordinal)];

    /// <summary>The unit's parent, its parent's parent and so on up to its root.</summary>
    public IReadOnlyList<string> Ancestors(string code)
    {
        var chain = new List<string>();
        var current = _units[code].Parent;
        while (current is not null && _units.TryGetValue(current, out var unit) && chain.Count < MaxDepth && current != code)
        {
            chain.Add(current);
            current = unit.Parent;
        }
        return chain;
    }

    /// <summary>The leaves at or under <paramref name="scope"/> (every leaf of the tree for null), in a stable order; kept once asked.</summary>
    public IReadOnlyList<string> LeavesUnder(string? scope)
    {
        var key = scope ?? "";
        if (_leavesUnder.TryGetValue(key, out var known))
        {
            return known;
        }
        var leaves = new List<string>();
        var stack = new Stack<(string Code, int Depth)>((scope is null ? Roots : [scope]).Reverse().Select(c => (c, 0)));
        while (stack.TryPop(out var next))
        {
            if (!_children.TryGetValue(next.Code, out var children))
            {
                leaves.Add(next.Code);
            }
            else if (next.Depth < MaxDepth)
            {
                for (var i = children.Count - 1; i >= 0; i--)
                {
                    stack.Push((children[i], next.Depth + 1));
                }
            }
        }
        return _leavesUnder[key] = leaves;
    }

    /// <summary>
    /// What each unit of <paramref name="level"/> at or under <paramref name="scope"/> adds up to: the sum of the parts of
    /// the leaves under it (<paramref name="partOf"/>; null: nothing reported), as its rollup adds them; a unit of the
    /// level with nothing under it is there with <see cref="Components.Zero"/>. Without a level, the leaves themselves.
    /// A leaf counts towards the nearest unit of the level on its way up to the scope.
    /// </summary>
    public IReadOnlyDictionary<string, Components> TotalsAt(string? scope, string? level, Func<string, Components?> partOf)
    {
        var leaves = LeavesUnder(scope);
        var totals = new Dictionary<string, Components>();
        if (level is null)
        {
            foreach (var leaf in leaves)
            {
                totals[leaf] = partOf(leaf) ?? Components.Zero;
            }
            return totals;
        }
        foreach (var code in UnitsOfLevel(scope, level))
        {
            totals[code] = Components.Zero;
        }
        foreach (var leaf in leaves)
        {
            if (partOf(leaf) is not { } part || OfLevel(leaf, scope, level) is not { } holder)
            {
                continue;
            }
            totals[holder] = totals[holder].Combine(part);
        }
        return totals;
    }

    /// <summary>The units of <paramref name="level"/> at or under <paramref name="scope"/> (the whole tree for null); kept once asked.</summary>
    public IReadOnlyList<string> UnitsOfLevel(string? scope, string level) =>
        _unitsOfLevel.GetOrAdd((scope ?? "", level), _ => FindUnitsOfLevel(scope, level));

    private List<string> FindUnitsOfLevel(string? scope, string level)
    {
        var found = new List<string>();
        var stack = new Stack<(string Code, int Depth)>((scope is null ? Roots : [scope]).Select(c => (c, 0)));
        while (stack.TryPop(out var next))
        {
            if (_units[next.Code].Level == level)
            {
                found.Add(next.Code);
            }
            if (next.Depth < MaxDepth && _children.TryGetValue(next.Code, out var children))
            {
                foreach (var child in children)
                {
                    stack.Push((child, next.Depth + 1));
                }
            }
        }
        return found;
    }

    /// <summary>The nearest unit of <paramref name="level"/> from <paramref name="leaf"/> up to <paramref name="scope"/>, or null.</summary>
    private string? OfLevel(string leaf, string? scope, string level)
    {
        var current = leaf;
        for (var depth = 0; depth <= MaxDepth; depth++)
        {
            var unit = _units[current];
            if (unit.Level == level)
            {
                return current;
            }
            if (current == scope || unit.Parent is not { } parent || !_units.ContainsKey(parent))
            {
                return null;
            }
            current = parent;
        }
        return null;
    }

    /// <summary>The level the leaves at or under <paramref name="scope"/> share, or null when they differ or there are none; kept once asked.</summary>
    public string? LeafLevel(string? scope) => _leafLevel.GetOrAdd(scope ?? "", _ =>
    {
        var levels = LeavesUnder(scope).Select(l => _units[l].Level).Distinct().Take(2).ToList();
        return levels.Count == 1 ? levels[0] : null;
    });

    /// <summary>
    /// The levels a ranking under <paramref name="scope"/> can take (the whole tree for null): every level of the units
    /// under it, top down, each after every level found above it on any branch (a district before the communes, even
    /// where other communes sit right under a province); levels on a par in the order met, breadth first. A leaf
    /// scope has its own level. Kept once asked.
    /// </summary>
    public IReadOnlyList<string> LevelsUnder(string? scope) => _levelsUnder.GetOrAdd(scope ?? "", _ =>
    {
        if (scope is not null && IsLeaf(scope))
        {
            return [_units[scope].Level];
        }
        // Each level's longest chain of other levels above it, from the scope down.
        var above = new Dictionary<string, int>();
        var met = new List<string>();
        var queue = new Queue<(string Code, int Above, int Depth)>();
        foreach (var top in scope is null ? Roots : _children[scope])
        {
            queue.Enqueue((top, 0, 0));
        }
        while (queue.TryDequeue(out var next))
        {
            var level = _units[next.Code].Level;
            if (above.TryAdd(level, next.Above))
            {
                met.Add(level);
            }
            else if (next.Above > above[level])
            {
                above[level] = next.Above;
            }
            if (next.Depth < MaxDepth && _children.TryGetValue(next.Code, out var children))
            {
                foreach (var child in children)
                {
                    queue.Enqueue((child, _units[child].Level == level ? next.Above : next.Above + 1, next.Depth + 1));
                }
            }
        }
        return [.. met.OrderBy(l => above[l])];
    });
}
