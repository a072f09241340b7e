using Aggregation.Domain.Trees;
using Aggregation.Domain.Units;

namespace Aggregation.Domain.Tests.Trees;

/// <summary>The real unit lists shipped in the repository's <c>data/vn-units</c>, read as the domain takes files: split rows.</summary>
internal static class VnUnits
{
    public const string Units2023 = "units-2023-04.csv";
    public const string Units2025March = "units-2025-03.csv";
    public const string Units2025July = "units-2025-07.csv";
    public const string Mapping2025 = "mapping-2025-03-to-2025-07.csv";

    private static readonly Lazy<string> Folder = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Aggregation.sln")))
            {
                return Path.Combine(directory.FullName, "data", "vn-units");
            }
        }
        throw new InvalidOperationException("the repository (Aggregation.sln) is not above the test binaries");
    });

    /// <summary>A file's records, the header first; the shipped files quote nothing, so a comma always separates cells.</summary>
    public static List<string[]> Records(string file) =>
        [.. File.ReadLines(Path.Combine(Folder.Value, file)).Where(l => l.Length > 0).Select(l => l.Split(','))];

    public static List<string[]> Csv(string text) =>
        [.. text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).Select(l => l.Split(','))];

    /// <summary>A list's units as a tree holds them.</summary>
    public static List<UnitDefinition> Units(string file) =>
        [.. Records(file).Skip(1).Select(f => new UnitDefinition(f[0], f[1], f[2], f[3].Length == 0 ? null : f[3]))];

    /// <summary>The codes of a list's leaves: the units no other unit has as its parent.</summary>
    public static HashSet<string> Leaves(string file) => MappingFile.LeavesOf(Units(file));
}
