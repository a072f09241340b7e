using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Temporal;
using Aggregation.Domain.Trees;

namespace Aggregation.Grains;

/// <summary>A leaf's values over time: each period its own report or derived from sub-periods, and what they contribute.</summary>
public sealed partial class CommuneGrain
{
    /// <summary>
    /// The leaf's values for a period (its report, or derived from reports of sub-periods), flagged when a report
    /// they come from carries warnings, approved as <see cref="GetApproval"/> answers (when every one of them is), with the same period a year before.
    /// </summary>
    private LeafReports Inputs(Period period, LeafLineage? lineage = null)
    {
        lineage ??= Lineage();
        var timeline = lineage.Timeline;
        var value = timeline.ValueFor(period);
        IReadOnlyList<Period> sources = value?.Sources ?? [];
        return new LeafReports(value?.Values, sources.Any(s => Latest(s) is { Warnings.Count: > 0 }),
            timeline.ValueFor(period.SamePeriodLastYear)?.Values,
            value is not null && Approved(period, timeline) is not null, value?.Derived ?? false, lineage.IsEstimated(period));
    }

    /// <summary>
    /// The leaf's latest reports over time, for one operation: an operation on several periods shares one, so each
    /// sub-period is derived once; none is kept between operations (a commune's derived periods would outgrow its reports).
    /// </summary>
    private LeafTimeline Timeline() => Lineage().Timeline;

    public Task<VersionedContribution> GetContribution(Period period) =>
        Task.FromResult(new VersionedContribution(_contributionVersion, Compute(period)));

    public Task<IReadOnlyList<PeriodContribution>> GetContributions(int year)
    {
        if (_predecessors.Count == 0 && !ReportsIn(year))
        {
            // Nothing of the year is reported and nothing restated: every period of it contributes nothing.
            return Task.FromResult<IReadOnlyList<PeriodContribution>>([]);
        }
        var lineage = Lineage();
        return Task.FromResult<IReadOnlyList<PeriodContribution>>(Period.AllOf(year)
            .Select(p => new PeriodContribution(p, new VersionedContribution(_contributionVersion, Compute(p, lineage))))
            .Where(c => !c.Contribution.Contribution.IsEmpty).ToList());
    }

    public Task<IReadOnlyList<Components>> GetIndicator(IReadOnlyList<Period> periods, string indicator)
    {
        var lineage = Lineage();
        return Task.FromResult<IReadOnlyList<Components>>(periods.Select(p => Compute(p, lineage).IndicatorOrZero(indicator)).ToList());
    }

    /// <summary>Whether the leaf holds a report for any period of <paramref name="year"/>.</summary>
    private bool ReportsIn(int year) => _latest.Keys.Any(k => Period.Parse(k).Year == year);

    /// <summary>A period's latest version is its last accepted, so the latest versions hold the leaf's last submission.</summary>
    public Task<LeafStanding> GetStanding(Period period) => Task.FromResult(new LeafStanding(
        Timeline().ValueFor(period) is not null,
        _latest.Values.Select(r => (DateTimeOffset?)r.SubmittedAt).Max()));
}
