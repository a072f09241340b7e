namespace Aggregation.Contracts;

/// <summary>A unit's place in the hierarchy as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("agg.unit-info")]
public sealed record UnitInfo(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] string Level,
    [property: Id(3)] string? Parent,
    [property: Id(4)] IReadOnlyList<ChildSummary> Children,
    [property: Id(5)] int LeafCount)
{
    public bool IsLeaf => Children.Count == 0;
}

/// <summary>What a parent knows of a child without calling it.</summary>
[GenerateSerializer, Immutable, Alias("agg.child-summary")]
public sealed record ChildSummary([property: Id(0)] string Code, [property: Id(1)] int LeafCount, [property: Id(2)] bool IsLeaf, [property: Id(3)] string Name);

[GenerateSerializer, Immutable, Alias("agg.unit-input")]
public sealed record UnitInput([property: Id(0)] string Name, [property: Id(1)] string Level, [property: Id(2)] string? Parent);

/// <summary><see cref="NeedsMoveLock"/>: the change moves an existing unit, which only <see cref="IUnitHierarchyGrain"/> may ask.</summary>
public enum UnitChangeStatus { Created, Updated, Refused, NeedsMoveLock }

/// <summary>The outcome of creating or updating a unit, or its refusals.</summary>
[GenerateSerializer, Immutable, Alias("agg.unit-change")]
public sealed record UnitChange(
    [property: Id(0)] UnitChangeStatus Status,
    [property: Id(1)] UnitInfo? Unit,
    [property: Id(3)] IReadOnlyList<Refusal> Refusals)
{
    public static UnitChange Refused(params IReadOnlyList<Refusal> refusals) => new(UnitChangeStatus.Refused, null, refusals);
}

/// <summary>A unit with its parent and children named, as <c>GET /api/units/{code}</c> shows it.</summary>
[GenerateSerializer, Immutable, Alias("agg.unit-detail")]
public sealed record UnitDetailView(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] string Level,
    [property: Id(3)] UnitRef? Parent,
    [property: Id(4)] IReadOnlyList<UnitRef> Children,
    [property: Id(5)] int LeafCount,
    [property: Id(6)] bool IsLeaf);

[GenerateSerializer, Immutable, Alias("agg.unit-ref")]
public sealed record UnitRef(
    [property: Id(0)] string Code, [property: Id(1)] string Name, [property: Id(2)] string Level,
    [property: Id(3)] int LeafCount, [property: Id(4)] bool IsLeaf);
