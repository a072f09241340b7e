using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aggregation.Domain.Catalog;

/// <summary>The elements and indicators of the product, loaded from <c>catalog.json</c>.</summary>
public sealed class IndicatorCatalog
{
    private static readonly Lazy<IndicatorCatalog> Embedded = new(LoadEmbedded);

    private readonly FrozenDictionary<string, ElementDefinition> _elements;
    private readonly FrozenDictionary<string, IndicatorDefinition> _indicators;

    private IndicatorCatalog(IReadOnlyList<ElementDefinition> elements, IReadOnlyList<IndicatorDefinition> indicators)
    {
        Elements = elements;
        Indicators = indicators;
        _elements = elements.ToFrozenDictionary(e => e.Code);
        _indicators = indicators.ToFrozenDictionary(i => i.Code);
    }

    /// <summary>The catalogue shipped with the product.</summary>
    public static IndicatorCatalog Default => Embedded.Value;

    public IReadOnlyList<ElementDefinition> Elements { get; }

    public IReadOnlyList<IndicatorDefinition> Indicators { get; }

    public ElementDefinition? FindElement(string code) => _elements.GetValueOrDefault(code);

    public IndicatorDefinition? FindIndicator(string code) => _indicators.GetValueOrDefault(code);

    /// <summary>Parses and validates a catalogue; throws <see cref="FormatException"/> on any inconsistency.</summary>
    public static IndicatorCatalog Parse(string json)
    {
        CatalogDocument doc;
        try
        {
            doc = JsonSerializer.Deserialize<CatalogDocument>(json, JsonOptions) ?? throw new FormatException("empty catalogue");
        }
        catch (JsonException e)
        {
            throw new FormatException($"the catalogue is not valid: {e.Message}", e);
        }
        var elements = doc.Elements.Select(e => new ElementDefinition(
            e.Code, e.Vi, e.En, e.Unit,
            ParseEnum<ElementKind>(e.Kind, e.Code), e.Max, e.AtMost,
            ParseEnum<TemporalKind>(e.Temporal, e.Code),
            e.Restate is null ? RestateKind.Sum : ParseEnum<RestateKind>(e.Restate, e.Code))).ToList();
        var indicators = doc.Indicators.Select(i => new IndicatorDefinition(
            i.Code, i.Vi, i.En, i.Unit, i.Formula,
            (i.Numerator ?? throw new FormatException($"indicator '{i.Code}' has no numerator")).Select(Term.Parse).ToList(),
            (i.Denominator ?? []).Select(Term.Parse).ToList(),
            i.Scale ?? 1m, i.Offset ?? 0m,
            ParseEnum<Direction>(i.Direction, i.Code),
            ParseEnum<IndicatorKind>(i.Kind, i.Code))).ToList();
        Check(elements, indicators);
        return new IndicatorCatalog(elements, indicators);
    }

    private static void Check(List<ElementDefinition> elements, List<IndicatorDefinition> indicators)
    {
        var codes = new HashSet<string>();
        foreach (var code in elements.Select(e => e.Code).Concat(indicators.Select(i => i.Code)))
        {
            if (!codes.Add(code))
            {
                throw new FormatException($"catalogue code '{code}' is defined twice");
            }
        }
        var elementCodes = elements.Select(e => e.Code).ToHashSet();
        foreach (var e in elements.Where(e => e.AtMost is not null && !elementCodes.Contains(e.AtMost)))
        {
            throw new FormatException($"element '{e.Code}' is bounded by unknown element '{e.AtMost}'");
        }
        foreach (var i in indicators)
        {
            if (i.Numerator.Count == 0)
            {
                throw new FormatException($"indicator '{i.Code}' has no numerator");
            }
            foreach (var (element, _) in i.Inputs.Where(x => !elementCodes.Contains(x.Element)))
            {
                throw new FormatException($"indicator '{i.Code}' refers to unknown element '{element}'");
            }
        }
    }

    private static T ParseEnum<T>(string? text, string code) where T : struct, Enum =>
        Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<T>(name)
            : throw new FormatException($"'{text}' is not a valid {typeof(T).Name} for '{code}'");

    private static IndicatorCatalog LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Aggregation.Domain.catalog.json")
            ?? throw new InvalidOperationException("catalog.json is not embedded in Aggregation.Domain");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private sealed record CatalogDocument(List<ElementDocument> Elements, List<IndicatorDocument> Indicators);

    private sealed record ElementDocument(string Code, string Vi, string En, string Unit, string Kind, decimal? Max, string? AtMost, string? Temporal, string? Restate);

    private sealed record IndicatorDocument(
        string Code, string Vi, string En, string Unit, string Formula,
        List<string>? Numerator, List<string>? Denominator, decimal? Scale, decimal? Offset, string Direction, string? Kind);
}
