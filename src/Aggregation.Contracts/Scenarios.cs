using Aggregation.Domain.Rules;
using Aggregation.Domain.Scenarios;
using Aggregation.Domain.Units;

namespace Aggregation.Contracts;

/// <summary>One override: an element of one leaf, or of every leaf under a unit (a code of the scenario's tree), changed by <see cref="Kind"/>.</summary>
[GenerateSerializer, Immutable, Alias("agg.override")]
public sealed record OverrideSpec(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Element,
    [property: Id(2)] OverrideKind Kind,
    [property: Id(3)] decimal Amount);

/// <summary>An indicator under a scenario, next to its live value; a cumulative one in part of a year with its progress of the year's target on both sides.</summary>
[GenerateSerializer, Immutable, Alias("agg.scenario-indicator")]
public sealed record ScenarioIndicatorView(
    [property: Id(0)] decimal? Baseline,
    [property: Id(1)] decimal? Scenario,
    [property: Id(2)] decimal? Delta,
    [property: Id(3)] bool? AttainedBaseline,
    [property: Id(4)] bool? AttainedScenario,
    [property: Id(5)] int ContributorsBaseline,
    [property: Id(6)] int ContributorsScenario,
    [property: Id(7)] string? Reason,
    [property: Id(8)] string? ReasonCode,
    [property: Id(9)] IReadOnlyDictionary<string, NoteArg>? ReasonArgs,
    [property: Id(10)] decimal? ProgressOfYearBaseline,
    [property: Id(11)] decimal? ProgressOfYearScenario);

[GenerateSerializer, Immutable, Alias("agg.scenario-child")]
public sealed record ScenarioChildView(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyDictionary<string, ScenarioIndicatorView> Indicators);

[GenerateSerializer, Immutable, Alias("agg.scenario-result")]
public sealed record ScenarioResultView(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Name,
    [property: Id(2)] string Period,
    [property: Id(3)] IReadOnlyDictionary<string, ScenarioIndicatorView> Indicators,
    [property: Id(4)] IReadOnlyList<ScenarioChildView> Children,
    [property: Id(5)] IReadOnlyList<string> ChangedLeaves);

/// <summary>A scenario's result, or its refusals, fields named by override (<c>overrides[2].unit</c>).</summary>
[GenerateSerializer, Immutable, Alias("agg.scenario-outcome")]
public sealed record ScenarioOutcome(
    [property: Id(1)] ScenarioResultView? Result,
    [property: Id(3)] IReadOnlyList<Refusal> Refusals);

/// <summary>The lever of a goal seek: one element, scaled or grown uniformly over a set of leaves.</summary>
[GenerateSerializer, Immutable, Alias("agg.goal-seek-lever")]
public sealed record GoalSeekLever(
    [property: Id(0)] string Element,
    [property: Id(1)] IReadOnlyList<string> Units,
    [property: Id(2)] string Mode);

[GenerateSerializer, Immutable, Alias("agg.goal-seek-result")]
public sealed record GoalSeekView(
    [property: Id(0)] bool Reachable,
    [property: Id(1)] decimal? Factor,
    [property: Id(2)] decimal? Growth,
    [property: Id(3)] decimal? Value,
    [property: Id(4)] decimal? Baseline,
    [property: Id(5)] decimal Tolerance,
    [property: Id(6)] bool Monotone,
    [property: Id(7)] IReadOnlyList<string> Leaves,
    [property: Id(8)] string? Reason,
    [property: Id(9)] string? ReasonCode,
    [property: Id(10)] IReadOnlyDictionary<string, NoteArg>? ReasonArgs);

[GenerateSerializer, Immutable, Alias("agg.goal-seek-outcome")]
public sealed record GoalSeekOutcome(
    [property: Id(1)] GoalSeekView? Result,
    [property: Id(3)] IReadOnlyList<Refusal> Refusals);

/// <summary>A saved scenario: a live delta re-evaluated on current data at each read.</summary>
[GenerateSerializer, Immutable, Alias("agg.scenario-definition")]
public sealed record ScenarioDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] UnitKey Unit,
    [property: Id(2)] string Period,
    [property: Id(3)] IReadOnlyList<OverrideSpec> Overrides);

[GenerateSerializer, Immutable, Alias("agg.scenario-view")]
public sealed record ScenarioView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Unit,
    [property: Id(3)] string Period,
    [property: Id(4)] IReadOnlyList<OverrideView> Overrides,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Tree = null);

/// <summary>An override as the API shows it: the kind is the name of the one amount present.</summary>
[GenerateSerializer, Immutable, Alias("agg.override-view")]
public sealed record OverrideView(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Element,
    [property: Id(2)] decimal? Set,
    [property: Id(3)] decimal? Scale,
    [property: Id(4)] decimal? Delta,
    [property: Id(5)] decimal? Growth)
{
    public static OverrideView From(OverrideSpec o) => new(o.Unit, o.Element,
        o.Kind == OverrideKind.Set ? o.Amount : null, o.Kind == OverrideKind.Scale ? o.Amount : null,
        o.Kind == OverrideKind.Delta ? o.Amount : null, o.Kind == OverrideKind.Growth ? o.Amount : null);
}

[GenerateSerializer, Immutable, Alias("agg.saved-scenario-outcome")]
public sealed record SavedScenarioOutcome(
    [property: Id(1)] ScenarioView? Scenario,
    [property: Id(3)] IReadOnlyList<Refusal> Refusals);
