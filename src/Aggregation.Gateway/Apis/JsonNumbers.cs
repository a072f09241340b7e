using System.Text.Json;
using Aggregation.Domain.Numbers;
using Aggregation.Domain.Reports;

namespace Aggregation.Gateway.Apis;

/// <summary>
/// Every JSON number a body carries becomes a decimal here, and only when the decimal is exactly
/// the number written: 5e-324 is refused, not stored as 0, and 1e400 is "out of range", not "not a number".
/// </summary>
public static class JsonNumbers
{
    public const string Inexact = "cannot be kept exactly: a value has at most 28 decimal places and 29 digits, and this one would be rounded";

    /// <summary>The number, or why it is refused; magnitudes above <paramref name="limit"/> are out of range.</summary>
    public static (decimal Value, string? Error) Read(JsonElement json, decimal limit = ReportValidator.MaxValue)
    {
        if (json.ValueKind != JsonValueKind.Number)
        {
            return (0m, "must be a JSON number");
        }
        return ExactDecimal.Read(json.GetRawText(), out var value) switch
        {
            NumberReading.Exact when Math.Abs(value) <= limit => (value, null),
            NumberReading.Exact or NumberReading.OutOfRange => (0m, OutOfRange(limit)),
            _ => (0m, Inexact),
        };
    }

    public static string OutOfRange(decimal limit) =>
        $"is out of range: it must not exceed {(limit == ReportValidator.MaxValue ? "1e15" : limit.ToString(System.Globalization.CultureInfo.InvariantCulture))} in magnitude";
}
