namespace Aggregation.Domain.Trees;

/// <summary>The levels a loaded tree's units take, highest first: a parent's level is above its child's.</summary>
public static class UnitLevels
{
    public const string Nation = "nation";
    public const string Province = "province";
    public const string District = "district";
    public const string Commune = "commune";

    private static readonly string[] Levels = [Nation, Province, District, Commune];

    public static IReadOnlyList<string> All => Levels;

    /// <summary>0 for the nation down to 3 for a commune; null for any other text.</summary>
    public static int? Rank(string? level) => Array.IndexOf(Levels, level) is var i and >= 0 ? i : null;
}
