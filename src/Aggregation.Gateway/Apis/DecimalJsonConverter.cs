using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Aggregation.Domain.Numbers;
using Aggregation.Domain.Rules;

namespace Aggregation.Gateway.Apis;

/// <summary>
/// Every decimal the API reads or writes. Written without trailing zeros: a decimal keeps the
/// scale of whatever was added into it, so a district's running total can carry a 28-place zero
/// for good (51264.000000000000000000000000) long after the input that brought it. Read exactly
/// or not at all, like every other JSON number the API takes.
/// </summary>
/// <summary>A JSON value refused by a rule of the API's own readers: the rule's code reaches the problem.</summary>
public sealed class RuleJsonException(Rule rule) : JsonException(rule.Message)
{
    public Rule Rule { get; } = rule;
}

public sealed class DecimalJsonConverter : JsonConverter<decimal>
{
    /// <summary>Dividing by one at the largest scale gives the same value at the smallest scale that holds it.</summary>
    private const decimal One = 1.0000000000000000000000000000m;

    private static readonly Rule OutOfRange = new(FieldRules.OutOfRange.Code, "is out of range for a decimal");

    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException();
        }
        var text = System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);
        return ExactDecimal.Read(text, out var value) switch
        {
            NumberReading.Exact => value,
            NumberReading.OutOfRange => throw new RuleJsonException(OutOfRange),
            _ => throw new RuleJsonException(FieldRules.Inexact),
        };
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.Scale == 0 ? value : value / One);
}
