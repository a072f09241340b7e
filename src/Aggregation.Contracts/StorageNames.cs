namespace Aggregation.Contracts;

public static class StorageNames
{
    /// <summary>The grain storage every persistent grain uses.</summary>
    public const string Default = "aggregation";

    /// <summary>Series name asking a leaf for its whole contribution rather than one series.</summary>
    public const string AllSeries = "*";
}
