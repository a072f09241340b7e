using Aggregation.Domain.Periods;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Units;
using Orleans.Concurrency;

namespace Aggregation.Contracts;

/// <summary>
/// Every unit of one tree as its definition (key: the tree's id), so the indicator grains can place a unit among
/// all units of a level under any ancestor without walking the tree per question. Read from the unit grains on
/// first use and told of every change by them afterwards; nothing is stored.
/// </summary>
[Alias("agg.ITreeShapeGrain")]
public interface ITreeShapeGrain : IGrainWithStringKey
{
    /// <summary>The tree's units when their version differs from <paramref name="version"/>, else null: a caller keeps the copy it has.</summary>
    [Alias("GetIfChanged")]
    Task<TreeShape?> GetIfChanged(long version);

    /// <summary>A unit as it was stored: created, renamed, moved or given another level.</summary>
    [Alias("Changed")]
    Task Changed(UnitDefinition unit);
}

/// <summary>A tree's units at one version.</summary>
[GenerateSerializer, Immutable, Alias("agg.tree-shape")]
public sealed record TreeShape([property: Id(0)] long Version, [property: Id(1)] IReadOnlyList<UnitDefinition> Units);

/// <summary>
/// Where the rollups of one tree and year hand in what their leaves contribute (key:
/// <see cref="GrainKeys.StandingsFeed"/>), and from where it goes on to each indicator's grain: one message per
/// busy parent of leaves, and one per indicator grain per round, whatever the number of parents.
/// </summary>
[Alias("agg.IStandingsFeedGrain")]
public interface IStandingsFeedGrain : IGrainWithStringKey
{
    /// <summary>Leaves' new contributions, each passed on unless an equal or newer version of it went before.</summary>
    [Alias("Update")]
    Task Update(IReadOnlyList<LeafUpdate> leaves);
}

/// <summary>What a leaf contributes to a period, with the leaf's version of it.</summary>
[GenerateSerializer, Immutable, Alias("agg.leaf-update")]
public sealed record LeafUpdate([property: Id(0)] string Leaf, [property: Id(1)] Period Period, [property: Id(2)] VersionedContribution Contribution);

/// <summary>One indicator's components of a leaf in a period, with the leaf's version of them.</summary>
[GenerateSerializer, Immutable, Alias("agg.leaf-components")]
public sealed record LeafComponents([property: Id(0)] string Leaf, [property: Id(1)] Period Period, [property: Id(2)] long Version, [property: Id(3)] Components Components);

/// <summary>
/// One indicator for every period of one year on one tree (key: <see cref="GrainKeys.Indicator"/>): every leaf's
/// components, so any unit can be ranked among all the units of a level under any ancestor (SPEC section 11).
/// A unit above the leaves is valued by the sums of its leaves' components, as its rollup values it, never by
/// a mean of rates. Fed by the rollups through the feed, and reads them afresh before the first question of an activation.
/// </summary>
[Alias("agg.IIndicatorGrain")]
public interface IIndicatorGrain : IGrainWithStringKey
{
    /// <summary>
    /// Leaves' new contributions, as the feed passes the same batch to every indicator grain: each takes its own
    /// indicator's components, kept unless an equal or newer version is held.
    /// </summary>
    [Alias("Feed")]
    Task Feed(IReadOnlyList<LeafUpdate> leaves);

    /// <summary>Reads every leaf's components again from the rollups (after a silo failure).</summary>
    [Alias("Resync")]
    Task Resync();

    /// <summary>
    /// The units of a level under a scope with a value, ranked by the indicator's direction, with the answer's stamp;
    /// only the stamp when it is <paramref name="known"/> (the caller holds that answer already).
    /// </summary>
    [AlwaysInterleave, Alias("Rank")]
    Task<StandingsAnswer<RankingView>> Rank(StandingsQuery query, RankingOrder order, int? top, string? known);

    /// <summary>How the same units' values are spread over <paramref name="bins"/> bars.</summary>
    [AlwaysInterleave, Alias("Spread")]
    Task<StandingsAnswer<DistributionView>> Spread(StandingsQuery query, int bins);

    /// <summary>A unit's value and its place among the units of its level under each of its ancestors.</summary>
    [AlwaysInterleave, Alias("Place")]
    Task<StandingsAnswer<IndicatorStanding>> Place(Period period, string unit);

    /// <summary>The sum of the components held for the leaves at or under a unit: what <c>verify</c> compares with the leaves.</summary>
    [AlwaysInterleave, Alias("Total")]
    Task<Components> Total(Period period, string unit);
}

public enum RankingOrder { Best, Worst }

/// <summary>The units a standing is about: those of <see cref="Level"/> (null: the leaves) at or under <see cref="Scope"/> (null: the whole tree).</summary>
[GenerateSerializer, Immutable, Alias("agg.standings-query")]
public sealed record StandingsQuery([property: Id(0)] Period Period, [property: Id(1)] string? Scope, [property: Id(2)] string? Level);

/// <summary>
/// An answer, or why there is none (an unknown scope: not found; a level no unit under the scope has: invalid). A
/// <see cref="Stamp"/> names the answer's content: the same stamp, the same answer, in any process and activation. An
/// answer with a stamp and neither value nor refusal is <see cref="Unchanged"/>: the caller already holds it.
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.standings-answer`1")]
public sealed record StandingsAnswer<T>([property: Id(0)] T? Value, [property: Id(1)] Refusal? Refusal, [property: Id(2)] string? Stamp = null) where T : class
{
    public bool Unchanged => Value is null && Refusal is null;

    /// <summary>The answer the caller holds under <paramref name="stamp"/> still stands.</summary>
    public static StandingsAnswer<T> Same(string stamp) => new(null, null, stamp);

    public static implicit operator StandingsAnswer<T>(T value) => new(value, null);

    public static implicit operator StandingsAnswer<T>(Refusal refusal) => new(null, refusal);
}

/// <summary>
/// <c>GET /api/indicators/{indicator}/{period}/ranking</c>: <see cref="Total"/> units of the level under the scope,
/// <see cref="WithoutValue"/> of them without a value; the rows are the others, best first (or worst first).
/// <see cref="Levels"/> are the levels a ranking under the scope can take, top down, so a picker needs no walk of the tree.
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.ranking")]
public sealed record RankingView(
    [property: Id(0)] string Indicator,
    [property: Id(1)] string Period,
    [property: Id(2)] string? Scope,
    [property: Id(3)] string? Level,
    [property: Id(4)] int Total,
    [property: Id(5)] int WithoutValue,
    [property: Id(6)] IReadOnlyList<RankingRow> Rows,
    [property: Id(7)] string Direction,
    [property: Id(8)] string Tree,
    [property: Id(9)] IReadOnlyList<string> Levels);

/// <summary>A ranked unit: its competition rank (ties share the best), parent, value and how it stands against its plan.</summary>
[GenerateSerializer, Immutable, Alias("agg.ranking-row")]
public sealed record RankingRow(
    [property: Id(0)] int Rank,
    [property: Id(1)] string Unit,
    [property: Id(2)] string Name,
    [property: Id(3)] string? Parent,
    [property: Id(4)] decimal Value,
    [property: Id(5)] TargetView? Target,
    [property: Id(6)] bool? Attained,
    [property: Id(7)] string? ParentName);

/// <summary>
/// <c>GET /api/indicators/{indicator}/{period}/distribution</c>: the values of the units of the level under the scope
/// (<see cref="Count"/> of the <see cref="Total"/> have one); <see cref="Attained"/> counts those meeting their target.
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.distribution")]
public sealed record DistributionView(
    [property: Id(0)] string Indicator,
    [property: Id(1)] string Period,
    [property: Id(2)] string? Scope,
    [property: Id(3)] string? Level,
    [property: Id(4)] int Total,
    [property: Id(5)] int WithoutValue,
    [property: Id(6)] int Count,
    [property: Id(7)] decimal? Min,
    [property: Id(8)] decimal? Q1,
    [property: Id(9)] decimal? Median,
    [property: Id(10)] decimal? Q3,
    [property: Id(11)] decimal? Max,
    [property: Id(12)] decimal? Mean,
    [property: Id(13)] int Attained,
    [property: Id(14)] IReadOnlyList<BinView> Bins,
    [property: Id(15)] string Tree);

[GenerateSerializer, Immutable, Alias("agg.bin")]
public sealed record BinView([property: Id(0)] decimal From, [property: Id(1)] decimal To, [property: Id(2)] int Count);

/// <summary>One indicator of a unit's standing: its value, and its place under each ancestor from the parent up.</summary>
[GenerateSerializer, Immutable, Alias("agg.indicator-standing")]
public sealed record IndicatorStanding([property: Id(0)] decimal? Value, [property: Id(1)] IReadOnlyList<StandingEntry> Standings);

/// <summary>
/// The unit among the <see cref="Of"/> units of <see cref="Level"/> with a value under <see cref="Scope"/>: its rank
/// and percentile ((of − rank) ÷ (of − 1) × 100); both null when the unit has no value.
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.standing-entry")]
public sealed record StandingEntry(
    [property: Id(0)] string Scope,
    [property: Id(1)] string ScopeName,
    [property: Id(2)] string Level,
    [property: Id(3)] int? Rank,
    [property: Id(4)] int Of,
    [property: Id(5)] decimal? Percentile,
    [property: Id(6)] int Total);

/// <summary><c>GET /api/units/{code}/standing/{period}</c>: every indicator's standing of the unit.</summary>
[GenerateSerializer, Immutable, Alias("agg.standing")]
public sealed record StandingView(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Name,
    [property: Id(2)] string Period,
    [property: Id(3)] string Level,
    [property: Id(4)] IReadOnlyDictionary<string, IndicatorStanding> Indicators,
    [property: Id(5)] string Tree);

/// <summary>The grains of the standings, reached from their keys.</summary>
public static class StandingsGrains
{
    public static ITreeShapeGrain Shape(this IGrainFactory grains, string tree) => grains.Reference<ITreeShapeGrain>(tree);

    public static IStandingsFeedGrain StandingsFeed(this IGrainFactory grains, string tree, int year) =>
        grains.Reference<IStandingsFeedGrain>(GrainKeys.StandingsFeed(tree, year));

    public static IIndicatorGrain Indicator(this IGrainFactory grains, string indicator, string tree, int year) =>
        grains.Reference<IIndicatorGrain>(GrainKeys.Indicator(indicator, tree, year));
}
