using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Trees;
using Microsoft.Extensions.Logging;
using Aggregation.Domain.Units;

namespace Aggregation.Grains;

/// <summary>How a leaf tells its parent: each period's contribution with the leaf's version, retried on a timer when the parent cannot be reached.</summary>
public sealed partial class CommuneGrain
{
    /// <summary>
    /// What the periods a change of <paramref name="period"/> can move contribute before it: every period containing it,
    /// and with <paramref name="nextYear"/> their growth a year later. Only those whose contribution the change moved are sent.
    /// </summary>
    private Dictionary<Period, Contribution> Before(Period period, bool nextYear, LeafLineage? lineage = null)
    {
        lineage ??= Lineage();
        return Affected(period, nextYear).ToDictionary(p => p, p => Compute(p, lineage));
    }

    /// <summary>
    /// Sends the periods whose contribution is no longer what it was <paramref name="before"/> the change, and
    /// gives the leaf's successors on the next tree what it now states for their years.
    /// </summary>
    private async Task PublishChanged(IReadOnlyDictionary<Period, Contribution> before, string? parent)
    {
        var lineage = Lineage();
        var changed = before.Select(b => (b.Key, After: Compute(b.Key, lineage), Before: b.Value))
            .Where(c => !c.After.Equals(c.Before)).ToDictionary(c => c.Key, c => c.After);
        TellWatchers(changed.Keys);
        await Publish(changed.Keys.ToList(), parent, changed);
        await TellSuccessors(changed.Keys.Select(p => p.Year));
    }

    /// <summary>
    /// The periods whose value a report for <paramref name="period"/> can change: those containing it (only they
    /// are derived from it), and with <paramref name="nextYear"/> the same periods a year later, whose growth reads them.
    /// </summary>
    private IReadOnlyList<Period> Affected(Period period, bool nextYear)
    {
        var containing = Period.AllOf(period.Year).Where(p => p.Contains(period)).ToList();
        return nextYear && ReportsIn(period.Year + 1)
            ? [.. containing, .. containing.Select(p => p.SamePeriodNextYear)]
            : containing;
    }

    /// <summary>
    /// Sends each period's contribution to the parent's rollup grain of its year, one message per year.
    /// The report is already durable, so a failure here is retried on a timer rather than failing the submission.
    /// </summary>
    /// <param name="computed">contributions already computed for some of the periods</param>
    private async Task Publish(IReadOnlyCollection<Period> periods, string? parent, IReadOnlyDictionary<Period, Contribution>? computed = null)
    {
        if (parent is null)
        {
            return;
        }
        LeafLineage? lineage = null;
        try
        {
            await Task.WhenAll(periods.GroupBy(p => p.Year).Select(year =>
                ParentRollup(Key.WithCode(parent), year.Key).Update(Code, year
                    .Select(period => new PeriodContribution(period, new VersionedContribution(_contributionVersion,
                        computed?.GetValueOrDefault(period) ?? Compute(period, lineage ??= Lineage()))))
                    .ToList(), [])));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Publishing {Unit} {Periods} to {Parent} failed; retrying", Code, string.Join(",", periods), parent);
            _unpublished.UnionWith(periods);
            RetryLater();
        }
    }

    private async Task RetryPublish(CancellationToken cancellationToken)
    {
        var periods = _unpublished.ToList();
        var years = _untold.ToList();
        _unpublished.Clear();
        _untold.Clear();
        _retry?.Dispose();
        _retry = null;
        var unit = await Unit.GetInfo();
        await Publish(periods, unit?.Parent);
        await TellSuccessors(years);
    }

    private void RetryLater() => _retry ??= this.RegisterGrainTimer(RetryPublish, new GrainTimerCreationOptions(RetryEvery, RetryEvery));

    private IUnitGrain Unit => _unitGrain ??= GrainFactory.Unit(Key);

    private IRollupGrain ParentRollup(UnitKey parent, int year)
    {
        if (!_parentRollups.TryGetValue((parent, year), out var grain))
        {
            _parentRollups[(parent, year)] = grain = GrainFactory.Rollup(parent, year);
        }
        return grain;
    }
}
