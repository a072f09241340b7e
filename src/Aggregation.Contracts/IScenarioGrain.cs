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
    Task<ScenarioOutcome> Evaluate(string unit, string period, IReadOnlyList<OverrideSpec> overrides);
}
