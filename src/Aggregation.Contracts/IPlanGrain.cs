using Orleans.Concurrency;

namespace Aggregation.Contracts;

/// <summary>
/// A unit's plan for a year (key: <see cref="GrainKeys.Plan"/>). Its targets are part of the unit's indicators answer,
/// so it tells its watchers of every stored change, as every period of the year.
/// </summary>
[Alias("agg.IPlanGrain")]
public interface IPlanGrain : IGrainWithStringKey, IAuditSubject, IWatchable
{
    /// <summary>Replaces the plan's targets; answers with consistency warnings.</summary>
    [Alias("Set")]
    Task<PlanResult> Set(IReadOnlyDictionary<string, PlanTargetInput> targets, KeyPrincipal by);

    /// <summary>
    /// One row of the plan template: <paramref name="values"/> by indicator over the stored targets (a value keeps
    /// its indicator's stored comparator or takes the default; a target without a value stays). The merged plan is
    /// checked whole and, unless <paramref name="dryRun"/>, stored with its targets in one write; a refusal changes
    /// nothing. Taken in turn with <see cref="Set"/>, so a plan is always one or the other complete write.
    /// </summary>
    [Alias("Import")]
    Task<PlanImport> Import(IReadOnlyDictionary<string, decimal> values, bool dryRun, KeyPrincipal by);

    /// <summary>
    /// Puts back <paramref name="before"/> (null: no plan) when <paramref name="version"/> is still the stored
    /// version, i.e. nothing was stored since the import that answered it; answers whether it did.
    /// </summary>
    [Alias("Restore")]
    Task<bool> Restore(PlanView? before, int version, KeyPrincipal by);

    /// <summary>The stored plan, or null when none was set. Answers while a change is being stored (with the plan before it).</summary>
    [AlwaysInterleave, Alias("Get")]
    Task<PlanView?> Get();
}
