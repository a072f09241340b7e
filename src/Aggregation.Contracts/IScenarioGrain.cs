using Aggregation.Domain.Periods;
using Aggregation.Domain.Units;
namespace Aggregation.Contracts;

/// <summary>Evaluates what-if scenarios on top of live data; never writes anything. Stateless.</summary>
[Alias("agg.IWhatIfGrain")]
public interface IWhatIfGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Applies the overrides in order to the leaves they target and reports, for the unit and each
    /// child, every indicator live and under the scenario. Reads only the baseline of those units
    /// and the reports of the changed leaves.
    /// </summary>
    [Alias("Evaluate")]
    Task<ScenarioOutcome> Evaluate(UnitKey unit, Period period, IReadOnlyList<OverrideSpec> overrides);

    /// <summary>
    /// The uniform factor (mode scale) or growth % over the same period last year (mode growth) on one
    /// element of the lever's leaves that brings an indicator at the unit to the target, within
    /// the stated tolerance; or unreachable with the best value found.
    /// </summary>
    [Alias("GoalSeek")]
    Task<GoalSeekOutcome> GoalSeek(UnitKey unit, Period period, string indicator, decimal target, GoalSeekLever lever);
}
