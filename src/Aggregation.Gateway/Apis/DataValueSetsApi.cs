using System.Text.Json;
using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Units;
using Aggregation.Gateway.Dhis2;
using Aggregation.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Aggregation.Gateway.Apis;

/// <summary>DHIS2's data value sets (SPEC section 12): reports in and out in the format DHIS2 and its tools exchange.</summary>
public static class DataValueSetsApi
{
    public const string Path = "/api/dataValueSets";

    public static IEndpointRouteBuilder MapDataValueSetsApi(this IEndpointRouteBuilder app, long maxBytes)
    {
        app.MapPost(Path, Post).Allow(Access.Reporters).WithName("PostDataValueSet")
            .WithSummary("Import a DHIS2 data value set: per (orgUnit, period), one new report version merged over the stored one; answers DHIS2's import summary")
            .Accepts<DataValueSetIn>("application/json")
            .Produces<ValueSetAnswer>(StatusCodes.Status200OK).Produces<ValueSetAnswer>(StatusCodes.Status409Conflict)
            .ProducesProblems(400)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxBytes));
        app.MapGet(Path, Get).Allow(Access.Everyone).WithName("GetDataValueSet")
            .WithSummary("The stored reports of units and periods as a DHIS2 data value set, one data value per stored element")
            .Produces<DataValueSetOut>(StatusCodes.Status200OK)
            .ProducesProblems(400, 403, 404);
        return app;
    }

    private static async Task<Results<JsonHttpResult<ValueSetAnswer>, ProblemHttpResult>> Post(
        HttpRequest request, IGrainFactory grains, IndicatorCatalog catalog, Scopes scopes, IOptions<JsonOptions> json,
        bool? dryRun, string? importStrategy, string? idScheme, string? dataElementIdScheme, string? orgUnitIdScheme, CancellationToken ct)
    {
        var strategy = DataValueSetImporter.Strategy(importStrategy);
        if (strategy is null)
        {
            return Problems.Field("importStrategy", RefusalCodes.InvalidValue, "must be CREATE_AND_UPDATE, CREATE, UPDATE or DELETE", StatusCodes.Status400BadRequest);
        }
        if (IdSchemeProblem(idScheme, dataElementIdScheme, orgUnitIdScheme) is { } scheme)
        {
            return scheme;
        }
        DataValueSetIn? set;
        try
        {
            // Read as it arrives: the parsed values are kept, never a copy of the body.
            set = await JsonSerializer.DeserializeAsync<DataValueSetIn>(request.Body, json.Value.SerializerOptions, ct);
        }
        catch (JsonException bad)
        {
            return Problems.Validation([RequestProblemText.Describe(bad, typeof(DataValueSetIn))], StatusCodes.Status400BadRequest);
        }
        if (set?.DataValues is null)
        {
            return Problems.Field("dataValues", FieldRules.Required.Code, "a JSON object with an array dataValues is required", StatusCodes.Status400BadRequest);
        }
        if (set.DataValues.IndexOf(null!) is >= 0 and var missing)
        {
            return Problems.Field($"dataValues[{missing}]", RefusalCodes.WrongType, "expected a data value object, not null", StatusCodes.Status400BadRequest);
        }
        var caller = request.HttpContext.User.Caller();
        var importer = new DataValueSetImporter(grains, catalog, scopes, await RequestUnits.Read(grains), caller);
        var summary = await importer.Import(set, strategy, dryRun ?? false, ct);
        var answer = summary.Status switch
        {
            "SUCCESS" => new ValueSetAnswer("OK", StatusCodes.Status200OK, "OK", "Import was successful.", summary),
            "WARNING" => new ValueSetAnswer("Conflict", StatusCodes.Status409Conflict, "WARNING", "One more conflicts encountered, please check import summary.", summary),
            _ => new ValueSetAnswer("Conflict", StatusCodes.Status409Conflict, "ERROR", "An error occurred, please check import summary.", summary),
        };
        return TypedResults.Json(answer, json.Value.SerializerOptions, statusCode: answer.HttpStatusCode);
    }

    /// <summary>Element and unit codes are the identifiers: an id scheme other than CODE is refused, naming its parameter.</summary>
    private static ProblemHttpResult? IdSchemeProblem(params string?[] schemes)
    {
        string[] names = ["idScheme", "dataElementIdScheme", "orgUnitIdScheme"];
        for (var i = 0; i < schemes.Length; i++)
        {
            if (schemes[i] is { } scheme && !scheme.Equals("CODE", StringComparison.OrdinalIgnoreCase))
            {
                return Problems.Field(names[i], RefusalCodes.InvalidValue, "element and unit codes are the identifiers: only CODE is taken", StatusCodes.Status400BadRequest);
            }
        }
        return null;
    }

    private static async Task<Results<DataValueSetStream, ProblemHttpResult>> Get(
        HttpContext http, IGrainFactory grains, Scopes scopes, IndicatorCatalog catalog,
        string[]? orgUnit, string[]? period, bool? children, string[]? dataElement, string? idScheme, string? dataElementIdScheme, string? orgUnitIdScheme)
    {
        if (IdSchemeProblem(idScheme, dataElementIdScheme, orgUnitIdScheme) is { } scheme)
        {
            return scheme;
        }
        if (orgUnit is not { Length: > 0 })
        {
            return Problems.Field("orgUnit", FieldRules.Required.Code, "at least one orgUnit (a unit code) is required", StatusCodes.Status400BadRequest);
        }
        if (period is not { Length: > 0 })
        {
            return Problems.Field("period", FieldRules.Required.Code, "at least one period id is required", StatusCodes.Status400BadRequest);
        }
        if (orgUnit.FirstOrDefault(c => !UnitCode.IsValid(c)) is { } badCode)
        {
            return Problems.Field("orgUnit", FieldRules.UnitCode.Code, $"'{badCode}' {FieldRules.UnitCode.Message}", StatusCodes.Status400BadRequest);
        }
        var periods = new List<Period>();
        foreach (var text in period)
        {
            if (!Period.TryParse(text, out var p))
            {
                return Problems.Field("period", FieldRules.Period.Code, $"'{text}' {FieldRules.Period.Message}", StatusCodes.Status400BadRequest);
            }
            periods.Add(p);
        }
        if (dataElement?.FirstOrDefault(e => catalog.FindElement(e) is null) is { } unknown)
        {
            return Problems.Field("dataElement", FieldRules.UnknownElement.Code, $"unknown element '{unknown}'", StatusCodes.Status400BadRequest);
        }
        var units = await RequestUnits.Read(grains);
        var caller = http.User.Caller();
        var wanted = new List<(UnitKey Unit, Period Period, bool IsLeaf)>();
        foreach (var code in orgUnit.Distinct(StringComparer.Ordinal))
        {
            foreach (var p in periods.Distinct())
            {
                var unit = units.ForPeriod(code, p);
                if (await grains.Unit(unit).GetInfo() is not { } info)
                {
                    return Problems.UnitNotFound(code);
                }
                if (await scopes.Refuse(caller, unit) is { } forbidden)
                {
                    return forbidden;
                }
                wanted.Add((unit, p, info.IsLeaf));
            }
        }
        return new DataValueSetStream(grains, wanted, children ?? false, dataElement is { Length: > 0 } ? dataElement.ToHashSet(StringComparer.Ordinal) : null);
    }
}
