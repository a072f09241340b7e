using Aggregation.Domain.Periods;
using Orleans.Concurrency;

namespace Aggregation.Contracts;

/// <summary>An administrative unit (key: <see cref="GrainKeys.Unit"/>, the unit key's text): its name, level, parent and children.</summary>
[Alias("agg.IUnitGrain")]
public interface IUnitGrain : IGrainWithStringKey, IAuditSubject
{
    /// <summary>The unit, or null when it does not exist. Leaf count is 1 for a leaf, else the sum over children.</summary>
    [AlwaysInterleave, Alias("GetInfo")]
    Task<UnitInfo?> GetInfo();

    /// <summary>
    /// Creates or updates the unit; a new parent moves the unit's data with it. The audit entry is stored
    /// with the change. Callers go through <see cref="IUnitHierarchyGrain"/>: a move of an existing unit
    /// needs <paramref name="moveLockHeld"/>, and without it answers <see cref="UnitChangeStatus.NeedsMoveLock"/>.
    /// </summary>
    [Alias("Upsert")]
    Task<UnitChange> Upsert(UnitInput input, KeyPrincipal by, bool moveLockHeld);

    /// <summary>
    /// Creates the unit from a bulk tree load, with the load's new children (already stored) listed, and
    /// its audit entry, made by <paramref name="by"/> at <paramref name="at"/>, in the same write; the load
    /// noted the unit in the audit index of that day before. Answers the
    /// unit as stored, or null when the unit exists already (nothing is changed then). A new unit without a
    /// parent joins the roots; one whose parent exists already is not attached here: the load does that.
    /// </summary>
    [Alias("Create")]
    Task<UnitInfo?> Create(NewUnit unit, KeyPrincipal by, DateTimeOffset at);

    /// <summary>
    /// Submits a report to this unit's leaf store. Leafness is decided here, in this grain's turn, so a
    /// report and a new child (<see cref="AttachChild"/>) never both succeed: a leaf with data refuses children.
    /// </summary>
    [Alias("Submit")]
    Task<SubmitResult> Submit(Period period, ReportSubmission submission);

    /// <summary>Holds a period of this unit's leaf store for an all-or-nothing import (<see cref="ICommuneGrain.Prepare"/>), deciding leafness as <see cref="Submit"/> does.</summary>
    [Alias("Prepare")]
    Task<SubmitResult> Prepare(Period period, ReportSubmission submission, string importId);

    /// <summary>
    /// Adds or refreshes a child; called by the child when it joins or its leaf count changes. Answers a
    /// refusal (null when adopted) when this unit is a leaf holding reports of its own.
    /// </summary>
    [Alias("AttachChild")]
    Task<Refusal?> AttachChild(ChildSummary child);

    /// <summary>Removes a child that moved away.</summary>
    [Alias("DetachChild")]
    Task DetachChild(string child);

    /// <summary>The periods with reports anywhere under this unit.</summary>
    [AlwaysInterleave, Alias("GetDataPeriods")]
    Task<IReadOnlyList<Period>> GetDataPeriods();
}
