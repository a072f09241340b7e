using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rollup;

namespace Aggregation.Grains;

/// <summary>What a rollup answers: a period's total, its children's parts, one indicator over several periods.</summary>
public sealed partial class RollupGrain
{
    public Task<VersionedContribution> GetContribution(Period period) =>
        Task.FromResult(_periods.TryGetValue(period, out var held) ? new VersionedContribution(held.Version, held.Total) : new VersionedContribution(0, Contribution.Empty));

    public Task<IReadOnlyList<PeriodContribution>> GetContributions() =>
        Task.FromResult<IReadOnlyList<PeriodContribution>>(_periods.Where(p => !p.Value.Total.IsEmpty).Select(p => Snapshot(p.Key)).ToList());

    public Task<HeldChildren<Contribution>> GetChildren(Period period) => Task.FromResult(_periods.TryGetValue(period, out var held)
        ? new HeldChildren<Contribution>(held.Total, held.Children.ToDictionary(c => c.Key, c => c.Value.Contribution))
        : new HeldChildren<Contribution>(Contribution.Empty, new Dictionary<string, Contribution>()));

    public Task<HeldChildren<Components>> GetChildren(Period period, string indicator) => Task.FromResult(_periods.TryGetValue(period, out var held)
        ? new HeldChildren<Components>(held.Total.IndicatorOrZero(indicator), held.Children.ToDictionary(c => c.Key, c => c.Value.Contribution.IndicatorOrZero(indicator)))
        : new HeldChildren<Components>(Components.Zero, new Dictionary<string, Components>()));

    public Task<IReadOnlyList<Components>> GetIndicator(IReadOnlyList<Period> periods, string indicator) =>
        Task.FromResult<IReadOnlyList<Components>>(periods
            .Select(p => _periods.TryGetValue(p, out var held) ? held.Total.IndicatorOrZero(indicator) : Components.Zero).ToList());
}
