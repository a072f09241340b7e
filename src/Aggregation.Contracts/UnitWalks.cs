using Aggregation.Domain.Units;

namespace Aggregation.Contracts;

/// <summary>Walks of the unit hierarchy through the unit grains, shared by scopes, moves, queries and the audit trail.</summary>
public static class UnitWalks
{
    /// <summary>Deeper than any administrative hierarchy: a walk stops here rather than loop on a damaged tree.</summary>
    private const int MaxDepth = 64;

    /// <summary>Whether <paramref name="unit"/> is <paramref name="root"/> (a code of its tree) or lies under it, walking up the parents.</summary>
    public static async Task<bool> IsAtOrUnder(this IGrainFactory grains, UnitKey unit, string root)
    {
        var current = unit.Code;
        for (var depth = 0; depth < MaxDepth; depth++)
        {
            if (current == root)
            {
                return true;
            }
            if ((await grains.Unit(unit.WithCode(current)).GetInfo())?.Parent is not { } parent)
            {
                return false;
            }
            current = parent;
        }
        return false;
    }

    /// <summary>
    /// Every leaf under a unit (the unit itself when it is a leaf), each with the units from
    /// <paramref name="path"/> down to it; the path starts as the route to <paramref name="unit"/>.
    /// Codes are of the unit's tree.
    /// </summary>
    public static async Task<IReadOnlyList<(string Code, IReadOnlyList<string> Path)>> LeavesUnder(
        this IGrainFactory grains, UnitKey unit, IReadOnlyList<string>? path = null)
    {
        path ??= [unit.Code];
        var info = await grains.Unit(unit).GetInfo();
        if (info is null || info.IsLeaf)
        {
            return info is null ? [] : [(unit.Code, path)];
        }
        var nested = await Task.WhenAll(info.Children.Select(c => grains.LeavesUnder(unit.WithCode(c.Code), [.. path, c.Code])));
        return nested.SelectMany(n => n).ToList();
    }

    /// <summary>
    /// Every unit of a tree as its definition (code, name, level, parent), parents before children, walking
    /// down from the tree's root; each level's units are read at once.
    /// </summary>
    public static async Task<IReadOnlyList<UnitDefinition>> UnitsOf(this IGrainFactory grains, string tree)
    {
        var units = new List<UnitDefinition>();
        var level = (await grains.GetGrain<IUnitRootsGrain>(0).List()).Where(r => r.Tree == tree).ToList();
        for (var depth = 0; level.Count > 0 && depth < MaxDepth; depth++)
        {
            var infos = await Task.WhenAll(level.Select(u => grains.Unit(u).GetInfo()));
            var next = new List<UnitKey>();
            foreach (var info in infos.OfType<UnitInfo>())
            {
                units.Add(new UnitDefinition(info.Code, info.Name, info.Level, info.Parent));
                next.AddRange(info.Children.Select(c => new UnitKey(tree, c.Code)));
            }
            level = next;
        }
        return units;
    }
}
