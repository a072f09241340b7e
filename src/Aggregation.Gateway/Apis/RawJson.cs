namespace Aggregation.Gateway.Apis;

/// <summary>What a request member read as raw JSON takes (see <see cref="RawJsonAttribute"/>).</summary>
public enum RawJson
{
    /// <summary>A JSON number.</summary>
    Number,

    /// <summary>An object of codes to numbers: a report's element values.</summary>
    NumberPerKey,

    /// <summary>An object of indicator codes to a number or <c>{comparator, value}</c>: a plan's targets.</summary>
    TargetPerKey,

    /// <summary>An array of <c>{unit, element, set | scale | delta | growth}</c>: what-if overrides.</summary>
    Overrides,
}

/// <summary>
/// Marks a body member the API reads as raw JSON with its own readers (numbers exactly as written, a wrong value
/// refused on its element as 422 rather than the whole body as 400), so that <c>/openapi/v1.json</c> still says what it takes.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RawJsonAttribute(RawJson shape) : Attribute
{
    public RawJson Shape { get; } = shape;
}
