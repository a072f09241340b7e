using Aggregation.Domain.Periods;
using Aggregation.Domain.Units;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Orleans.Concurrency;

namespace Aggregation.Contracts;

/// <summary>
/// One day's audit index, spread over a few grains (key <see cref="GrainKeys.Audit"/>): the subjects
/// (<see cref="AuditSubjects"/>) that changed that day. The entries themselves live in each subject's
/// own state, written in the same storage write as the change, so no crash can keep a change and lose
/// its entry. A subject is noted here before it writes, so a query never misses one (a note whose
/// write then failed leads to a subject without an entry that day, which reads as nothing).
/// Report submissions are not noted: each leaf's version history is their trail.
/// </summary>
[Alias("agg.IAuditGrain")]
public interface IAuditGrain : IGrainWithStringKey
{
    /// <summary>Notes (durably) that a subject changes today; noting it again writes nothing.</summary>
    [Alias("Note")]
    Task Note(string subject);

    /// <summary>Notes (durably, in one write) that each of <paramref name="subjects"/> changes today: a bulk load's units.</summary>
    [Alias("NoteAll")]
    Task NoteAll(IReadOnlyList<string> subjects);

    /// <summary>The subjects noted this day, and the entries an earlier version of the service appended here.</summary>
    [AlwaysInterleave, Alias("List")]
    Task<AuditDay> List();
}

/// <summary>What one bucket of a day holds: subjects noted, and entries stored here by an earlier version.</summary>
[GenerateSerializer, Immutable, Alias("agg.audit-day")]
public sealed record AuditDay([property: Id(0)] IReadOnlyList<string> Subjects);

/// <summary>A grain that keeps the audit entries of its own changes in its state.</summary>
[Alias("agg.IAuditSubject")]
public interface IAuditSubject : IAddressable
{
    /// <summary>Every audit entry of this subject, oldest first.</summary>
    [AlwaysInterleave, Alias("GetAudit")]
    Task<IReadOnlyList<AuditEntry>> GetAudit();
}

/// <summary>Names of audit subjects (<c>kind:key</c>) and the grain each names.</summary>
public static class AuditSubjects
{
    public static string Unit(UnitKey unit) => $"unit:{GrainKeys.Unit(unit)}";
    public static string Plan(UnitKey unit, int year) => $"plan:{GrainKeys.Plan(unit, year)}";
    public static string Approval(UnitKey unit, Period period) => $"approval:{GrainKeys.Approval(unit, period)}";
    public static string LeafApproval(UnitKey unit) => $"leaf-approval:{GrainKeys.Unit(unit)}";
    public static string Key(string id) => $"key:{id}";
    public static string Scenario(string id) => $"scenario:{id}";

    /// <summary>The trees: one subject for the whole book.</summary>
    public const string Trees = "trees:";

    /// <summary>The mapping from the leaves of one tree to those of the next.</summary>
    public static string Mapping(string fromTree, string toTree) => $"mapping:{GrainKeys.Mapping(fromTree, toTree)}";

    /// <summary>The grain a subject name points to, or null for a name this version does not know.</summary>
    public static IAuditSubject? Resolve(IGrainFactory grains, string subject)
    {
        var colon = subject.IndexOf(':');
        var (kind, key) = colon < 0 ? ("", "") : (subject[..colon], subject[(colon + 1)..]);
        return kind switch
        {
            "unit" => grains.Unit(UnitKey.Parse(key)),
            "plan" => GrainKeys.ParsePlan(key) is var (unit, year) ? grains.Plan(unit, year) : null,
            "approval" => GrainKeys.ParseApproval(key) is var (approved, period) ? grains.Approval(approved, period) : null,
            "leaf-approval" => grains.Commune(UnitKey.Parse(key)),
            "key" => grains.GetGrain<IApiKeyGrain>(key),
            "scenario" => grains.GetGrain<ISavedScenarioGrain>(key),
            "trees" => grains.TreeBook(),
            "mapping" => GrainKeys.ParseMapping(key) is var (fromTree, toTree) ? grains.Mapping(fromTree, toTree) : null,
            _ => null,
        };
    }
}

/// <summary>The audit-day grains that have notes (key 0), so a query reads those of its days and no empty ones.</summary>
[Alias("agg.IAuditIndexGrain")]
public interface IAuditIndexGrain : IGrainWithIntegerKey
{
    [Alias("Add")]
    Task Add(string log);

    /// <summary>Keys of the audit-day grains with notes (<see cref="GrainKeys.Audit"/>), ascending.</summary>
    [AlwaysInterleave, Alias("List")]
    Task<IReadOnlyList<string>> List();
}

/// <summary>
/// One change: who (key id and name), when, what (<see cref="Kind"/>, <see cref="Action"/>, the unit,
/// period and target it touched) and the value before and after, as JSON text (null: none).
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.audit-entry")]
public sealed record AuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string? KeyId,
    [property: Id(2)] string KeyName,
    [property: Id(3)] string Kind,
    [property: Id(4)] string Action,
    [property: Id(5)] string? Unit,
    [property: Id(6)] string? Period,
    [property: Id(7)] string? Target,
    [property: Id(8)] string? Value,
    [property: Id(9)] string? Previous)
{
    // Place names stay readable in the stored entry rather than becoming \uXXXX escapes.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>An entry with the values as the API shows them (camelCase JSON; null stays null).</summary>
    public static AuditEntry Of(DateTimeOffset at, KeyPrincipal by, string kind, string action, string? unit, string? period, string? target,
        object? value, object? previous) =>
        Of(at, by.Id, by.Name, kind, action, unit, period, target, value, previous);

    /// <summary>An entry by a key known only by id and name (null id: a write from before keys existed, or the sample).</summary>
    public static AuditEntry Of(DateTimeOffset at, string? keyId, string keyName, string kind, string action, string? unit, string? period, string? target,
        object? value, object? previous) =>
        new(at, keyId, keyName, kind, action, unit, period, target, ToJson(value), ToJson(previous));

    private static string? ToJson(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Json);
}

/// <summary>
/// An audit query: entries about units at or under <see cref="Root"/> (every unit when null; entries about no
/// unit, such as keys, only then), of one period and one key when given, between two instants (inclusive) when given.
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.audit-query")]
public sealed record AuditQuery(
    [property: Id(0)] UnitKey? Root,
    [property: Id(1)] string? Period,
    [property: Id(2)] string? Key,
    [property: Id(3)] DateTimeOffset? From,
    [property: Id(4)] DateTimeOffset? To)
{
    /// <summary>Whether an entry at <paramref name="at"/> by <paramref name="keyId"/> about <paramref name="period"/> passes the time, key and period filters.</summary>
    public bool Admits(DateTimeOffset at, string? keyId, string? period) =>
        (From is null || at >= From) && (To is null || at <= To) && (Key is null || keyId == Key) && (Period is null || period == Period);
}

/// <summary>Answers audit queries (stateless: any silo may run one).</summary>
[Alias("agg.IAuditQueryGrain")]
public interface IAuditQueryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The entries the query admits, oldest first: the rarer writes from the trails their subjects keep (found
    /// through the day index), and report submissions from the leaves' own version histories.
    /// </summary>
    [Alias("Query")]
    Task<IReadOnlyList<AuditEntry>> Query(AuditQuery query);
}

/// <summary>Units without a parent (key 0): where "everything" starts for a query over the whole hierarchy.</summary>
[Alias("agg.IUnitRootsGrain")]
public interface IUnitRootsGrain : IGrainWithIntegerKey
{
    [Alias("Set")]
    Task Set(UnitKey unit, bool isRoot);

    [AlwaysInterleave, Alias("List")]
    Task<IReadOnlyList<UnitKey>> List();
}
