using Orleans.Concurrency;

namespace Aggregation.Contracts;

/// <summary>A unit's plan for a year (key: <see cref="GrainKeys.Plan"/>).</summary>
[Alias("agg.IPlanGrain")]
public interface IPlanGrain : IGrainWithStringKey, IAuditSubject
{
    /// <summary>Replaces the plan's targets; answers with consistency warnings.</summary>
    [Alias("Set")]
    Task<PlanResult> Set(IReadOnlyDictionary<string, PlanTargetInput> targets, KeyPrincipal by);

    /// <summary>The stored plan, or null when none was set. Answers while a change is being stored (with the plan before it).</summary>
    [AlwaysInterleave, Alias("Get")]
    Task<PlanView?> Get();
}
