using Aggregation.Contracts;

namespace Aggregation.Grains;

/// <summary>
/// Stored form of a leaf: every version of every report. <see cref="ContributionVersion"/>
/// grows with each accepted report and survives restarts, so parents can drop stale updates.
/// </summary>
public sealed class CommuneState
{
    public Dictionary<string, List<StoredReport>> Reports { get; set; } = [];
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
