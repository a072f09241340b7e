namespace Aggregation.Contracts;

/// <summary>Walks of the unit hierarchy through the unit grains, shared by scopes, moves, queries and the audit trail.</summary>
public static class UnitWalks
{
    /// <summary>Deeper than any administrative hierarchy: a walk stops here rather than loop on a damaged tree.</summary>
    private const int MaxDepth = 64;

    /// <summary>Whether <paramref name="unit"/> is <paramref name="root"/> or lies under it, walking up the parents.</summary>
    public static async Task<bool> IsAtOrUnder(this IGrainFactory grains, string unit, string root)
    {
        var current = unit;
        for (var depth = 0; depth < MaxDepth; depth++)
        {
            if (current == root)
            {
                return true;
            }
            if ((await grains.GetGrain<IUnitGrain>(current).GetInfo())?.Parent is not { } parent)
            {
                return false;
            }
            current = parent;
        }
        return false;
    }

    /// <summary>
    /// Every leaf under a unit (the unit itself when it is a leaf), each with the units from
    /// <paramref name="path"/> down to it; the path starts as the route to <paramref name="code"/>.
    /// </summary>
    public static async Task<IReadOnlyList<(string Code, IReadOnlyList<string> Path)>> LeavesUnder(
        this IGrainFactory grains, string code, IReadOnlyList<string>? path = null)
    {
        path ??= [code];
        var info = await grains.GetGrain<IUnitGrain>(code).GetInfo();
        if (info is null || info.IsLeaf)
        {
            return info is null ? [] : [(code, path)];
        }
        var nested = await Task.WhenAll(info.Children.Select(c => grains.LeavesUnder(c.Code, [.. path, c.Code])));
        return nested.SelectMany(n => n).ToList();
    }
}
