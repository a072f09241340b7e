using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Microsoft.Extensions.Logging;

namespace Aggregation.Grains;

/// <summary>How a leaf tells its parent: each period's contribution with the leaf's version, retried on a timer when the parent cannot be reached.</summary>
public sealed partial class CommuneGrain
{
    /// <summary>
    /// Sends each period's contribution to the parent's rollup grain of its year, one message per year.
    /// The report is already durable, so a failure here is retried on a timer rather than failing the submission.
    /// </summary>
    private async Task Publish(IReadOnlyCollection<Period> periods, string? parent)
    {
        if (parent is null)
        {
            return;
        }
        try
        {
            await Task.WhenAll(periods.GroupBy(p => p.Year).Select(year =>
                ParentRollup(GrainKeys.Rollup(parent, year.Key)).Update(Code, year
                    .Select(period => new PeriodContribution(period, new VersionedContribution(state.State.ContributionVersion, Compute(period))))
                    .ToList())));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Publishing {Unit} {Periods} to {Parent} failed; retrying", Code, string.Join(",", periods), parent);
            _unpublished.UnionWith(periods);
            _retry ??= this.RegisterGrainTimer(RetryPublish, new GrainTimerCreationOptions(RetryEvery, RetryEvery));
        }
    }

    private async Task RetryPublish(CancellationToken cancellationToken)
    {
        var periods = _unpublished.ToList();
        _unpublished.Clear();
        _retry?.Dispose();
        _retry = null;
        var unit = await Unit.GetInfo();
        await Publish(periods, unit?.Parent);
    }

    private IUnitGrain Unit => _unitGrain ??= GrainFactory.GetGrain<IUnitGrain>(Code);

    private IRollupGrain ParentRollup(string key)
    {
        if (!_parentRollups.TryGetValue(key, out var grain))
        {
            _parentRollups[key] = grain = GrainFactory.GetGrain<IRollupGrain>(key);
        }
        return grain;
    }
}
