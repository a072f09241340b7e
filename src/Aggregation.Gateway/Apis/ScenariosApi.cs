using System.Text.Json;
using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Units;
using Aggregation.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregation.Gateway.Apis;

public static class ScenariosApi
{
    /// <summary><c>tree</c>: the tree to see the period on, when not its own (a restated scenario, SPEC section 10).</summary>
    public sealed record ScenarioBody(string? Name, string? Unit, string? Period, [property: RawJson(RawJson.Overrides)] List<JsonElement>? Overrides,
        string? Tree = null);

    public static IEndpointRouteBuilder MapScenariosApi(this IEndpointRouteBuilder app)
    {
        var scenarios = app.MapGroup("/api/scenarios");
        scenarios.MapPost("/", Create).Allow(Access.Analysts).WithName("CreateScenario").WithSummary("Save a scenario (overrides only; results are computed on live data at each read)")
            .ProducesProblems(400, 403, 404, 422);
        scenarios.MapGet("/", List).Allow(Access.Analysts).WithName("ListScenarios").WithSummary("Every saved scenario within the key's scope");
        scenarios.MapGet("/{id}", Get).Allow(Access.Analysts).WithName("GetScenario").WithSummary("A saved scenario's definition")
            .ProducesProblems(400, 403, 404);
        scenarios.MapPut("/{id}", Replace).Allow(Access.Analysts).WithName("ReplaceScenario").WithSummary("Replace a saved scenario's name, unit, period and overrides")
            .ProducesProblems(400, 403, 404, 422);
        scenarios.MapDelete("/{id}", Delete).Allow(Access.Analysts).WithName("DeleteScenario").WithSummary("Delete a saved scenario")
            .ProducesProblems(400, 403, 404);
        scenarios.MapGet("/{id}/result", Result).Allow(Access.Analysts).WithName("GetScenarioResult").WithSummary("A saved scenario evaluated on the data as it is now")
            .ProducesProblems(400, 403, 404, 422);
        return app;
    }

    private static async Task<Results<Created<ScenarioView>, ProblemHttpResult>> Create(ScenarioBody? body, HttpContext http, Scopes scopes, IGrainFactory grains)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var result = await Save(id, body, http.User.Caller(), scopes, grains, mustExist: false);
        if (result.Scenario is not { } saved)
        {
            return result.Problem!;
        }
        return TypedResults.Created($"/api/scenarios/{id}", saved);
    }

    private static async Task<Results<Ok<ScenarioView>, ProblemHttpResult>> Replace(string id, ScenarioBody? body, HttpContext http, Scopes scopes, IGrainFactory grains)
    {
        var found = await Find(id, http, scopes, grains);
        if (found.Problem is { } refused)
        {
            return refused;
        }
        var result = await Save(id, body, http.User.Caller(), scopes, grains, mustExist: true);
        if (result.Scenario is not { } saved)
        {
            return result.Problem!;
        }
        return TypedResults.Ok(saved);
    }

    private static async Task<Ok<IReadOnlyList<ScenarioView>>> List(HttpContext http, Scopes scopes, IGrainFactory grains)
    {
        var caller = http.User.Caller();
        var ids = await grains.GetGrain<IScenarioIndexGrain>(0).List();
        var views = await Task.WhenAll(ids.Select(id => grains.GetGrain<ISavedScenarioGrain>(id).Get()));
        var units = await RequestUnits.Read(grains);
        var visible = new List<ScenarioView>();
        foreach (var view in views.OfType<ScenarioView>())
        {
            if (await scopes.Covers(caller, UnitOf(view, units)))
            {
                visible.Add(view);
            }
        }
        return TypedResults.Ok<IReadOnlyList<ScenarioView>>(visible);
    }

    private static async Task<Results<Ok<ScenarioView>, ProblemHttpResult>> Get(string id, HttpContext http, Scopes scopes, IGrainFactory grains) =>
        await Find(id, http, scopes, grains) switch
        {
            { Problem: { } refused } => refused,
            var found => TypedResults.Ok(found.Scenario!),
        };

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, HttpContext http, Scopes scopes, IGrainFactory grains)
    {
        var found = await Find(id, http, scopes, grains);
        if (found.Problem is { } refused)
        {
            return refused;
        }
        return await grains.GetGrain<ISavedScenarioGrain>(id).Delete(http.User.Caller()) ? TypedResults.NoContent() : NotFound(id);
    }

    private static async Task<Results<Ok<ScenarioResultView>, ProblemHttpResult>> Result(string id, bool? exact, HttpContext http, Scopes scopes, IGrainFactory grains)
    {
        if (await Find(id, http, scopes, grains) is { Problem: { } refused })
        {
            return refused;
        }
        return await grains.GetGrain<ISavedScenarioGrain>(id).Evaluate() switch
        {
            null => NotFound(id),
            { Result: { } result } => TypedResults.Ok(Rounded.Answer(result, exact)),
            var outcome => Problems.Refused(outcome.Refusals), // the hierarchy changed under the scenario
        };
    }

    private static async Task<(ScenarioView? Scenario, ProblemHttpResult? Problem)> Save(string id, ScenarioBody? body, KeyPrincipal caller, Scopes scopes, IGrainFactory grains, bool mustExist)
    {
        if (body?.Unit is null || body.Period is null || body.Overrides is null)
        {
            return (null, Problems.Field("body", FieldRules.Required.Code, "{name, unit, period, overrides: [...]} is required", StatusCodes.Status400BadRequest));
        }
        if (Names.Problem(body.Name) is { } badName)
        {
            return (null, Problems.Field("name", badName));
        }
        var (period, bad) = Problems.CheckUnitAndPeriod(body.Unit, body.Period);
        if (bad is not null)
        {
            return (null, bad);
        }
        var (route, noTree) = (await RequestUnits.Read(grains)).View(body.Unit, period, body.Tree);
        if (noTree is not null)
        {
            return (null, noTree);
        }
        var unit = route!.Unit;
        if (await scopes.Refuse(caller, unit) is { } forbidden)
        {
            return (null, forbidden);
        }
        var (overrides, errors) = WhatIfApi.Parse(body.Overrides);
        if (errors.Count > 0 || overrides.Count > WhatIfApi.MaxOverrides)
        {
            return (null, Problems.Validation(errors.Count > 0 ? errors : [WhatIfApi.TooMany.At("overrides")]));
        }
        var outcome = await grains.GetGrain<ISavedScenarioGrain>(id).Save(new ScenarioDefinition(body.Name!.Trim(), unit, period.ToString(), overrides), mustExist, caller);
        return outcome.Scenario is { } saved ? (saved, null) : (null, Problems.Refused(outcome.Refusals));
    }

    /// <summary>The scenario, or the 400/404/403 that stops the caller from touching it.</summary>
    private static async Task<(ScenarioView? Scenario, ProblemHttpResult? Problem)> Find(string id, HttpContext http, Scopes scopes, IGrainFactory grains)
    {
        if (CheckId(id) is { } bad)
        {
            return (null, bad);
        }
        if (await grains.GetGrain<ISavedScenarioGrain>(id).Get() is not { } view)
        {
            return (null, NotFound(id));
        }
        return (view, await scopes.Refuse(http.User.Caller(), UnitOf(view, await RequestUnits.Read(grains))));
    }

    /// <summary>A saved scenario's unit: on the tree it was saved on, the tree of its period when it names none.</summary>
    private static Domain.Units.UnitKey UnitOf(ScenarioView view, RequestUnits units) =>
        view.Tree is { } tree ? new(tree, view.Unit) : units.ForPeriod(view.Unit, Domain.Periods.Period.Parse(view.Period));


    private static ProblemHttpResult? CheckId(string id) =>
        UnitCode.IsValid(id) ? null : Problems.Field("id", FieldRules.UnitCode.Code, "is not a scenario id", StatusCodes.Status400BadRequest);

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound(FieldRules.ScenarioNotFound(id));
}
