using System.Globalization;
using System.Text.Json;
using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Units;
using Aggregation.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregation.Gateway.Apis;

/// <summary><c>GET /api/audit</c>: the query checked and scoped here, answered by <see cref="IAuditQueryGrain"/>.</summary>
public static class AuditApi
{
    /// <summary>One entry as the API shows it; <c>value</c> and <c>previous</c> are JSON (null when there was none).</summary>
    public sealed record AuditView(DateTimeOffset At, string? KeyId, string KeyName, string Kind, string Action,
        string? Unit, string? Period, string? Target, JsonElement? Value, JsonElement? Previous);

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", Query).Allow(Access.Analysts).WithName("GetAudit")
            .WithSummary("Who changed what and when (?unit=&period=&key=&from=&to=): admin keys see everything, others their subtree")
            .ProducesProblems(400, 403);
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditView>>, ProblemHttpResult>> Query(
        string? unit, string? period, string? key, string? from, string? to, HttpContext http, Scopes scopes, IGrainFactory grains)
    {
        var caller = http.User.Caller();
        var errors = new List<FieldError>();
        if (unit is not null && !UnitCode.IsValid(unit))
        {
            errors.Add(FieldRules.UnitCode.At("unit"));
        }
        string? normalized = null;
        Period? asked = null;
        if (period is not null)
        {
            if (Period.TryParse(period, out var p))
            {
                normalized = p.ToString();
                asked = p;
            }
            else
            {
                errors.Add(FieldRules.Period.At("period"));
            }
        }
        var (start, end) = (ParseTime(from, "from", errors), ParseTime(to, "to", errors));
        if (errors.Count > 0)
        {
            return Problems.Validation(errors, StatusCodes.Status400BadRequest);
        }
        // Non-admin keys see their own subtree at most.
        // The subtree is the one of the period's tree, or of the newest tree without a period.
        var units = await RequestUnits.Read(grains);
        var code = unit ?? (caller.Is(Domain.Security.Role.Admin) ? null : caller.Unit);
        UnitKey? root = code is null ? null : asked is { } inPeriod ? units.ForPeriod(code, inPeriod) : units.Newest(code);
        if (root is { } scoped && !await scopes.Covers(caller, scoped))
        {
            return Access.Forbidden(Access.OutOfScope(caller, scoped.Code));
        }
        var entries = await grains.GetGrain<IAuditQueryGrain>(0).Query(new AuditQuery(root, normalized, key, start, end));
        return TypedResults.Ok<IReadOnlyList<AuditView>>(entries
            .Select(e => new AuditView(e.At, e.KeyId, e.KeyName, e.Kind, e.Action, e.Unit, e.Period, e.Target, Parse(e.Value), Parse(e.Previous)))
            .ToList());
    }

    private static DateTimeOffset? ParseTime(string? text, string field, List<FieldError> errors)
    {
        if (text is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }
        errors.Add(new(field, RefusalCodes.InvalidTime, "must be a date or time such as 2026-11-28 or 2026-11-28T10:00:00Z"));
        return null;
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
