using Orleans.Concurrency;

namespace Aggregation.Contracts;

/// <summary>
/// The append-only log of the rarer writes — units, plans, keys, approvals, scenarios — spread per
/// UTC day over a few grains (key <see cref="GrainKeys.Audit"/>). Report submissions are not appended here: each report's
/// stored version history already says who, when, what and (by the version before) the previous
/// value, and the report path stays at one storage write.
/// </summary>
[Alias("agg.IAuditGrain")]
public interface IAuditGrain : IGrainWithStringKey
{
    /// <summary>Appends an entry (durably) to this day's log.</summary>
    [Alias("Append")]
    Task Append(AuditEntry entry);

    /// <summary>Every entry of this day, oldest first.</summary>
    [AlwaysInterleave, Alias("List")]
    Task<IReadOnlyList<AuditEntry>> List();
}

/// <summary>The audit-log grains that have entries (key 0), so a query reads those of its days and no empty ones.</summary>
[Alias("agg.IAuditIndexGrain")]
public interface IAuditIndexGrain : IGrainWithIntegerKey
{
    [Alias("Add")]
    Task Add(string log);

    /// <summary>Keys of the audit-log grains with entries (<see cref="GrainKeys.Audit"/>), ascending.</summary>
    [AlwaysInterleave, Alias("List")]
    Task<IReadOnlyList<string>> List();
}

/// <summary>
/// One write: who (key id and name), when, what (<see cref="Kind"/>, <see cref="Action"/>, the unit,
/// period and target it touched) and the value before and after, as JSON text (null: none).
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.audit-entry")]
public sealed record AuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string KeyId,
    [property: Id(2)] string KeyName,
    [property: Id(3)] string Kind,
    [property: Id(4)] string Action,
    [property: Id(5)] string? Unit,
    [property: Id(6)] string? Period,
    [property: Id(7)] string? Target,
    [property: Id(8)] string? Value,
    [property: Id(9)] string? Previous);

/// <summary>Units without a parent (key 0): where "everything" starts for a query over the whole hierarchy.</summary>
[Alias("agg.IUnitRootsGrain")]
public interface IUnitRootsGrain : IGrainWithIntegerKey
{
    [Alias("Set")]
    Task Set(string unit, bool isRoot);

    [AlwaysInterleave, Alias("List")]
    Task<IReadOnlyList<string>> List();
}
