using System.Globalization;
using System.Text.Json;
using Aggregation.Contracts;
using Aggregation.Gateway.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Aggregation.Gateway.Audit;

/// <summary>
/// Appends the rarer writes to the day's audit log after they succeeded. Values are kept as the
/// JSON the API shows, so an entry reads the same as the answers did.
/// </summary>
public sealed class AuditLog(IGrainFactory grains, TimeProvider clock, IOptions<JsonOptions> json)
{
    public const string DayFormat = "yyyy-MM-dd";

    public async Task Record(HttpContext http, string kind, string action, string? unit, string? period, string? target, object? value, object? previous)
    {
        var caller = http.User.Caller();
        var now = clock.GetUtcNow();
        await grains.GetGrain<IAuditGrain>(GrainKeys.Audit(Day(now), unit ?? target ?? kind)).Append(
            new AuditEntry(now, caller.Id, caller.Name, kind, action, unit, period, target, ToJson(value), ToJson(previous)));
    }

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString(DayFormat, CultureInfo.InvariantCulture);

    private string? ToJson(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions);
}
