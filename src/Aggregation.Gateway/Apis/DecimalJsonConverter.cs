using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Aggregation.Domain.Numbers;

namespace Aggregation.Gateway.Apis;

/// <summary>
/// Every decimal the API reads or writes. Written without trailing zeros: a decimal keeps the
/// scale of whatever was added into it, so a district's running total can carry a 28-place zero
/// for good (51264.000000000000000000000000) long after the input that brought it. Read exactly
/// or not at all, like every other JSON number the API takes.
/// </summary>
public sealed class DecimalJsonConverter : JsonConverter<decimal>
{
    /// <summary>Dividing by one at the largest scale gives the same value at the smallest scale that holds it.</summary>
    private const decimal One = 1.0000000000000000000000000000m;

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
            NumberReading.OutOfRange => throw new JsonException("is out of range for a decimal"),
            _ => throw new JsonException(JsonNumbers.Inexact),
        };
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.Scale == 0 ? value : value / One);
}
