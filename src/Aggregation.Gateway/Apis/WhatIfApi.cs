using Aggregation.Domain.Periods;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Aggregation.Contracts;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Scenarios;
using Microsoft.AspNetCore.Http.HttpResults;

using Aggregation.Gateway.Security;

namespace Aggregation.Gateway.Apis;

public static class WhatIfApi
{
    /// <summary>An override names its kind by the one key it carries: set, scale, delta or growth.</summary>
    /// <summary><c>tree</c>: the tree to see the period on, when not its own (a restated what-if, SPEC section 10).</summary>
    public sealed record WhatIfBody(string? Unit, string? Period, [property: RawJson(RawJson.Overrides)] List<JsonElement>? Overrides, string? Tree = null);

    private static readonly string[] Kinds = ["set", "scale", "delta", "growth"];
    public const int MaxOverrides = 500;

    /// <summary>The lever: an element, the leaves it moves (every leaf <c>under</c> a unit, or listed <c>units</c>), and <c>scale</c> or <c>growth</c>.</summary>
    public sealed record LeverBody(string? Element, string? Mode, string? Under = null, List<string>? Units = null);

    /// <summary><c>target</c> arrives as raw JSON so that a number a decimal cannot hold is named, not a malformed body.</summary>
    public sealed record GoalSeekBody(string? Unit, string? Period, string? Indicator, [property: RawJson(RawJson.Number)] JsonElement? Target, LeverBody? Lever,
        string? Tree = null);

    public static IEndpointRouteBuilder MapWhatIfApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/what-if", Evaluate).Allow(Access.Analysts).WithName("WhatIf")
            .WithSummary("Evaluate overrides on top of live data for a unit and its children; nothing is stored")
            .ProducesProblems(400, 403, 404, 422);
        app.MapPost("/api/what-if/goal-seek", GoalSeek).Allow(Access.Analysts).WithName("GoalSeek")
            .WithSummary("The uniform factor or growth on one element over a set of leaves that brings an indicator to a target")
            .ProducesProblems(400, 403, 404, 422);
        return app;
    }

    private static async Task<Results<Ok<GoalSeekView>, ProblemHttpResult>> GoalSeek(GoalSeekBody? body, bool? exact, HttpContext http, Scopes scopes, IGrainFactory grains)
    {
        if (body?.Unit is null || body.Period is null || body.Indicator is null || body.Target is null || body.Lever is null)
        {
            return Problems.Field("body", FieldRules.Required.Code, "{unit, period, indicator, target, lever: {element, under | units, mode}} is required", StatusCodes.Status400BadRequest);
        }
        var (period, bad) = Problems.CheckUnitAndPeriod(body.Unit, body.Period);
        if (bad is not null)
        {
            return bad;
        }
        var (route, noTree) = (await RequestUnits.Read(grains)).View(body.Unit, period, body.Tree);
        if (noTree is not null)
        {
            return noTree;
        }
        var unit = route!.Unit;
        if (await scopes.Refuse(http.User.Caller(), unit) is { } forbidden)
        {
            return forbidden;
        }
        var lever = body.Lever;
        var errors = new List<FieldError>();
        // A plan's targets stay within 1e15, and so does what an indicator is sought to reach.
        var (target, badTarget) = JsonNumbers.Read(body.Target.Value);
        if (badTarget is not null)
        {
            errors.Add(badTarget.At("target"));
        }
        if (lever.Element is null)
        {
            errors.Add(new("lever.element", FieldRules.Required.Code, "an element code is required"));
        }
        if (lever.Mode is not ("scale" or "growth"))
        {
            errors.Add(new("lever.mode", RefusalCodes.InvalidMode, "must be 'scale' or 'growth'"));
        }
        List<string> units = lever.Under is not null && lever.Units is null ? [lever.Under] : lever.Units ?? [];
        if (units.Count == 0 || (lever.Under is not null && lever.Units is not null))
        {
            errors.Add(new("lever", RefusalCodes.InvalidLever, "give either 'under' (a unit) or 'units' (a list of units)"));
        }
        else if (units.Count > MaxOverrides || units.Any(u => !Domain.Units.UnitCode.IsValid(u)))
        {
            errors.Add(new("lever.units", RefusalCodes.InvalidUnits, $"at most {MaxOverrides} valid unit codes"));
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var outcome = await grains.GetGrain<IWhatIfGrain>(0).GoalSeek(unit, period, body.Indicator, target,
            new GoalSeekLever(lever.Element!, units, lever.Mode!));
        return outcome.Result is { } result ? TypedResults.Ok(Rounded.Answer(result, exact)) : Problems.Refused(outcome.Refusals);
    }

    private static async Task<Results<Ok<ScenarioResultView>, ProblemHttpResult>> Evaluate(WhatIfBody? body, bool? exact, HttpContext http, Scopes scopes, IGrainFactory grains)
    {
        if (body?.Unit is null || body.Period is null || body.Overrides is null)
        {
            return Problems.Field("body", FieldRules.Required.Code, "{unit, period, overrides: [...]} is required", StatusCodes.Status400BadRequest);
        }
        var (period, bad) = Problems.CheckUnitAndPeriod(body.Unit, body.Period);
        if (bad is not null)
        {
            return bad;
        }
        var (route, noTree) = (await RequestUnits.Read(grains)).View(body.Unit, period, body.Tree);
        if (noTree is not null)
        {
            return noTree;
        }
        var unit = route!.Unit;
        if (await scopes.Refuse(http.User.Caller(), unit) is { } forbidden)
        {
            return forbidden;
        }
        if (body.Overrides.Count > MaxOverrides)
        {
            return Problems.Field("overrides", TooMany);
        }
        var (overrides, errors) = Parse(body.Overrides);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var started = Stopwatch.GetTimestamp();
        var outcome = await grains.GetGrain<IWhatIfGrain>(0).Evaluate(unit, period, overrides);
        // How long the evaluation itself took, apart from reading the request and writing the answer (browsers' developer tools show it).
        http.Response.Headers["Server-Timing"] = $"evaluate;dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)}";
        return outcome.Result is { } result ? TypedResults.Ok(Rounded.Answer(result, exact)) : Problems.Refused(outcome.Refusals);
    }

    /// <summary>More overrides than one scenario may carry.</summary>
    public static readonly Rule TooMany = new(RefusalCodes.TooMany, $"at most {MaxOverrides} overrides");

    internal static (List<OverrideSpec> Overrides, List<FieldError> Errors) Parse(List<JsonElement> raw)
    {
        var overrides = new List<OverrideSpec>();
        var errors = new List<FieldError>();
        for (var i = 0; i < raw.Count; i++)
        {
            var o = raw[i];
            if (o.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new($"overrides[{i}]", RefusalCodes.WrongType, "must be an object {unit, element, set | scale | delta | growth}"));
                continue;
            }
            var unit = Text(o, "unit");
            var element = Text(o, "element");
            var kinds = Kinds.Where(k => o.TryGetProperty(k, out _)).ToList();
            if (unit is null || !Domain.Units.UnitCode.IsValid(unit))
            {
                errors.Add(FieldRules.UnitCodeRequired.At($"overrides[{i}].unit"));
            }
            if (element is null)
            {
                errors.Add(new($"overrides[{i}].element", FieldRules.Required.Code, "an element code is required"));
            }
            if (kinds.Count != 1)
            {
                errors.Add(ElementOverride.OneKind.At($"overrides[{i}]"));
            }
            else if (Amount(o, kinds[0]) is { Error: { } error })
            {
                errors.Add(error.At($"overrides[{i}].{kinds[0]}"));
            }
            else if (unit is not null && element is not null)
            {
                overrides.Add(new OverrideSpec(unit, element, Enum.Parse<OverrideKind>(kinds[0], ignoreCase: true), Amount(o, kinds[0]).Value));
            }
        }
        return (overrides, errors);
    }

    /// <summary>An override's amount exactly as written, or why it cannot be used (set and delta keep a report's six decimals).</summary>
    private static (decimal Value, Rule? Error) Amount(JsonElement o, string kind)
    {
        var (amount, error) = JsonNumbers.Read(o.GetProperty(kind));
        return (amount, error ?? ElementOverride.CheckAmount(Enum.Parse<OverrideKind>(kind, ignoreCase: true), amount));
    }

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) ? JsonText.Read(v) : null;
}
