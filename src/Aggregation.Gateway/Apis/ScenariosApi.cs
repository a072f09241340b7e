using System.Text.Json;
using Aggregation.Contracts;
using Aggregation.Domain.Units;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregation.Gateway.Apis;

public static class ScenariosApi
{
    public sealed record ScenarioBody(string? Name, string? Unit, string? Period, List<JsonElement>? Overrides);

    public static IEndpointRouteBuilder MapScenariosApi(this IEndpointRouteBuilder app)
    {
        var scenarios = app.MapGroup("/api/scenarios");
        scenarios.MapPost("/", Create).WithName("CreateScenario").WithSummary("Save a scenario (overrides only; results are computed on live data at each read)");
        scenarios.MapGet("/", List).WithName("ListScenarios").WithSummary("Every saved scenario");
        scenarios.MapGet("/{id}", Get).WithName("GetScenario").WithSummary("A saved scenario's definition");
        scenarios.MapPut("/{id}", Replace).WithName("ReplaceScenario").WithSummary("Replace a saved scenario's name, unit, period and overrides");
        scenarios.MapDelete("/{id}", Delete).WithName("DeleteScenario").WithSummary("Delete a saved scenario");
        scenarios.MapGet("/{id}/result", Result).WithName("GetScenarioResult").WithSummary("A saved scenario evaluated on the data as it is now");
        return app;
    }

    private static async Task<Results<Created<ScenarioView>, ProblemHttpResult>> Create(ScenarioBody? body, IGrainFactory grains)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var result = await Save(id, body, grains, mustExist: false);
        return result.Scenario is { } saved ? TypedResults.Created($"/api/scenarios/{id}", saved) : result.Problem!;
    }

    private static async Task<Results<Ok<ScenarioView>, ProblemHttpResult>> Replace(string id, ScenarioBody? body, IGrainFactory grains)
    {
        if (CheckId(id) is { } bad)
        {
            return bad;
        }
        var result = await Save(id, body, grains, mustExist: true);
        return result.Scenario is { } saved ? TypedResults.Ok(saved) : result.Problem!;
    }

    private static async Task<Ok<IReadOnlyList<ScenarioView>>> List(IGrainFactory grains)
    {
        var ids = await grains.GetGrain<IScenarioIndexGrain>(0).List();
        var views = await Task.WhenAll(ids.Select(id => grains.GetGrain<ISavedScenarioGrain>(id).Get()));
        return TypedResults.Ok<IReadOnlyList<ScenarioView>>(views.OfType<ScenarioView>().ToList());
    }

    private static async Task<Results<Ok<ScenarioView>, ProblemHttpResult>> Get(string id, IGrainFactory grains)
    {
        if (CheckId(id) is { } bad)
        {
            return bad;
        }
        return await grains.GetGrain<ISavedScenarioGrain>(id).Get() is { } view ? TypedResults.Ok(view) : NotFound(id);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, IGrainFactory grains)
    {
        if (CheckId(id) is { } bad)
        {
            return bad;
        }
        return await grains.GetGrain<ISavedScenarioGrain>(id).Delete() ? TypedResults.NoContent() : NotFound(id);
    }

    private static async Task<Results<Ok<ScenarioResultView>, ProblemHttpResult>> Result(string id, IGrainFactory grains)
    {
        if (CheckId(id) is { } bad)
        {
            return bad;
        }
        return await grains.GetGrain<ISavedScenarioGrain>(id).Evaluate() switch
        {
            null => NotFound(id),
            { Status: ScenarioStatus.Evaluated } outcome => TypedResults.Ok(outcome.Result!),
            var outcome => Problems.Validation(outcome.Errors), // the hierarchy changed under the scenario
        };
    }

    private static async Task<(ScenarioView? Scenario, ProblemHttpResult? Problem)> Save(string id, ScenarioBody? body, IGrainFactory grains, bool mustExist)
    {
        if (body?.Unit is null || body.Period is null || body.Overrides is null)
        {
            return (null, Problems.Field("body", "{name, unit, period, overrides: [...]} is required", StatusCodes.Status400BadRequest));
        }
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > UnitCode.MaxNameLength)
        {
            return (null, Problems.Field("name", $"is required, at most {UnitCode.MaxNameLength} characters"));
        }
        var (period, bad) = Problems.CheckUnitAndPeriod(body.Unit, body.Period);
        if (bad is not null)
        {
            return (null, bad);
        }
        var (overrides, errors) = WhatIfApi.Parse(body.Overrides);
        if (errors.Count > 0 || overrides.Count > WhatIfApi.MaxOverrides)
        {
            return (null, Problems.Validation(errors.Count > 0 ? errors : new() { ["overrides"] = [$"at most {WhatIfApi.MaxOverrides} overrides"] }));
        }
        var outcome = await grains.GetGrain<ISavedScenarioGrain>(id).Save(new ScenarioDefinition(body.Name.Trim(), body.Unit, period!, overrides), mustExist);
        return outcome.Status switch
        {
            SavedScenarioStatus.Saved => (outcome.Scenario, null),
            SavedScenarioStatus.NotFound => (null, NotFound(id)),
            SavedScenarioStatus.UnitNotFound => (null, Problems.UnitNotFound(body.Unit)),
            _ => (null, Problems.Validation(outcome.Errors)),
        };
    }

    private static ProblemHttpResult? CheckId(string id) =>
        UnitCode.IsValid(id) ? null : Problems.Field("id", "is not a scenario id", StatusCodes.Status400BadRequest);

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound($"scenario '{id}' does not exist");
}
