using System.Text.Json;
using Aggregation.Domain.Numbers;
using Aggregation.Domain.Rules;

namespace Aggregation.Gateway.Apis;

/// <summary>
/// Every JSON number a body carries becomes a decimal here, and only when the decimal is exactly
/// the number written: 5e-324 is refused, not stored as 0, and 1e400 is "out of range", not "not a number".
/// </summary>
public static class JsonNumbers
{
    /// <summary>The number, or the rule it breaks; magnitudes above <paramref name="limit"/> are out of range.</summary>
    public static (decimal Value, Rule? Error) Read(JsonElement json, decimal limit = Limits.MaxValue)
    {
        if (json.ValueKind != JsonValueKind.Number)
        {
            return (0m, FieldRules.NotANumber);
        }
        return ExactDecimal.Read(json.GetRawText(), out var value) switch
        {
            NumberReading.Exact when Math.Abs(value) <= limit => (value, null),
            NumberReading.Exact or NumberReading.OutOfRange => (0m, FieldRules.OutOfRangeOf(limit)),
            _ => (0m, FieldRules.Inexact),
        };
    }
}
