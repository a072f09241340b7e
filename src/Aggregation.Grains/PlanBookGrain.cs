using Aggregation.Contracts;
using Aggregation.Domain.Units;

namespace Aggregation.Grains;

/// <summary>
/// Keeps what the plan grains of one year answered, and what they said changed since. A unit not
/// yet asked about is read from its plan grain once (a unit without a plan is remembered as such).
/// The grain takes one call at a time: a change cannot slip in while a read is under way, and a
/// plan grain answers a read even while it stores a change, then sends the change, which is taken
/// after the read. Kept only in memory: a new activation fills itself again.
/// </summary>
public sealed class PlanBookGrain(TimeProvider clock) : Grain, IPlanBookGrain
{
    private readonly Dictionary<UnitKey, PlanView?> _plans = [];
    private long _version = clock.GetUtcNow().UtcTicks;

    public Task<long> GetVersion() => Task.FromResult(_version);

    public async Task<IReadOnlyList<PlanView?>> Get(IReadOnlyList<UnitKey> units)
    {
        var missing = units.Where(u => !_plans.ContainsKey(u)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var year = (int)this.GetPrimaryKeyLong();
            var read = await Task.WhenAll(missing.Select(u => GrainFactory.Plan(u, year).Get()));
            foreach (var (unit, plan) in missing.Zip(read))
            {
                _plans[unit] = plan;
            }
        }
        return units.Select(u => _plans[u]).ToList();
    }

    public Task Changed(UnitKey unit, PlanView? plan)
    {
        _plans[unit] = plan;
        _version++;
        return Task.CompletedTask;
    }
}
