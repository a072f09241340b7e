using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregation.Gateway.Apis;

public static class IndicatorsApi
{
    public static IEndpointRouteBuilder MapIndicatorsApi(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/units/{code}");
        units.MapGet("/indicators/{period}", GetIndicators).WithName("GetIndicators")
            .WithSummary("Every indicator of any unit for a period: value, parts, contributors, target and attainment");
        units.MapGet("/comparison/{period}", GetComparison).WithName("GetComparison")
            .WithSummary("The unit's children ranked on one indicator, best first, nulls last");
        return app;
    }

    private static async Task<Results<Ok<UnitIndicatorsView>, ProblemHttpResult>> GetIndicators(string code, string period, IGrainFactory grains)
    {
        var (normalized, bad) = Problems.CheckUnitAndPeriod(code, period);
        if (bad is not null)
        {
            return bad;
        }
        return await grains.GetGrain<IQueryGrain>(0).GetIndicators(code, normalized!) is { } view
            ? TypedResults.Ok(view)
            : Problems.UnitNotFound(code);
    }

    private static async Task<Results<Ok<ComparisonView>, ProblemHttpResult>> GetComparison(
        string code, string period, string? indicator, IGrainFactory grains, IndicatorCatalog catalog)
    {
        var (normalized, bad) = Problems.CheckUnitAndPeriod(code, period);
        if (bad is not null)
        {
            return bad;
        }
        if (string.IsNullOrEmpty(indicator) || catalog.FindIndicator(indicator) is null)
        {
            return Problems.Field("indicator", string.IsNullOrEmpty(indicator) ? "the query parameter is required" : $"unknown indicator '{indicator}'");
        }
        return await grains.GetGrain<IQueryGrain>(0).Compare(code, normalized!, indicator) is { } view
            ? TypedResults.Ok(view)
            : Problems.UnitNotFound(code);
    }
}
