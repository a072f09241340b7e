using Aggregation.Domain.Periods;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Trees;
using Aggregation.Domain.Units;
using Orleans.Concurrency;

namespace Aggregation.Contracts;

/// <summary>A reporting leaf (key: <see cref="GrainKeys.Unit"/>, the unit key's text): every version of its reports, the source of all rollups.</summary>
[Alias("agg.ICommuneGrain")]
public interface ICommuneGrain : IGrainWithStringKey, IAuditSubject, IWatchable
{
    /// <summary>
    /// Validates and durably stores a new version of the report for a period, then tells the parent.
    /// Called through <see cref="IUnitGrain.Submit"/>, whose turn keeps the unit a leaf meanwhile and which passes
    /// the unit as it stands (<paramref name="unit"/>, null when it does not exist), saving the leaf a call back.
    /// </summary>
    [Alias("Submit")]
    Task<SubmitResult> Submit(Period period, ReportSubmission submission, UnitInfo? unit);

    /// <summary>
    /// First phase of an all-or-nothing import: checks the submission as <see cref="Submit"/> would and, when it
    /// would store a version (<see cref="SubmitStatus.Validated"/>), reserves the period for <paramref name="importId"/>:
    /// until <see cref="Complete"/>, <see cref="Abort"/> or expiry (see <see cref="ImportHold"/>), submissions and
    /// approvals of the period are refused as <see cref="RefusalKind.Busy"/> (<c>period_busy</c>).
    /// </summary>
    [Alias("Prepare")]
    Task<SubmitResult> Prepare(Period period, ReportSubmission submission, string importId, UnitInfo? unit);

    /// <summary>Stores exactly the prepared report (no validation can fail now) and keeps the reservation, so it can still be undone.</summary>
    [Alias("Commit")]
    Task<SubmitResult> Commit(Period period, string importId);

    /// <summary>Ends the reservation, keeping what was committed.</summary>
    [Alias("Complete")]
    Task Complete(Period period, string importId);

    /// <summary>Ends the reservation; a committed version is removed again and the parent told. Expiry does the same.</summary>
    [Alias("Abort")]
    Task Abort(Period period, string importId);

    /// <summary>The latest version for a period, or null.</summary>
    [AlwaysInterleave, Alias("GetReport")]
    Task<ReportView?> GetReport(Period period);

    /// <summary>Every version for a period, oldest first, read from the report log (the leaf holds only the latest).</summary>
    [AlwaysInterleave, Alias("GetHistory")]
    Task<IReadOnlyList<ReportView>> GetHistory(Period period);

    /// <summary>Whether this leaf holds any report, or a period held for an import: such a leaf cannot take children.</summary>
    [AlwaysInterleave, Alias("HasData")]
    Task<bool> HasData();

    /// <summary>
    /// The leaf's report submissions as audit entries, each with the version before it as the previous value;
    /// only those <paramref name="query"/> admits by time, key and period.
    /// </summary>
    [AlwaysInterleave, Alias("GetReportTrail")]
    Task<IReadOnlyList<AuditEntry>> GetReportTrail(AuditQuery query);

    /// <summary>Periods with at least one report.</summary>
    [AlwaysInterleave, Alias("GetPeriods")]
    Task<IReadOnlyList<Period>> GetPeriods();

    /// <summary>
    /// This leaf's contribution for a period, with a version that grows with every accepted
    /// report; parents keep the highest version they have seen.
    /// </summary>
    [AlwaysInterleave, Alias("GetContribution")]
    Task<VersionedContribution> GetContribution(Period period);

    /// <summary>
    /// Approves (locks) the latest report of a period: submissions are refused as <see cref="RefusalKind.Locked"/> (<c>period_locked</c>)
    /// until it is unapproved. The contribution's version moves, so every ancestor counts it approved.
    /// A derived period is not approved itself (<c>derived_period</c>): it is approved once the reports it comes from are.
    /// </summary>
    [Alias("Approve")]
    Task<ApprovalResult> Approve(Period period, KeyPrincipal by);

    /// <summary>
    /// Withdraws the approval of a reported period. A leaf with a parent is unapproved only through the parent's
    /// <see cref="IApprovalGrain.UnapproveLeafChild"/>, which checks that the parent is approved neither for the
    /// period nor for one the leaf derives from it. A derived period's approval is withdrawn by unapproving a report it comes from.
    /// </summary>
    [Alias("Unapprove")]
    Task<ApprovalResult> Unapprove(Period period, KeyPrincipal by);

    /// <summary>
    /// The approval of a period, or null: a reported period's own, or for a derived period, when every report it
    /// comes from is approved, the last of their approvals marked <see cref="ApprovalView.Derived"/>.
    /// </summary>
    [AlwaysInterleave, Alias("GetApproval")]
    Task<ApprovalView?> GetApproval(Period period);

    /// <summary>The reported periods the leaf's value for a period comes from: the period itself when reported, none without a value.</summary>
    [AlwaysInterleave, Alias("GetSources")]
    Task<IReadOnlyList<Period>> GetSources(Period period);

    /// <summary>This leaf's contribution for every period of a year it has a value for (what a rollup pulls on activation).</summary>
    [AlwaysInterleave, Alias("GetContributions")]
    Task<IReadOnlyList<PeriodContribution>> GetContributions(int year);

    /// <summary>One indicator's components of this leaf for each of <paramref name="periods"/>, in their order; zero where the leaf does not contribute.</summary>
    [AlwaysInterleave, Alias("GetIndicatorOverPeriods")]
    Task<IReadOnlyList<Components>> GetIndicator(IReadOnlyList<Period> periods, string indicator);

    /// <summary>Whether this leaf has a value for a period (its own report, or every sub-period's) and when it last reported for any period.</summary>
    [AlwaysInterleave, Alias("GetStanding")]
    Task<LeafStanding> GetStanding(Period period);

    /// <summary>What this leaf's contribution for a period is computed from, read at one moment (verify and what-if recompute from it).</summary>
    [AlwaysInterleave, Alias("GetInputs")]
    Task<LeafReports> GetInputs(Period period);

    /// <summary>Sends every period's contribution to the current parent (after a move).</summary>
    [Alias("Republish")]
    Task Republish();

    /// <summary>
    /// What this leaf states for each period of a year (every year when null): its own report for a period of its tree,
    /// its restated value for a period of an older tree (SPEC section 10). Its successors on the next tree restate from these.
    /// </summary>
    [AlwaysInterleave, Alias("GetStated")]
    Task<IReadOnlyList<StatedPeriod>> GetStated(int? year);

    /// <summary>
    /// A predecessor on the tree before tells what it now states for a year: the leaf restates from it, sends what changed
    /// to its parent, and tells its own successors in turn.
    /// </summary>
    [Alias("PredecessorChanged")]
    Task PredecessorChanged(UnitKey predecessor, int year, IReadOnlyList<StatedPeriod> stated);

    /// <summary>Reads the trees, the leaf's links both ways and its predecessors' values again (a mapping touching it was replaced), and sends what changed.</summary>
    [Alias("RefreshLineage")]
    Task RefreshLineage();
}

/// <summary>What a leaf states for one period (<see cref="ICommuneGrain.GetStated"/>).</summary>
[GenerateSerializer, Immutable, Alias("agg.stated-period")]
public sealed record StatedPeriod([property: Id(0)] Period Period, [property: Id(1)] RestatedReport Report);

/// <summary>How long an import's reservation of a period lives without the importer finishing it.</summary>
public static class ImportHold
{
    /// <summary>Long enough for a national file (~10,000 rows) to prepare and commit; short enough that a crashed import frees the period soon.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(60);
}

/// <summary>A child's contribution with the child's version of it.</summary>
[GenerateSerializer, Immutable, Alias("agg.versioned-contribution")]
public sealed record VersionedContribution([property: Id(0)] long Version, [property: Id(1)] Contribution Contribution);

/// <summary>
/// A leaf's values for a period (null when it has none): its latest report for the period, or derived
/// from its reports for sub-periods (<see cref="Derived"/>); whether a report they come from carries
/// warnings; the values of the same period a year before (what <c>x[-1]</c> reads); whether every
/// report they come from is approved; and whether they are restated through an estimated share.
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.leaf-reports")]
public sealed record LeafReports(
    [property: Id(0)] IReadOnlyDictionary<string, decimal>? Current,
    [property: Id(1)] bool Flagged,
    [property: Id(2)] IReadOnlyDictionary<string, decimal>? Previous,
    [property: Id(3)] bool Approved,
    [property: Id(4)] bool Derived = false,
    [property: Id(5)] bool Estimated = false)
{
    /// <summary>The contribution these make to every ancestor.</summary>
    public Contribution ToContribution(IndicatorCatalog catalog) => LeafContribution.Compute(catalog, Current, Previous, Flagged, Approved, Derived, Estimated);
}

/// <summary>
/// Whether a leaf has a value for a period, which is exactly when it contributes to it (a derived period needs every
/// sub-period), and the time of its most recent accepted report for any period (null when it never reported).
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.leaf-standing")]
public sealed record LeafStanding([property: Id(0)] bool HasValue, [property: Id(1)] DateTimeOffset? LastReported);

/// <summary>A unit's contribution for one period, with the version it was made at.</summary>
[GenerateSerializer, Immutable, Alias("agg.period-contribution")]
public sealed record PeriodContribution([property: Id(0)] Period Period, [property: Id(1)] VersionedContribution Contribution);
