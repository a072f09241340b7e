using System.Globalization;
using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Security;
using Aggregation.Domain.Units;
using Aggregation.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregation.Gateway.Apis;

/// <summary>
/// Standings (SPEC section 11): a ranking of the units of a level under any scope, the distribution of their values,
/// and a unit's place under each of its ancestors, answered by the indicator grains of the period's year and the tree
/// it is seen on. A key that is not an administrator's ranks within its own scope unless it names another it covers.
/// </summary>
public static class StandingsApi
{
    /// <summary>The most bars a distribution draws.</summary>
    public const int MaxBins = 100;

    public static IEndpointRouteBuilder MapStandingsApi(this IEndpointRouteBuilder app)
    {
        var indicators = app.MapGroup("/api/indicators/{indicator}/{period}");
        indicators.MapGet("/ranking", GetRanking).Allow(Access.Everyone).WithName("GetRanking")
            .WithSummary("The units of a level under a scope ranked on one indicator, best first (ties share the best rank)")
            .ProducesProblems(400, 403, 404, 422);
        indicators.MapGet("/distribution", GetDistribution).Allow(Access.Everyone).WithName("GetDistribution")
            .WithSummary("How the values of the units of a level under a scope are spread: quartiles, mean, bars")
            .ProducesProblems(400, 403, 404, 422);
        app.MapGet("/api/units/{code}/standing/{period}", GetStanding).Allow(Access.Everyone).WithName("GetStanding")
            .WithSummary("A unit's rank and percentile on every indicator among the units of its level under each of its ancestors")
            .ProducesProblems(400, 403, 404, 422);
        return app;
    }

    private static async Task<Results<JsonBytes<RankingView>, ProblemHttpResult>> GetRanking(
        string indicator, string period, string? scope, string? level, string? order, string? top, string? tree, bool? exact,
        HttpContext http, IGrainFactory grains, IndicatorCatalog catalog, Scopes scopes, KeptRankings kept)
    {
        var (asked, problem) = await Ask(indicator, period, scope, level, tree, http, grains, catalog, scopes);
        if (problem is not null)
        {
            return problem;
        }
        RankingOrder? ordered = order switch { null or "best" => RankingOrder.Best, "worst" => RankingOrder.Worst, _ => null };
        if (ordered is null)
        {
            return Problems.Field("order", RefusalCodes.InvalidValue, "must be best or worst", StatusCodes.Status400BadRequest);
        }
        var (count, badTop) = Count("top", top, int.MaxValue);
        if (badTop is not null)
        {
            return badTop;
        }
        var (json, refusal) = await kept.Rank(asked!.Grain, asked.Query, ordered.Value, count, exact == true);
        return json is not null ? new JsonBytes<RankingView>(json) : Problems.Refused(refusal!);
    }

    private static async Task<Results<Ok<DistributionView>, ProblemHttpResult>> GetDistribution(
        string indicator, string period, string? scope, string? level, string? bins, string? tree, bool? exact,
        HttpContext http, IGrainFactory grains, IndicatorCatalog catalog, Scopes scopes)
    {
        var (asked, problem) = await Ask(indicator, period, scope, level, tree, http, grains, catalog, scopes);
        if (problem is not null)
        {
            return problem;
        }
        var (bars, badBins) = Count("bins", bins, MaxBins);
        if (badBins is not null)
        {
            return badBins;
        }
        var answer = await asked!.Grain.Spread(asked.Query, bars ?? 10);
        return answer.Value is { } spread ? TypedResults.Ok(Rounded.Answer(spread, exact)) : Problems.Refused(answer.Refusal!);
    }

    private static async Task<Results<Ok<StandingView>, ProblemHttpResult>> GetStanding(
        string code, string period, string? tree, bool? exact, IGrainFactory grains, IndicatorCatalog catalog)
    {
        var (normalized, bad) = Problems.CheckUnitAndPeriod(code, period);
        if (bad is not null)
        {
            return bad;
        }
        var (route, noTree) = (await RequestUnits.Read(grains)).View(code, normalized, tree);
        if (noTree is not null)
        {
            return noTree;
        }
        var unit = route!.Unit;
        if (await grains.Unit(unit).GetInfo() is not { } info)
        {
            return Problems.UnitNotFound(code);
        }
        var placed = await Task.WhenAll(catalog.Indicators.Select(i => grains.Indicator(i.Code, unit.Tree, normalized.Year).Place(normalized, code)));
        if (placed.FirstOrDefault(p => p.Refusal is not null) is { } refused)
        {
            return Problems.Refused(refused.Refusal!);
        }
        var standings = catalog.Indicators.Zip(placed).ToDictionary(p => p.First.Code, p => p.Second.Value!);
        return TypedResults.Ok(Rounded.Answer(new StandingView(code, info.Name, normalized.ToString(), info.Level, standings, unit.Tree), exact));
    }

    /// <summary>A ranking's or distribution's question, checked: the indicator grain to ask, and what to ask it.</summary>
    private sealed record Asked(IIndicatorGrain Grain, StandingsQuery Query);

    private static async Task<(Asked? Asked, ProblemHttpResult? Problem)> Ask(
        string indicator, string period, string? scope, string? level, string? tree,
        HttpContext http, IGrainFactory grains, IndicatorCatalog catalog, Scopes scopes)
    {
        if (catalog.FindIndicator(indicator) is null)
        {
            return (null, Problems.NotFound($"unknown indicator '{indicator}'", RefusalCodes.UnknownIndicator));
        }
        var (normalized, badPeriod) = Problems.CheckPeriod(period);
        if (badPeriod is not null)
        {
            return (null, badPeriod);
        }
        if (scope is not null && !UnitCode.IsValid(scope))
        {
            return (null, Problems.Field("scope", FieldRules.UnitCode, StatusCodes.Status400BadRequest));
        }
        if (level is not null && (level.Length is 0 or > 64 || level.Any(char.IsControl)))
        {
            return (null, Problems.Field("level", RefusalCodes.InvalidLevel, "must be a level of 1 to 64 characters", StatusCodes.Status400BadRequest));
        }
        var key = http.User.Caller();
        // A key below the root ranks within its own scope unless it names one.
        var scoped = scope ?? (key.Is(Role.Admin) ? null : key.Unit);
        var (seen, noTree) = (await RequestUnits.Read(grains)).ViewTree(normalized, tree);
        if (seen is not { } treeId)
        {
            return (null, noTree);
        }
        if (scoped is not null && await scopes.Refuse(key, new UnitKey(treeId, scoped)) is { } forbidden)
        {
            return (null, forbidden);
        }
        return (new Asked(grains.Indicator(indicator, treeId, normalized.Year), new StandingsQuery(normalized, scoped, level)), null);
    }

    /// <summary>A positive whole number of at most <paramref name="max"/> from the query (null when absent), or the 400 naming it.</summary>
    private static (int? Count, ProblemHttpResult? Problem) Count(string field, string? text, int max) =>
        text is null ? (null, null)
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max ? (n, null)
        : (null, Problems.Field(field, RefusalCodes.InvalidValue, $"must be a whole number from 1 to {max}", StatusCodes.Status400BadRequest));
}
