using Aggregation.Contracts;
using Aggregation.Domain.Periods;

namespace Aggregation.Grains;

/// <summary>A leaf's submissions are their own audit trail: each version knows who, when and what, and the version before is the previous value.</summary>
public sealed partial class CommuneGrain
{
    public Task<IReadOnlyList<AuditEntry>> GetReportTrail(AuditQuery query)
    {
        var entries = new List<AuditEntry>();
        foreach (var (period, versions) in _reports.Where(r => query.Period is null || r.Key == query.Period))
        {
            StoredReport? before = null;
            foreach (var version in versions)
            {
                if (query.Admits(version.SubmittedAt, version.SubmittedByKey, period))
                {
                    entries.Add(AuditEntry.Of(version.SubmittedAt, version.SubmittedByKey, version.SubmittedBy, "report", "submit", Code, period,
                        $"v{version.Version}", version.Values, before?.Values));
                }
                before = version;
            }
        }
        return Task.FromResult<IReadOnlyList<AuditEntry>>(entries);
    }
}
