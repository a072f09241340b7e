using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rules;
using Aggregation.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregation.Gateway.Apis;

/// <summary>How a unit moves over time, and which of its leaves have not reported yet.</summary>
public static class ProgressApi
{
    public static IEndpointRouteBuilder MapProgressApi(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/units/{code}");
        units.MapGet("/series/{indicator}", GetSeries).Allow(Access.Everyone).WithName("GetSeries")
            .WithSummary("One indicator for every period of one type from ?from= to ?to= (at most 120), oldest first")
            .ProducesProblems(400, 404, 422);
        units.MapGet("/missing/{period}", GetMissing).Allow(Access.Everyone).WithName("GetMissing")
            .WithSummary("The leaves under the unit without a value for the period, each with its last report")
            .ProducesProblems(400, 404, 422);
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<SeriesPoint>>, ProblemHttpResult>> GetSeries(
        string code, string indicator, string? from, string? to, bool? exact, string? tree, IGrainFactory grains, IndicatorCatalog catalog)
    {
        if (Problems.CheckCode(code) is { } badCode)
        {
            return badCode;
        }
        (string Field, string? Id)[] bounds = [("from", from), ("to", to)];
        var unreadable = bounds.Where(b => !string.IsNullOrEmpty(b.Id) && !Period.TryParse(b.Id, out _)).Select(b => FieldRules.Period.At(b.Field)).ToList();
        if (unreadable.Count > 0)
        {
            return Problems.Validation(unreadable, StatusCodes.Status400BadRequest);
        }
        var errors = bounds.Where(b => string.IsNullOrEmpty(b.Id)).Select(b => FieldRules.Required.At(b.Field)).ToList();
        if (catalog.FindIndicator(indicator) is null)
        {
            errors.Insert(0, new FieldError("indicator", FieldRules.UnknownIndicator.Code, $"unknown indicator '{indicator}'"));
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var (periods, problem) = PeriodSeries.Between(from!, to!);
        if (problem is not null)
        {
            return Problems.Field("to", problem);
        }
        // A series is seen on the tree of its last period, or the ?tree= asked; every period of it is read on that tree.
        var (route, noTree) = (await RequestUnits.Read(grains)).View(code, periods[^1], tree);
        if (noTree is not null)
        {
            return noTree;
        }
        return await grains.GetGrain<IQueryGrain>(0).GetSeries(route!.Unit, indicator, periods) is { } series
            ? TypedResults.Ok(Rounded.Answer(series, exact))
            : Problems.UnitNotFound(code);
    }

    private static async Task<Results<Ok<MissingView>, ProblemHttpResult>> GetMissing(string code, string period, string? tree, IGrainFactory grains)
    {
        var (normalized, bad) = Problems.CheckUnitAndPeriod(code, period);
        if (bad is not null)
        {
            return bad;
        }
        var units = await RequestUnits.Read(grains);
        var (route, noTree) = units.View(code, normalized, tree);
        if (noTree is not null)
        {
            return noTree;
        }
        return await grains.GetGrain<IQueryGrain>(0).GetMissing(route!.Unit, normalized) is { } view
            ? TypedResults.Ok(await view.Seen(grains, units, route, normalized))
            : Problems.UnitNotFound(code);
    }
}
