using System.Text.Json.Serialization;
using Aggregation.Domain.Plans;
using Aggregation.Domain.Rules;

namespace Aggregation.Contracts;

/// <summary>
/// One indicator at one unit: the value with its parts, and how it stands against the plan. A null value
/// or progress comes with the <see cref="Reason"/> in words and as a note's code and args to translate.
/// <see cref="Derived"/>: some contributing leaf's values were derived from its reports for sub-periods.
/// <see cref="ProgressOfYear"/>: a cumulative indicator in part of a year, value ÷ the year's target × 100 (then not judged).
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.indicator-view")]
public sealed record IndicatorView(
    [property: Id(0)] decimal? Value,
    [property: Id(1)] decimal Numerator,
    [property: Id(2)] decimal? Denominator,
    [property: Id(3)] int Contributors,
    [property: Id(4)] TargetView? Target,
    [property: Id(5)] bool? Attained,
    [property: Id(6)] decimal? Progress,
    [property: Id(7)] string? Reason,
    [property: Id(8)] string? ReasonCode,
    [property: Id(9)] IReadOnlyDictionary<string, NoteArg>? ReasonArgs,
    [property: Id(10)] bool Derived,
    [property: Id(11)] decimal? ProgressOfYear);

/// <summary>
/// One period of a trend line: the indicator's value, target and attainment as the period's indicators give them.
/// <see cref="ProgressOfYear"/>: a cumulative indicator's share of the year's target in a sub-annual period.
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.series-point")]
public sealed record SeriesPoint(
    [property: Id(0)] string Period,
    [property: Id(1)] decimal? Value,
    [property: Id(2)] TargetView? Target,
    [property: Id(3)] bool? Attained,
    [property: Id(4)] decimal? ProgressOfYear,
    [property: Id(5)] int Contributors);

/// <summary>The leaves under a unit without a value for a period: the list a district calls round before a deadline.</summary>
[GenerateSerializer, Immutable, Alias("agg.missing")]
public sealed record MissingView(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Period,
    [property: Id(2)] int ExpectedLeaves,
    [property: Id(3)] int ReportedLeaves,
    [property: Id(4)] IReadOnlyList<MissingLeaf> Missing,
    [property: Id(5), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Tree = null,
    [property: Id(6), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? DataTrees = null,
    [property: Id(7), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? UnmappedLeaves = null) : ITreeAnswer<MissingView>
{
    public MissingView On(TreeView view) => this with { Tree = view.Tree, DataTrees = view.DataTrees, UnmappedLeaves = view.UnmappedLeaves };
}

/// <summary>
/// A leaf without a value for the period, its parent (code and name: null for a root), and its most recent report
/// for any period (null: never).
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.missing-leaf")]
public sealed record MissingLeaf(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Parent,
    [property: Id(4)] string? ParentName,
    [property: Id(3)] DateTimeOffset? LastReported);

[GenerateSerializer, Immutable, Alias("agg.target-view")]
public sealed record TargetView([property: Id(0)] string Comparator, [property: Id(1)] decimal Value)
{
    /// <summary>The domain target; an unreadable comparator is shown but never judged.</summary>
    public Target ToTarget() => Target.FromText(Comparator, Value);
}

/// <summary>Everything known about a unit for a period.</summary>
[GenerateSerializer, Immutable, Alias("agg.unit-indicators")]
public sealed record UnitIndicatorsView(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Name,
    [property: Id(2)] string Period,
    [property: Id(3)] int ExpectedLeaves,
    [property: Id(4)] int ReportedLeaves,
    [property: Id(5)] int FlaggedLeaves,
    [property: Id(8)] int ApprovedLeaves,
    [property: Id(6)] IReadOnlyDictionary<string, decimal> Elements,
    [property: Id(7)] IReadOnlyDictionary<string, IndicatorView> Indicators,
    [property: Id(9)] int EstimatedLeaves = 0,
    [property: Id(10), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Estimated = null,
    [property: Id(11), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Tree = null,
    [property: Id(12), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? DataTrees = null,
    [property: Id(13), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? UnmappedLeaves = null) : ITreeAnswer<UnitIndicatorsView>
{
    public UnitIndicatorsView On(TreeView view) => this with
    {
        Tree = view.Tree, DataTrees = view.DataTrees, UnmappedLeaves = view.UnmappedLeaves, Estimated = EstimatedLeaves > 0,
    };
}

[GenerateSerializer, Immutable, Alias("agg.comparison-row")]
public sealed record ComparisonRow(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Name,
    [property: Id(2)] decimal? Value,
    [property: Id(3)] int Contributors,
    [property: Id(4)] TargetView? Target,
    [property: Id(5)] bool? Attained,
    [property: Id(6)] int? Rank,
    [property: Id(7)] string? Reason,
    [property: Id(8)] string? ReasonCode,
    [property: Id(9)] IReadOnlyDictionary<string, NoteArg>? ReasonArgs,
    [property: Id(10)] decimal? ProgressOfYear);

[GenerateSerializer, Immutable, Alias("agg.comparison")]
public sealed record ComparisonView(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Period,
    [property: Id(2)] string Indicator,
    [property: Id(3)] string Direction,
    [property: Id(4)] IndicatorView Aggregate,
    [property: Id(5)] IReadOnlyList<ComparisonRow> Children,
    [property: Id(6), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Tree = null,
    [property: Id(7), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? DataTrees = null,
    [property: Id(8), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? UnmappedLeaves = null) : ITreeAnswer<ComparisonView>
{
    public ComparisonView On(TreeView view) => this with { Tree = view.Tree, DataTrees = view.DataTrees, UnmappedLeaves = view.UnmappedLeaves };
}

[GenerateSerializer, Immutable, Alias("agg.plan-view")]
public sealed record PlanView(
    [property: Id(0)] string Unit,
    [property: Id(1)] int Year,
    [property: Id(2)] IReadOnlyDictionary<string, TargetView> Targets,
    [property: Id(3)] DateTimeOffset? UpdatedAt,
    [property: Id(4)] IReadOnlyList<PlanWarningView> Warnings);

/// <summary>Targets that contradict each other: the note's code and args to translate, the indicators involved, the words.</summary>
[GenerateSerializer, Immutable, Alias("agg.plan-warning")]
public sealed record PlanWarningView(
    [property: Id(0)] string Code,
    [property: Id(1)] IReadOnlyList<string> Indicators,
    [property: Id(2)] string Message,
    [property: Id(3)] IReadOnlyDictionary<string, NoteArg> Args);

[GenerateSerializer, Immutable, Alias("agg.plan-input")]
public sealed record PlanTargetInput([property: Id(0)] string? Comparator, [property: Id(1)] decimal Value);

/// <summary>The saved plan, or the refusals (one per target that breaks a rule).</summary>
[GenerateSerializer, Immutable, Alias("agg.plan-result")]
public sealed record PlanResult(
    [property: Id(1)] PlanView? Plan,
    [property: Id(3)] IReadOnlyList<Refusal> Refusals);

/// <summary>
/// A plan import's row as its plan grain took it: the plan before and after (equal when nothing changed), the stored
/// version after it (what <see cref="IPlanGrain.Restore"/> checks), or the refusals.
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.plan-import")]
public sealed record PlanImport(
    [property: Id(0)] PlanView? Before,
    [property: Id(1)] PlanView? After,
    [property: Id(2)] bool Changed,
    [property: Id(3)] int Version,
    [property: Id(4)] IReadOnlyList<Refusal> Refusals);

/// <summary>A difference between the live rollup and a recomputation from leaf reports.</summary>
[GenerateSerializer, Immutable, Alias("agg.drift")]
public sealed record DriftView(
    [property: Id(0)] string Series, [property: Id(1)] string Field,
    [property: Id(2)] decimal? Live, [property: Id(3)] decimal? Recomputed);

[GenerateSerializer, Immutable, Alias("agg.verification")]
public sealed record VerificationView(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Period,
    [property: Id(2)] int LeavesChecked,
    [property: Id(3)] IReadOnlyList<DriftView> Drift);

/// <summary>One leaf of a report template: code, name and the values it reported, if any.</summary>
[GenerateSerializer, Immutable, Alias("agg.template-row")]
public sealed record TemplateRow(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyDictionary<string, decimal> Values);

/// <summary>
/// An answer that can say which tree it is seen on (SPEC section 10): a restated answer adds <c>tree</c>, <c>dataTrees</c>,
/// at a root <c>unmappedLeaves</c>, and where it counts leaves, <c>estimated</c>. Without them it is an answer on the period's own tree.
/// </summary>
public interface ITreeAnswer<out T>
{
    T On(TreeView view);
}
