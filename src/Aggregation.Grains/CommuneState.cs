using Aggregation.Contracts;

namespace Aggregation.Grains;

/// <summary>
/// Grain state of a leaf: what stays small however long it reports. The reports themselves are rows of
/// the report log (<see cref="IReportLog"/>), so a new version never rewrites this state.
/// </summary>
public sealed class CommuneState
{
    /// <summary>
    /// The contribution version of the last approval change or aborted import, the changes stored here.
    /// The leaf's version is the highest of this and its log rows', so parents can drop stale updates after a restart too.
    /// </summary>
    public long ContributionVersion { get; set; }

    /// <summary>Approved (locked) periods. Kept here, not in a grain of its own, so approve and submit never interleave.</summary>
    public Dictionary<string, StoredApproval>? Approvals { get; set; }

    /// <summary>Every approve and unapprove of this leaf, with who (reports are audited by their own history).</summary>
    public List<AuditEntry>? ApprovalAudit { get; set; }
}

public sealed class StoredApproval
{
    public string ApprovedBy { get; set; } = "";
    public DateTimeOffset ApprovedAt { get; set; }
}

/// <summary>One version of a period's report: a row of the report log.</summary>
public sealed class StoredReport
{
    public int Version { get; set; }
    public Dictionary<string, decimal> Values { get; set; } = [];
    public DateTimeOffset SubmittedAt { get; set; }
    public string SubmittedBy { get; set; } = "";

    /// <summary>The id of the key that submitted (null before keys existed, and for the sample).</summary>
    public string? SubmittedByKey { get; set; }
    public List<WarningView> Warnings { get; set; } = [];

    public ReportView ToView(string unit, string period) =>
        new(unit, period, Version, Values, SubmittedAt, SubmittedBy, Warnings, SubmittedByKey);
}
