using Aggregation.Domain.Catalog;
using Aggregation.Domain.Rollup;
using Orleans.Concurrency;

namespace Aggregation.Contracts;

/// <summary>A reporting leaf (key: unit code): every version of its reports, the source of all rollups.</summary>
[Alias("agg.ICommuneGrain")]
public interface ICommuneGrain : IGrainWithStringKey, IAuditSubject
{
    /// <summary>
    /// Validates and durably stores a new version of the report for a period, then tells the parent.
    /// Called through <see cref="IUnitGrain.Submit"/>, whose turn keeps the unit a leaf meanwhile.
    /// </summary>
    [Alias("Submit")]
    Task<SubmitResult> Submit(string period, ReportSubmission submission);

    /// <summary>The latest version for a period, or null.</summary>
    [AlwaysInterleave, Alias("GetReport")]
    Task<ReportView?> GetReport(string period);

    /// <summary>Every version for a period, oldest first.</summary>
    [AlwaysInterleave, Alias("GetHistory")]
    Task<IReadOnlyList<ReportView>> GetHistory(string period);

    /// <summary>Whether this leaf holds any report: such a leaf cannot take children.</summary>
    [AlwaysInterleave, Alias("HasData")]
    Task<bool> HasData();

    /// <summary>Periods with at least one report.</summary>
    [AlwaysInterleave, Alias("GetPeriods")]
    Task<IReadOnlyList<string>> GetPeriods();

    /// <summary>
    /// This leaf's contribution for a period, with a version that grows with every accepted
    /// report; parents keep the highest version they have seen.
    /// </summary>
    [AlwaysInterleave, Alias("GetContribution")]
    Task<VersionedContribution> GetContribution(string period);

    /// <summary>
    /// Approves (locks) the latest report of a period: submissions get <see cref="SubmitStatus.Locked"/>
    /// until it is unapproved. The contribution's version moves, so every ancestor counts it approved.
    /// </summary>
    [Alias("Approve")]
    Task<ApprovalResult> Approve(string period, KeyPrincipal by);

    /// <summary>
    /// Withdraws the approval of a period. A leaf with a parent is unapproved only through the parent's
    /// <see cref="IApprovalGrain.UnapproveChild"/>, which checks that the parent is not approved.
    /// </summary>
    [Alias("Unapprove")]
    Task<ApprovalResult> Unapprove(string period, KeyPrincipal by);

    /// <summary>The approval of a period, or null.</summary>
    [AlwaysInterleave, Alias("GetApproval")]
    Task<ApprovalView?> GetApproval(string period);

    /// <summary>What this leaf's contribution for a period is computed from, read at one moment (verify and what-if recompute from it).</summary>
    [AlwaysInterleave, Alias("GetInputs")]
    Task<LeafReports> GetInputs(string period);

    /// <summary>Sends every period's contribution to the current parent (after a move).</summary>
    [Alias("Republish")]
    Task Republish();
}

/// <summary>A child's contribution with the child's version of it.</summary>
[GenerateSerializer, Immutable, Alias("agg.versioned-contribution")]
public sealed record VersionedContribution([property: Id(0)] long Version, [property: Id(1)] Contribution Contribution);

/// <summary>
/// A leaf's latest values for a period (null when it has not reported), whether that report
/// carries warnings, the previous period's latest values, and whether the period is approved.
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.leaf-reports")]
public sealed record LeafReports(
    [property: Id(0)] IReadOnlyDictionary<string, decimal>? Current,
    [property: Id(1)] bool Flagged,
    [property: Id(2)] IReadOnlyDictionary<string, decimal>? Previous,
    [property: Id(3)] bool Approved)
{
    /// <summary>The contribution these make to every ancestor.</summary>
    public Contribution ToContribution(IndicatorCatalog catalog) => LeafContribution.Compute(catalog, Current, Previous, Flagged, Approved);
}
