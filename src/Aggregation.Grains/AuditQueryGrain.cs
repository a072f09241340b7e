using Aggregation.Contracts;
using Orleans.Concurrency;

namespace Aggregation.Grains;

/// <summary>Reads the audit trail where it is kept: subjects' own trails (through the day index) and the leaves' report versions.</summary>
[StatelessWorker]
public sealed class AuditQueryGrain : Grain, IAuditQueryGrain
{
    public async Task<IReadOnlyList<AuditEntry>> Query(AuditQuery query)
    {
        var entries = new List<AuditEntry>();
        var under = new Dictionary<string, bool>();
        async Task<bool> IsUnder(string unit) =>
            under.TryGetValue(unit, out var known) ? known : under[unit] = await GrainFactory.IsAtOrUnder(query.Root!.Value.WithCode(unit), query.Root.Value.Code);
        foreach (var e in await Logged(query))
        {
            if (query.Admits(e.At, e.KeyId, e.Period) && (query.Root is null || (e.Unit is not null && await IsUnder(e.Unit))))
            {
                entries.Add(e);
            }
        }
        var roots = query.Root is { } root ? [root] : await GrainFactory.GetGrain<IUnitRootsGrain>(0).List();
        var leaves = (await Task.WhenAll(roots.Select(async r => (await GrainFactory.LeavesUnder(r)).Select(l => r.WithCode(l.Code))))).SelectMany(l => l);
        foreach (var trail in await Task.WhenAll(leaves.Select(leaf => GrainFactory.Commune(leaf).GetReportTrail(query))))
        {
            entries.AddRange(trail);
        }
        return entries.OrderBy(e => e.At).ToList();
    }

    /// <summary>The trails of every subject noted on a day the query's time range touches (every day when it has none).</summary>
    private async Task<IEnumerable<AuditEntry>> Logged(AuditQuery query)
    {
        var days = (await GrainFactory.GetGrain<IAuditIndexGrain>(0).List())
            .Where(k => (query.From is null || string.CompareOrdinal(GrainKeys.AuditDay(k), GrainKeys.AuditDayOf(query.From.Value)) >= 0)
                && (query.To is null || string.CompareOrdinal(GrainKeys.AuditDay(k), GrainKeys.AuditDayOf(query.To.Value)) <= 0));
        var lists = await Task.WhenAll(days.Select(k => GrainFactory.GetGrain<IAuditGrain>(k).List()));
        var subjects = lists.SelectMany(d => d.Subjects).Distinct().Select(s => AuditSubjects.Resolve(GrainFactory, s)).OfType<IAuditSubject>();
        return (await Task.WhenAll(subjects.Select(s => s.GetAudit()))).SelectMany(t => t);
    }
}
