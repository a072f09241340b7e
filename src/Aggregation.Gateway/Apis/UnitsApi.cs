using Aggregation.Contracts;
using Aggregation.Domain.Rules;
using Microsoft.AspNetCore.Http.HttpResults;

using Aggregation.Gateway.Security;


namespace Aggregation.Gateway.Apis;

public static class UnitsApi
{
    public sealed record UnitBody(string? Name, string? Level, string? Parent = null);

    public static IEndpointRouteBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/units");
        units.MapPut("/{code}", PutUnit).Allow(Access.Admins).WithName("PutUnit").WithSummary("Create or update a unit of the newest tree (or ?tree=); a new parent moves its data")
            .ProducesProblems(400, 404, 409, 422);
        units.MapGet("/{code}", GetUnit).Allow(Access.Everyone).WithName("GetUnit").WithSummary("A unit of the newest tree (or ?tree=) with its parent, children and leaf count")
            .ProducesProblems(400, 404);
        return app;
    }

    private static async Task<Results<Ok<UnitDetailView>, ProblemHttpResult>> PutUnit(string code, UnitBody? body, string? tree, HttpContext http, IGrainFactory grains)
    {
        if (Problems.CheckCode(code) is { } bad)
        {
            return bad;
        }
        if (body is null)
        {
            return Problems.Field("body", FieldRules.Required.Code, "a JSON object {name, level, parent} is required", StatusCodes.Status400BadRequest);
        }
        var (unit, noTree) = (await RequestUnits.Read(grains)).OnTree(code, tree);
        if (noTree is not null)
        {
            return noTree;
        }
        var change = await grains.UpsertUnit(unit, new UnitInput(body.Name ?? "", body.Level ?? "", body.Parent), http.User.Caller());
        return change.Refusals.Count > 0
            ? Problems.Refused(change.Refusals)
            : TypedResults.Ok((await grains.GetGrain<IQueryGrain>(0).GetUnit(unit))!);
    }

    private static async Task<Results<Ok<UnitDetailView>, ProblemHttpResult>> GetUnit(string code, string? tree, IGrainFactory grains)
    {
        if (Problems.CheckCode(code) is { } bad)
        {
            return bad;
        }
        var (key, noTree) = (await RequestUnits.Read(grains)).OnTree(code, tree);
        if (noTree is not null)
        {
            return noTree;
        }
        return await grains.GetGrain<IQueryGrain>(0).GetUnit(key) is { } unit ? TypedResults.Ok(unit) : Problems.UnitNotFound(code);
    }
}
