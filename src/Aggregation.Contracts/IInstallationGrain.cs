namespace Aggregation.Contracts;

/// <summary>Facts about the store itself (key 0): whether first-start setup has run.</summary>
[Alias("agg.IInstallationGrain")]
public interface IInstallationGrain : IGrainWithIntegerKey
{
    /// <summary>True once first-start setup (such as loading the sample) has completed.</summary>
    [Alias("IsInitialized")]
    Task<bool> IsInitialized();

    /// <summary>Records that first-start setup has completed.</summary>
    [Alias("MarkInitialized")]
    Task MarkInitialized(string how);
}
