using Aggregation.Contracts;

namespace Aggregation.Grains;

/// <summary>
/// Keeps what the plan grains of one year answered, and what they said changed since. A unit not
/// yet asked about is read from its plan grain once (a unit without a plan is remembered as such).
/// The grain takes one call at a time: a change cannot slip in while a read is under way, and a
/// plan grain answers a read even while it stores a change, then sends the change, which is taken
/// after the read. Kept only in memory: a new activation fills itself again.
/// </summary>
public sealed class PlanBookGrain : Grain, IPlanBookGrain
{
    private readonly Dictionary<string, PlanView?> _plans = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<PlanView?>> Get(IReadOnlyList<string> units)
    {
        var missing = units.Where(u => !_plans.ContainsKey(u)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var year = (int)this.GetPrimaryKeyLong();
            var read = await Task.WhenAll(missing.Select(u => GrainFactory.GetGrain<IPlanGrain>(GrainKeys.Plan(u, year)).Get()));
            foreach (var (unit, plan) in missing.Zip(read))
            {
                _plans[unit] = plan;
            }
        }
        return units.Select(u => _plans[u]).ToList();
    }

    public Task Changed(string unit, PlanView? plan)
    {
        _plans[unit] = plan;
        return Task.CompletedTask;
    }
}
