using Aggregation.Domain.Periods;
using Aggregation.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

using Aggregation.Gateway.Security;

namespace Aggregation.Gateway.Apis;

public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/admin/verify/{code}/{period}", Verify).Allow(Access.Admins).WithName("Verify")
            .WithSummary("Recompute a unit's values from its leaves' reports and list any drift from the live rollup")
            .ProducesProblems(400, 404);
        return app;
    }

    private static async Task<Results<Ok<VerificationView>, ProblemHttpResult>> Verify(string code, string period, IGrainFactory grains)
    {
        var (normalized, bad) = Problems.CheckUnitAndPeriod(code, period);
        if (bad is not null)
        {
            return bad;
        }
        return await grains.GetGrain<IQueryGrain>(0).Verify((await RequestUnits.Read(grains)).ForPeriod(code, normalized), normalized) is { } view
            ? TypedResults.Ok(view)
            : Problems.UnitNotFound(code);
    }
}
