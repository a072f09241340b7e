using System.Text.Json;
using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Rules;
using Aggregation.Gateway.Import;
using Microsoft.AspNetCore.Http.HttpResults;

using Aggregation.Gateway.Security;


namespace Aggregation.Gateway.Apis;

public static class PlansApi
{
    /// <summary>Each target is a bare number (the indicator's default comparator) or <c>{comparator, value}</c>.</summary>
    public sealed record PlanBody([property: RawJson(RawJson.TargetPerKey)] Dictionary<string, JsonElement>? Targets);

    public static IEndpointRouteBuilder MapPlansApi(this IEndpointRouteBuilder app, long maxImportBytes)
    {
        var plans = app.MapGroup("/api/units/{code}/plans");
        plans.MapPut("/{year}", PutPlan).Allow(Access.Admins).WithName("PutPlan")
            .WithSummary("Set a unit's targets for a year (JSON; answers with consistency warnings), or import the plan template for the unit and units under it (a csv or xlsx file, the body or multipart field 'file'; answers an import summary)")
            .AcceptsFiles(typeof(ImportSummary)).ProducesProblems(400, 404, 422);
        // The same PUT with a file: routing tells the two apart by the body's content type; the document shows them as one operation.
        plans.MapPut("/{year}", ImportPlan).Allow(Access.Admins).WithName("ImportPlan")
            .Accepts<IFormFile>("text/csv", "application/csv", ReportSheet.XlsxContentType, "multipart/form-data")
            .ExcludeFromDescription()
            .ProducesProblems(400, 404, 422)
            .DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxImportBytes));
        plans.MapGet("/{year}", GetPlan).Allow(Access.Everyone).WithName("GetPlan").WithSummary("A unit's plan for a year with consistency warnings")
            .ProducesProblems(400, 404);
        plans.MapGet("/{year}/template.{format}", Template).Allow(Access.Everyone).WithName("GetPlanTemplate")
            .WithSummary("A plan template (csv or xlsx): the unit and each child, one column per indicator, current targets filled in")
            .ProducesFiles().ProducesProblems(400, 404);
        return app;
    }

    private static async Task<Results<Ok<PlanView>, ProblemHttpResult>> PutPlan(string code, string year, PlanBody? body, HttpContext http, IGrainFactory grains)
    {
        if (Check(code, year, out var y) is { } bad)
        {
            return bad;
        }
        if (body?.Targets is null)
        {
            return Problems.Field("targets", FieldRules.Required.Code, "a JSON object of indicator targets is required", StatusCodes.Status400BadRequest);
        }
        var targets = new Dictionary<string, PlanTargetInput>();
        var errors = new List<FieldError>();
        foreach (var (indicator, json) in body.Targets)
        {
            var (target, error) = ToTarget(json);
            if (target is not null)
            {
                targets[indicator] = target;
            }
            else
            {
                errors.Add(error!.At(indicator));
            }
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var result = await grains.Plan((await RequestUnits.Read(grains)).ForYear(code, y), y).Set(targets, http.User.Caller());
        return result.Plan is { } plan ? TypedResults.Ok(plan) : Problems.Refused(result.Refusals);
    }

    private static async Task<Results<Ok<ImportSummary>, ProblemHttpResult>> ImportPlan(
        string code, string year, bool? dryRun, HttpRequest request, IGrainFactory grains, IndicatorCatalog catalog, Scopes scopes, CancellationToken ct)
    {
        if (Check(code, year, out var y) is { } bad)
        {
            return bad;
        }
        var units = await RequestUnits.Read(grains);
        if (await grains.Unit(units.ForYear(code, y)).GetInfo() is null)
        {
            return Problems.UnitNotFound(code);
        }
        var importer = new PlanImporter(grains, scopes, units, request.HttpContext.User.Caller());
        return await ImportApi.ImportFile(request, SheetLayout.Plans(catalog), rows => importer.Import(code, y, rows, dryRun ?? false, ct), ct);
    }

    private static async Task<Results<Ok<PlanView>, ProblemHttpResult>> GetPlan(string code, string year, IGrainFactory grains)
    {
        if (Check(code, year, out var y) is { } bad)
        {
            return bad;
        }
        var unit = (await RequestUnits.Read(grains)).ForYear(code, y);
        if (await grains.Unit(unit).GetInfo() is null)
        {
            return Problems.UnitNotFound(code);
        }
        return await grains.Plan(unit, y).Get() is { } plan
            ? TypedResults.Ok(plan)
            : Problems.NotFound($"unit '{code}' has no plan for {y}", RefusalCodes.PlanNotFound);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Template(
        string code, string year, string format, IGrainFactory grains, IndicatorCatalog catalog)
    {
        if (Check(code, year, out var y) is { } bad)
        {
            return bad;
        }
        if (!Exports.Formats.Contains(format))
        {
            return Problems.NotFound("templates are template.csv or template.xlsx");
        }
        var key = (await RequestUnits.Read(grains)).ForYear(code, y);
        if (await grains.GetGrain<IQueryGrain>(0).GetUnit(key) is not { } unit)
        {
            return Problems.UnitNotFound(code);
        }
        var units = new List<(string Code, string Name)> { (unit.Code, unit.Name) };
        units.AddRange(unit.Children.Select(c => (c.Code, c.Name)));
        var plans = await grains.GetGrain<IPlanBookGrain>(y).Get(units.Select(u => key.WithCode(u.Code)).ToList());
        var (content, type, name) = ReportSheet.PlanTemplate(catalog, format, y, units.Zip(plans, (u, p) => (u.Code, u.Name, p)).ToList());
        return TypedResults.File(content, type, name);
    }

    private static ProblemHttpResult? Check(string code, string year, out int y)
    {
        y = 0;
        if (Problems.CheckCode(code) is { } bad)
        {
            return bad;
        }
        return int.TryParse(year, out y) && y is >= 1900 and <= 2999
            ? null
            : Problems.Field("year", BadYear, StatusCodes.Status400BadRequest);
    }

    private static readonly Rule BadYear = new(RefusalCodes.InvalidYear, "must be a year between 1900 and 2999");
    private static readonly Rule Shape = new(RefusalCodes.InvalidTarget, "must be a number or {\"comparator\": \">=\", \"value\": number}");

    private static (PlanTargetInput? Target, Rule? Error) ToTarget(JsonElement json)
    {
        var valueJson = json;
        string? comparator = null;
        if (json.ValueKind == JsonValueKind.Object)
        {
            if (!json.TryGetProperty("value", out valueJson))
            {
                return (null, Shape);
            }
            comparator = json.TryGetProperty("comparator", out var c) ? JsonText.Read(c) : null;
            // Present but not a string: let the domain name the comparator as invalid.
            comparator ??= json.TryGetProperty("comparator", out _) ? "?" : null;
        }
        if (valueJson.ValueKind != JsonValueKind.Number)
        {
            return (null, Shape);
        }
        // Within a decimal's range the domain says how large a target may be.
        var (value, error) = JsonNumbers.Read(valueJson, decimal.MaxValue);
        return error is null ? (new PlanTargetInput(comparator, value), null)
            : (null, error == FieldRules.Inexact ? error : FieldRules.OutOfRange);
    }
}
