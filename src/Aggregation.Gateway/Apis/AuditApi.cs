using System.Globalization;
using System.Text.Json;
using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Units;
using Aggregation.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregation.Gateway.Apis;

/// <summary>
/// <c>GET /api/audit</c>: the rarer writes from the trails their subjects keep (found through the day
/// index), and report submissions from the leaves' own version histories (each version knows who,
/// when and what; the version before is the previous value).
/// </summary>
public static class AuditApi
{
    /// <summary>One entry as the API shows it; <c>value</c> and <c>previous</c> are JSON (null when there was none).</summary>
    public sealed record AuditView(DateTimeOffset At, string? KeyId, string KeyName, string Kind, string Action,
        string? Unit, string? Period, string? Target, JsonElement? Value, JsonElement? Previous);

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", Query).Allow(Access.Analysts).WithName("GetAudit")
            .WithSummary("Who changed what and when (?unit=&period=&key=&from=&to=): admin keys see everything, others their subtree");
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
        if (period is not null)
        {
            if (Period.TryParse(period, out var p))
            {
                normalized = p.ToString();
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
        var root = unit ?? (caller.Is(Domain.Security.Role.Admin) ? null : caller.Unit);
        if (root is not null && !await scopes.Covers(caller, root))
        {
            return Access.Forbidden(Access.OutOfScope(caller, root));
        }
        bool InTime(DateTimeOffset at) => (start is null || at >= start) && (end is null || at <= end);

        var logged = await LoggedEntries(grains, start, end);
        var under = new Dictionary<string, bool>();
        async Task<bool> IsUnder(string unit) => under.TryGetValue(unit, out var known) ? known : under[unit] = await grains.IsAtOrUnder(unit, root!);
        var entries = new List<AuditView>();
        foreach (var e in logged)
        {
            if (!InTime(e.At) || (key is not null && e.KeyId != key) || (normalized is not null && e.Period != normalized))
            {
                continue;
            }
            if (root is not null && (e.Unit is null || !await IsUnder(e.Unit)))
            {
                continue;
            }
            entries.Add(new AuditView(e.At, e.KeyId, e.KeyName, e.Kind, e.Action, e.Unit, e.Period, e.Target, Parse(e.Value), Parse(e.Previous)));
        }

        var roots = root is not null ? [root] : await grains.GetGrain<IUnitRootsGrain>(0).List();
        foreach (var leaf in (await Task.WhenAll(roots.Select(r => grains.LeavesUnder(r)))).SelectMany(l => l).Select(l => l.Code))
        {
            var commune = grains.GetGrain<ICommuneGrain>(leaf);
            var periods = normalized is not null ? [normalized] : await commune.GetPeriods();
            foreach (var p in periods)
            {
                ReportView? before = null;
                foreach (var version in await commune.GetHistory(p))
                {
                    if (InTime(version.SubmittedAt) && (key is null || version.SubmittedByKey == key))
                    {
                        entries.Add(new AuditView(version.SubmittedAt, version.SubmittedByKey, version.SubmittedBy, "report", "submit", leaf, p,
                            $"v{version.Version}", JsonSerializer.SerializeToElement(version.Values),
                            before is null ? null : JsonSerializer.SerializeToElement(before.Values)));
                    }
                    before = version;
                }
            }
        }
        return TypedResults.Ok<IReadOnlyList<AuditView>>(entries.OrderBy(e => e.At).ToList());
    }

    /// <summary>
    /// The entries of every subject noted on a day between <paramref name="start"/> and <paramref name="end"/>
    /// (all days when unset), read from the subjects themselves.
    /// </summary>
    private static async Task<IReadOnlyList<AuditEntry>> LoggedEntries(IGrainFactory grains, DateTimeOffset? start, DateTimeOffset? end)
    {
        var days = (await grains.GetGrain<IAuditIndexGrain>(0).List())
            .Where(k => (start is null || string.CompareOrdinal(GrainKeys.AuditDay(k), GrainKeys.AuditDayOf(start.Value)) >= 0)
                && (end is null || string.CompareOrdinal(GrainKeys.AuditDay(k), GrainKeys.AuditDayOf(end.Value)) <= 0));
        var lists = await Task.WhenAll(days.Select(k => grains.GetGrain<IAuditGrain>(k).List()));
        var subjects = lists.SelectMany(d => d.Subjects).Distinct().Select(s => AuditSubjects.Resolve(grains, s)).OfType<IAuditSubject>();
        var trails = await Task.WhenAll(subjects.Select(s => s.GetAudit()));
        return trails.SelectMany(t => t).OrderBy(e => e.At).ToList();
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
        errors.Add(new(field, "invalid_time", "must be a date or time such as 2026-11-28 or 2026-11-28T10:00:00Z"));
        return null;
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
