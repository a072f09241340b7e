using Aggregation.Domain.Periods;
using System.Text.Json;
using Aggregation.Contracts;
using Aggregation.Domain.Reports;
using Aggregation.Domain.Rules;
using Microsoft.AspNetCore.Http.HttpResults;

using Aggregation.Gateway.Security;

namespace Aggregation.Gateway.Apis;

public static class ReportsApi
{
    /// <summary>Values arrive as raw JSON so that a string or null is reported against its element, not as a malformed body.</summary>
    public sealed record ReportBody([property: RawJson(RawJson.NumberPerKey)] Dictionary<string, JsonElement>? Values, int? ExpectedVersion = null);

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/units/{code}/reports");
        reports.MapPut("/{period}", PutReport).Allow(Access.Reporters).WithName("PutReport").WithSummary("Submit a new version of a leaf's report for a period")
            .ProducesProblems(400, 404, 409, 422);
        reports.MapGet("/{period}", GetReport).Allow(Access.Everyone).WithName("GetReport").WithSummary("The latest version of a report")
            .ProducesProblems(400, 404);
        reports.MapGet("/{period}/history", GetHistory).Allow(Access.Everyone).WithName("GetReportHistory").WithSummary("Every version of a report, oldest first")
            .ProducesProblems(400, 404);
        return app;
    }

    private static async Task<Results<Ok<ReportReceipt>, ProblemHttpResult>> PutReport(string code, string period, ReportBody? body, HttpContext http, IGrainFactory grains)
    {
        if (Problems.CheckCode(code) is { } badCode)
        {
            return badCode;
        }
        var (normalized, badPeriod) = Problems.CheckPeriod(period);
        if (badPeriod is not null)
        {
            return badPeriod;
        }
        if (body?.Values is null)
        {
            return Problems.Field("values", FieldRules.Required.Code, "a JSON object of element values is required", StatusCodes.Status400BadRequest);
        }
        var (values, errors) = ToNumbers(body.Values);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var caller = http.User.Caller();
        var result = await grains.Unit((await RequestUnits.Read(grains)).ForPeriod(code, normalized)).Submit(normalized, new ReportSubmission(values, body.ExpectedVersion, caller.Signature(), SubmittedByKey: caller.Id));
        if (result.Receipt is { } receipt)
        {
            return TypedResults.Ok(receipt);
        }
        var refused = Problems.Refused(result.Refusals);
        if (result.Refusals[0].Kind == RefusalKind.Conflict && result.CurrentVersion is { } current)
        {
            // What to send as expectedVersion after reloading, without parsing the message.
            refused.ProblemDetails.Extensions["currentVersion"] = current;
        }
        return refused;
    }

    private static async Task<Results<Ok<ReportView>, ProblemHttpResult>> GetReport(string code, string period, IGrainFactory grains)
    {
        var (normalized, bad) = Problems.CheckUnitAndPeriod(code, period);
        if (bad is not null)
        {
            return bad;
        }
        var unit = (await RequestUnits.Read(grains)).ForPeriod(code, normalized);
        if (await grains.Unit(unit).GetInfo() is null)
        {
            return Problems.UnitNotFound(code);
        }
        return await grains.Commune(unit).GetReport(normalized) is { } report
            ? TypedResults.Ok(report)
            : Problems.NotFound($"unit '{code}' has no report for {normalized}", RefusalCodes.ReportNotFound);
    }

    private static async Task<Results<Ok<IReadOnlyList<ReportView>>, ProblemHttpResult>> GetHistory(string code, string period, IGrainFactory grains)
    {
        var (normalized, bad) = Problems.CheckUnitAndPeriod(code, period);
        if (bad is not null)
        {
            return bad;
        }
        var unit = (await RequestUnits.Read(grains)).ForPeriod(code, normalized);
        if (await grains.Unit(unit).GetInfo() is null)
        {
            return Problems.UnitNotFound(code);
        }
        return TypedResults.Ok(await grains.Commune(unit).GetHistory(normalized));
    }

    /// <summary>JSON values to the decimals they exactly are; anything else is an error on its element.</summary>
    private static (Dictionary<string, decimal> Values, List<FieldError> Errors) ToNumbers(Dictionary<string, JsonElement> raw)
    {
        var values = new Dictionary<string, decimal>();
        var errors = new List<FieldError>();
        foreach (var (element, json) in raw)
        {
            if (json.ValueKind != JsonValueKind.Number)
            {
                errors.Add(ReportValidator.DescribeNonNumber(JsonText.Read(json)).At(element));
                continue;
            }
            // Beyond 1e15 the validator's own words apply; only what a decimal cannot hold is refused here.
            var (value, error) = JsonNumbers.Read(json, decimal.MaxValue);
            if (error is null)
            {
                values[element] = value;
            }
            else
            {
                errors.Add((error == FieldRules.Inexact ? error : json.GetRawText().StartsWith('-') ? FieldRules.Negative : FieldRules.AboveMax).At(element));
            }
        }
        return (values, errors);
    }
}
