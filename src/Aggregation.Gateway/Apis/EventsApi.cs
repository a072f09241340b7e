using System.Globalization;
using System.Text.Json;
using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Gateway.Events;
using Aggregation.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Aggregation.Gateway.Apis;

/// <summary>A unit's figures pushed as server-sent events, so a dashboard listens instead of polling (SPEC section 11).</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/units/{code}/events/{period}", GetEvents).Allow(Access.Everyone).WithName("GetUnitEvents")
            .WithSummary("Server-sent events: an `indicators` event carrying the indicators answer on connect and whenever the unit's figures for the period or its plan for the year change, at most one a second")
            .ProducesProblems(400, 404, 422);
        return app;
    }

    private static async Task<Results<ServerSentEventsResult<string>, ProblemHttpResult>> GetEvents(
        string code, string period, string? tree, [Microsoft.AspNetCore.Mvc.FromHeader(Name = "Last-Event-ID")] string? lastEventId,
        IGrainFactory grains, UnitEventsHub hub, EventReads reads, IOptions<JsonOptions> json, TimeProvider clock, HttpContext http)
    {
        var (normalized, bad) = Problems.CheckUnitAndPeriod(code, period);
        if (bad is not null)
        {
            return bad;
        }
        // Refused before the stream starts, as the indicators answer would be.
        var (first, refused) = await IndicatorsApi.Read(code, normalized, tree, grains);
        if (first is null)
        {
            return refused!;
        }
        var unit = first.Route.Unit;
        var isLeaf = (await grains.Unit(unit).GetInfo())?.IsLeaf ?? true;
        var answer = json.Value.SerializerOptions.GetTypeInfo(typeof(UnitIndicatorsView));
        async Task<string?> Read() => (await IndicatorsApi.Read(code, normalized, tree, grains)).Read is { } read
            ? JsonSerializer.Serialize(Rounded.Answer(read.View, exact: null), answer)
            : null;
        // A reconnecting client gets the current figures at once, numbered on from the last event it saw.
        var lastId = long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : 0;
        return TypedResults.ServerSentEvents(new UnitEventStream(clock, reads).Events(
            changed => hub.Listen(unit, isLeaf, normalized, changed), Read, lastId, http.RequestAborted));
    }
}
