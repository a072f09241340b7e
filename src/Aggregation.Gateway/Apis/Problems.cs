using Aggregation.Domain.Periods;
using Aggregation.Domain.Units;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregation.Gateway.Apis;

/// <summary>problem+json answers; validation problems carry <c>errors</c> keyed by field or element.</summary>
public static class Problems
{
    public static ProblemHttpResult Validation(IReadOnlyDictionary<string, string[]> errors, int status = StatusCodes.Status422UnprocessableEntity, string? title = null) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = status,
            Title = title ?? (status == StatusCodes.Status400BadRequest ? "Malformed request" : "Validation failed"),
            Detail = string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")),
        });

    public static ProblemHttpResult Field(string field, string message, int status = StatusCodes.Status422UnprocessableEntity) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] }, status);

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult UnitNotFound(string code) => NotFound($"unit '{code}' does not exist");

    /// <summary>A path's unit code, or the 400 that explains why it is not one.</summary>
    public static ProblemHttpResult? CheckCode(string code) =>
        UnitCode.IsValid(code) ? null : Field("code", "must be 1–32 characters of A-Z, a-z, 0-9, '_' or '-'", StatusCodes.Status400BadRequest);

    /// <summary>A path's period id normalised, or the 400 that explains why it is not one.</summary>
    public static (string? Period, ProblemHttpResult? Problem) CheckPeriod(string text) =>
        Period.TryParse(text, out var p)
            ? (p.ToString(), null)
            : (null, Field("period", "must be a period id such as 2023, 2023S1, 2023Q1 or 202301", StatusCodes.Status400BadRequest));

    /// <summary>A path's unit code and period checked together; the period comes back normalised.</summary>
    public static (string? Period, ProblemHttpResult? Problem) CheckUnitAndPeriod(string code, string period) =>
        CheckCode(code) is { } bad ? (null, bad) : CheckPeriod(period);
}
