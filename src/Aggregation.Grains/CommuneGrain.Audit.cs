using Aggregation.Contracts;
using Aggregation.Domain.Periods;

namespace Aggregation.Grains;

/// <summary>A leaf's submissions are their own audit trail: each version knows who, when and what, and the version before is the previous value.</summary>
public sealed partial class CommuneGrain
{
    /// <summary>Read from the report log: the leaf holds only each period's latest version.</summary>
    public async Task<IReadOnlyList<AuditEntry>> GetReportTrail(AuditQuery query)
    {
        var entries = new List<AuditEntry>();
        foreach (var versions in (await Versions(query.Period)).GroupBy(r => r.Period))
        {
            StoredReport? before = null;
            foreach (var (period, version, _) in versions)
            {
                if (query.Admits(version.SubmittedAt, version.SubmittedByKey, period))
                {
                    entries.Add(AuditEntry.Of(version.SubmittedAt, version.SubmittedByKey, version.SubmittedBy, "report", "submit", Code, period,
                        $"v{version.Version}", version.Values, before?.Values));
                }
                before = version;
            }
        }
        return entries;
    }
}
