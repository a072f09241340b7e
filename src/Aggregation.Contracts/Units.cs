namespace Aggregation.Contracts;

/// <summary>
/// A unit's place in the hierarchy as the API shows it. <see cref="UnitCount"/> counts the unit and every
/// unit under it, <see cref="LeafCount"/> the leaves under it (1 for a leaf): at a root, the tree's counts.
/// <see cref="Kind"/> is the unit's type as its tree's list names it (Xã, Phường, …), when given.
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.unit-info")]
public sealed record UnitInfo(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] string Level,
    [property: Id(3)] string? Parent,
    [property: Id(4)] IReadOnlyList<ChildSummary> Children,
    [property: Id(5)] int LeafCount,
    [property: Id(6)] int UnitCount,
    [property: Id(7)] string? Kind)
{
    public bool IsLeaf => Children.Count == 0;
}

/// <summary>What a parent knows of a child without calling it; the counts propagate to the root as the leaf count does.</summary>
[GenerateSerializer, Immutable, Alias("agg.child-summary")]
public sealed record ChildSummary(
    [property: Id(0)] string Code, [property: Id(1)] int LeafCount, [property: Id(2)] bool IsLeaf, [property: Id(3)] string Name,
    [property: Id(4)] int UnitCount);

/// <summary>A unit's definition as a change gives it; a null <see cref="Kind"/> keeps the unit's kind.</summary>
[GenerateSerializer, Immutable, Alias("agg.unit-input")]
public sealed record UnitInput([property: Id(0)] string Name, [property: Id(1)] string Level, [property: Id(2)] string? Parent, [property: Id(3)] string? Kind = null);

/// <summary>
/// A new unit of a bulk tree load, stored in one write with the new units under it, which the load stored
/// before it (deepest first): a parent learns its children from the load, not from one call per child.
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.new-unit")]
public sealed record NewUnit(
    [property: Id(0)] string Name, [property: Id(1)] string Level, [property: Id(2)] string? Parent, [property: Id(3)] string? Kind,
    [property: Id(4)] IReadOnlyList<ChildSummary> Children);

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

/// <summary>A unit with its parent and children named, as <c>GET /api/units/{code}</c> shows it: its tree, and its kind when its tree's list gave one.</summary>
[GenerateSerializer, Immutable, Alias("agg.unit-detail")]
public sealed record UnitDetailView(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] string Level,
    [property: Id(3)] UnitRef? Parent,
    [property: Id(4)] IReadOnlyList<UnitRef> Children,
    [property: Id(5)] int LeafCount,
    [property: Id(6)] bool IsLeaf,
    [property: Id(7)] string? Kind,
    [property: Id(8)] string Tree);

[GenerateSerializer, Immutable, Alias("agg.unit-ref")]
public sealed record UnitRef(
    [property: Id(0)] string Code, [property: Id(1)] string Name, [property: Id(2)] string Level,
    [property: Id(3)] int LeafCount, [property: Id(4)] bool IsLeaf);
