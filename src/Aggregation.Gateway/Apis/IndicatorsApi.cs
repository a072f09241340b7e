using Aggregation.Domain.Periods;
using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Gateway.Import;
using Microsoft.AspNetCore.Http.HttpResults;

using Aggregation.Gateway.Security;
using Aggregation.Domain.Rules;

namespace Aggregation.Gateway.Apis;

public static class IndicatorsApi
{
    public static IEndpointRouteBuilder MapIndicatorsApi(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/units/{code}");
        units.MapGet("/indicators/{period}", GetIndicators).Allow(Access.Everyone).WithName("GetIndicators")
            .WithSummary("Every indicator of any unit for a period: value, parts, contributors, target and attainment")
            .ProducesFiles().ProducesProblems(400, 404, 422);
        units.MapGet("/comparison/{period}", GetComparison).Allow(Access.Everyone).WithName("GetComparison")
            .WithSummary("The unit's children ranked on one indicator, best first, nulls last")
            .ProducesFiles().ProducesProblems(400, 404, 422);
        return app;
    }

    private static async Task<Results<Ok<UnitIndicatorsView>, FileContentHttpResult, ProblemHttpResult>> GetIndicators(
        string code, string period, string? format, bool? exact, string? tree, IGrainFactory grains, IndicatorCatalog catalog)
    {
        var (normalized, bad) = Problems.CheckUnitAndPeriod(code, period);
        if ((bad ?? CheckFormat(format)) is { } problem)
        {
            return problem;
        }
        var (read, refused) = await Read(code, normalized, tree, grains);
        if (read is null)
        {
            return refused!;
        }
        var (view, key) = (read.View, read.Route.Unit);
        if (format is null or "json")
        {
            return TypedResults.Ok(Rounded.Answer(view, exact));
        }
        var query = grains.GetGrain<IQueryGrain>(0);
        // A file holds the unit and, below it, each of its children.
        var unit = (await query.GetUnit(key))!;
        var children = await Task.WhenAll(unit.Children.Select(c => query.GetIndicators(key.WithCode(c.Code), normalized)));
        var (content, type, name) = Exports.Indicators(catalog, format,
            [.. new[] { view }.Concat(children.OfType<UnitIndicatorsView>()).Select(v => Rounded.Answer(v, exact))]);
        return TypedResults.File(content, type, name);
    }

    /// <summary>A unit's indicators for a period on the tree asked (as <c>GET …/indicators/{period}</c> answers them), or why not (404, 422).</summary>
    public static async Task<(IndicatorsRead? Read, ProblemHttpResult? Problem)> Read(string code, Period period, string? tree, IGrainFactory grains)
    {
        var units = await RequestUnits.Read(grains);
        var (route, noTree) = units.View(code, period, tree);
        if (noTree is not null)
        {
            return (null, noTree);
        }
        if (await grains.GetGrain<IQueryGrain>(0).GetIndicators(route!.Unit, period) is not { } found)
        {
            return (null, Problems.UnitNotFound(code));
        }
        return (new IndicatorsRead(await found.Seen(grains, units, route, period), route), null);
    }

    private static ProblemHttpResult? CheckFormat(string? format) =>
        format is null or "json" || Exports.Formats.Contains(format)
            ? null
            : Problems.Field("format", RefusalCodes.InvalidValue, "must be json, csv or xlsx", StatusCodes.Status400BadRequest);

    private static async Task<Results<Ok<ComparisonView>, FileContentHttpResult, ProblemHttpResult>> GetComparison(
        string code, string period, string? indicator, string? format, bool? exact, string? tree, IGrainFactory grains, IndicatorCatalog catalog)
    {
        var (normalized, bad) = Problems.CheckUnitAndPeriod(code, period);
        if ((bad ?? CheckFormat(format)) is { } problem)
        {
            return problem;
        }
        if (string.IsNullOrEmpty(indicator) || catalog.FindIndicator(indicator) is null)
        {
            return string.IsNullOrEmpty(indicator)
                ? Problems.Field("indicator", FieldRules.Required.Code, "the query parameter is required")
                : Problems.Field("indicator", FieldRules.UnknownIndicator.Code, $"unknown indicator '{indicator}'");
        }
        var units = await RequestUnits.Read(grains);
        var (route, noTree) = units.View(code, normalized, tree);
        if (noTree is not null)
        {
            return noTree;
        }
        if (await grains.GetGrain<IQueryGrain>(0).Compare(route!.Unit, normalized, indicator) is not { } found)
        {
            return Problems.UnitNotFound(code);
        }
        var view = await found.Seen(grains, units, route, normalized);
        if (format is null or "json")
        {
            return TypedResults.Ok(Rounded.Answer(view, exact));
        }
        var (content, type, name) = Exports.Comparison(catalog, format, Rounded.Answer(view, exact));
        return TypedResults.File(content, type, name);
    }
}

/// <summary>A unit's indicators as seen on a tree, and the unit they were read from.</summary>
public sealed record IndicatorsRead(UnitIndicatorsView View, TreeRoute Route);
