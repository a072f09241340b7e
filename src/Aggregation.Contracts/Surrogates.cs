using Aggregation.Domain.Periods;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Trees;
using Aggregation.Domain.Units;
using Orleans.Serialization.Cloning;

namespace Aggregation.Contracts;

// The domain stays free of Orleans; these surrogates let its monoid cross grain calls as is.

[GenerateSerializer, Immutable, Alias("agg.components")]
public readonly record struct ComponentsSurrogate(
    [property: Id(0)] decimal Numerator, [property: Id(1)] decimal Denominator, [property: Id(2)] int Contributors, [property: Id(3)] int Derived);

[RegisterConverter]
public sealed class ComponentsConverter : IConverter<Components, ComponentsSurrogate>
{
    public Components ConvertFromSurrogate(in ComponentsSurrogate s) => new(s.Numerator, s.Denominator, s.Contributors, s.Derived);

    public ComponentsSurrogate ConvertToSurrogate(in Components v) => new(v.Numerator, v.Denominator, v.Contributors, v.Derived);
}

[GenerateSerializer, Immutable, Alias("agg.element-total")]
public readonly record struct ElementTotalSurrogate([property: Id(0)] decimal Sum, [property: Id(1)] int Reporters, [property: Id(2)] int Derived);

[RegisterConverter]
public sealed class ElementTotalConverter : IConverter<ElementTotal, ElementTotalSurrogate>
{
    public ElementTotal ConvertFromSurrogate(in ElementTotalSurrogate s) => new(s.Sum, s.Reporters, s.Derived);

    public ElementTotalSurrogate ConvertToSurrogate(in ElementTotal v) => new(v.Sum, v.Reporters, v.Derived);
}

[GenerateSerializer, Immutable, Alias("agg.contribution")]
public readonly record struct ContributionSurrogate(
    [property: Id(0)] int ReportingLeaves,
    [property: Id(1)] int FlaggedLeaves,
    [property: Id(2)] Dictionary<string, ElementTotal>? Elements,
    [property: Id(3)] Dictionary<string, Components>? Indicators,
    [property: Id(4)] int ApprovedLeaves,
    [property: Id(5)] int EstimatedLeaves);

[RegisterConverter]
public sealed class ContributionConverter : IConverter<Contribution, ContributionSurrogate>
{
    public Contribution ConvertFromSurrogate(in ContributionSurrogate s) => new(
        s.ReportingLeaves, s.FlaggedLeaves,
        CodeMap<ElementTotal>.Of(s.Elements ?? []),
        CodeMap<Components>.Of(s.Indicators ?? []),
        s.ApprovedLeaves, s.EstimatedLeaves);

    public ContributionSurrogate ConvertToSurrogate(in Contribution v) => new(
        v.ReportingLeaves, v.FlaggedLeaves,
        v.Elements.IsEmpty ? null : new Dictionary<string, ElementTotal>(v.Elements),
        v.Indicators.IsEmpty ? null : new Dictionary<string, Components>(v.Indicators),
        v.ApprovedLeaves, v.EstimatedLeaves);
}

// The monoid's values never change once made, so a grain call inside a silo may hand over the
// very object instead of a converted copy (a rollup's children are read on every comparison and what-if).

[RegisterCopier]
public sealed class ContributionCopier : ShallowCopier<Contribution>;

[RegisterCopier]
public sealed class ComponentsCopier : ShallowCopier<Components>;

[RegisterCopier]
public sealed class ElementTotalCopier : ShallowCopier<ElementTotal>;

/// <summary>A period crosses grain calls as its DHIS2 id, the one form every period has.</summary>
[GenerateSerializer, Immutable, Alias("agg.period")]
public readonly record struct PeriodSurrogate([property: Id(0)] string Id);

[RegisterConverter]
public sealed class PeriodConverter : IConverter<Period, PeriodSurrogate>
{
    public Period ConvertFromSurrogate(in PeriodSurrogate s) => Period.Parse(s.Id);

    public PeriodSurrogate ConvertToSurrogate(in Period v) => new(v.ToString());
}

/// <summary>A unit key crosses grain calls as its tree and code.</summary>
[GenerateSerializer, Immutable, Alias("agg.unit-key")]
public readonly record struct UnitKeySurrogate([property: Id(0)] string Tree, [property: Id(1)] string Code);

[RegisterConverter]
public sealed class UnitKeyConverter : IConverter<UnitKey, UnitKeySurrogate>
{
    public UnitKey ConvertFromSurrogate(in UnitKeySurrogate s) => new(s.Tree, s.Code);

    public UnitKeySurrogate ConvertToSurrogate(in UnitKey v) => new(v.Tree, v.Code);
}

/// <summary>A note's argument crosses grain calls as whichever of number, name or names it is.</summary>
[GenerateSerializer, Immutable, Alias("agg.note-arg")]
public readonly record struct NoteArgSurrogate(
    [property: Id(0)] decimal? Number, [property: Id(1)] string? Name, [property: Id(2)] string[]? Names);

[RegisterConverter]
public sealed class NoteArgConverter : IConverter<NoteArg, NoteArgSurrogate>
{
    public NoteArg ConvertFromSurrogate(in NoteArgSurrogate s) => NoteArg.From(s.Number, s.Name, s.Names);

    public NoteArgSurrogate ConvertToSurrogate(in NoteArg v) => new(v.Number, v.Name, v.Names?.ToArray());
}

[RegisterCopier]
public sealed class NoteArgCopier : ShallowCopier<NoteArg>;

/// <summary>A tree crosses grain calls as its id, day and name.</summary>
[GenerateSerializer, Immutable, Alias("agg.tree")]
public readonly record struct TreeInfoSurrogate([property: Id(0)] string Id, [property: Id(1)] DateOnly ValidFrom, [property: Id(2)] string Name);

[RegisterConverter]
public sealed class TreeInfoConverter : IConverter<TreeInfo, TreeInfoSurrogate>
{
    public TreeInfo ConvertFromSurrogate(in TreeInfoSurrogate s) => new(s.Id, s.ValidFrom, s.Name);

    public TreeInfoSurrogate ConvertToSurrogate(in TreeInfo v) => new(v.Id, v.ValidFrom, v.Name);
}

[GenerateSerializer, Immutable, Alias("agg.tree-link")]
public readonly record struct TreeLinkSurrogate(
    [property: Id(0)] string From, [property: Id(1)] string To, [property: Id(2)] decimal Share, [property: Id(3)] bool Estimated);

[RegisterConverter]
public sealed class TreeLinkConverter : IConverter<TreeLink, TreeLinkSurrogate>
{
    public TreeLink ConvertFromSurrogate(in TreeLinkSurrogate s) => new(s.From, s.To, s.Share, s.Estimated);

    public TreeLinkSurrogate ConvertToSurrogate(in TreeLink v) => new(v.From, v.To, v.Share, v.Estimated);
}

/// <summary>A mapping crosses grain calls as its trees, links and unmapped old leaves.</summary>
[GenerateSerializer, Immutable, Alias("agg.tree-mapping")]
public readonly record struct TreeMappingSurrogate(
    [property: Id(0)] string FromTree, [property: Id(1)] string ToTree, [property: Id(2)] TreeLink[] Links, [property: Id(3)] string[] UnmappedLeaves);

[RegisterConverter]
public sealed class TreeMappingConverter : IConverter<TreeMapping, TreeMappingSurrogate>
{
    public TreeMapping ConvertFromSurrogate(in TreeMappingSurrogate s) => new(s.FromTree, s.ToTree, s.Links, s.UnmappedLeaves);

    public TreeMappingSurrogate ConvertToSurrogate(in TreeMapping v) => new(v.FromTree, v.ToTree, [.. v.Links], [.. v.UnmappedLeaves]);
}

[RegisterCopier]
public sealed class TreeInfoCopier : ShallowCopier<TreeInfo>;

[RegisterCopier]
public sealed class TreeLinkCopier : ShallowCopier<TreeLink>;

[RegisterCopier]
public sealed class TreeMappingCopier : ShallowCopier<TreeMapping>;

/// <summary>A stated value crosses grain calls as its values, whether a share in it was estimated, and its weight.</summary>
[GenerateSerializer, Immutable, Alias("agg.restated-report")]
public readonly record struct RestatedReportSurrogate(
    [property: Id(0)] Dictionary<string, decimal> Values, [property: Id(1)] bool Estimated, [property: Id(2)] decimal Weight);

[RegisterConverter]
public sealed class RestatedReportConverter : IConverter<RestatedReport, RestatedReportSurrogate>
{
    public RestatedReport ConvertFromSurrogate(in RestatedReportSurrogate s) => new(s.Values, s.Estimated, s.Weight);

    public RestatedReportSurrogate ConvertToSurrogate(in RestatedReport v) => new(new Dictionary<string, decimal>(v.Values), v.Estimated, v.Weight);
}

[RegisterCopier]
public sealed class RestatedReportCopier : ShallowCopier<RestatedReport>;

/// <summary>A unit's definition crosses grain calls as its four fields (a tree's shape holds thousands).</summary>
[GenerateSerializer, Immutable, Alias("agg.unit-definition")]
public readonly record struct UnitDefinitionSurrogate(
    [property: Id(0)] string Code, [property: Id(1)] string Name, [property: Id(2)] string Level, [property: Id(3)] string? Parent);

[RegisterConverter]
public sealed class UnitDefinitionConverter : IConverter<UnitDefinition, UnitDefinitionSurrogate>
{
    public UnitDefinition ConvertFromSurrogate(in UnitDefinitionSurrogate s) => new(s.Code, s.Name, s.Level, s.Parent);

    public UnitDefinitionSurrogate ConvertToSurrogate(in UnitDefinition v) => new(v.Code, v.Name, v.Level, v.Parent);
}

[RegisterCopier]
public sealed class UnitDefinitionCopier : ShallowCopier<UnitDefinition>;
