namespace Aggregation.Gateway.Tests;

/// <summary>The repository the tests run from: its docs and sources, read as they are checked in.</summary>
internal static class Repository
{
    /// <summary>The directory of Aggregation.sln above the test binaries.</summary>
    public static string Root { get; } = Find();

    /// <summary>A file of the repository by its path from the root, e.g. <c>Read("docs", "problems.md")</c>.</summary>
    public static string Read(params string[] path) => File.ReadAllText(Path.Combine([Root, .. path]));

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Aggregation.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("the repository (Aggregation.sln) is not above the test binaries");
    }
}
