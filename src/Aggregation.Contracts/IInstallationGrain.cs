namespace Aggregation.Contracts;

/// <summary>Facts about the store itself (key 0): whether first-start setup has run.</summary>
[Alias("agg.IInstallationGrain")]
public interface IInstallationGrain : IGrainWithIntegerKey
{
    /// <summary>True once first-start setup (such as loading the sample) has completed.</summary>
    [Alias("IsInitialized")]
    Task<bool> IsInitialized();

    /// <summary>
    /// True for the one caller that should run first-start setup now: the store is not
    /// initialized and nobody claimed setup in the last <c>ClaimLease</c>. Silos starting
    /// together on an empty store thus load the sample once.
    /// </summary>
    [Alias("TryClaimSetup")]
    Task<bool> TryClaimSetup(string by);

    /// <summary>Records that first-start setup has completed.</summary>
    [Alias("MarkInitialized")]
    Task MarkInitialized(string how);
}
