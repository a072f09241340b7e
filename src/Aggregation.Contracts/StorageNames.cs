namespace Aggregation.Contracts;

public static class StorageNames
{
    /// <summary>The grain storage every persistent grain uses.</summary>
    public const string Default = "aggregation";
}
