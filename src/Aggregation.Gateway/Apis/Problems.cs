using System.Text.Json.Serialization;
using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Units;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Aggregation.Gateway.Apis;

/// <summary>
/// problem+json answers, the one place refusals become HTTP. Every problem carries <c>code</c>; one about
/// fields carries <c>errors</c> keyed by field or element and <c>fieldErrors: [{field, code, message}]</c>.
/// </summary>
public static class Problems
{
    /// <summary>A field's error as <c>fieldErrors</c> lists it; <c>args</c> only where the error has any.</summary>
    public sealed record FieldErrorView(
        string Field, string Code, string Message,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, NoteArg>? Args);

    /// <summary>The one mapper from grain refusals to problem+json: the first refusal's kind decides the status.</summary>
    public static ProblemHttpResult Refused(IReadOnlyList<Refusal> refusals)
    {
        var first = refusals[0];
        if (first.Kind == RefusalKind.NotFound)
        {
            return NotFound(first.Message, first.Code);
        }
        var (status, title, code) = first.Kind switch
        {
            RefusalKind.Invalid => (StatusCodes.Status422UnprocessableEntity, "Validation failed", ProblemCodes.ValidationFailed),
            RefusalKind.Malformed => (StatusCodes.Status400BadRequest, "Malformed request", ProblemCodes.MalformedRequest),
            RefusalKind.Locked => (StatusCodes.Status409Conflict, "Period approved (locked)", first.Code),
            RefusalKind.Busy => (StatusCodes.Status409Conflict, "Period busy", first.Code),
            _ => (StatusCodes.Status409Conflict, "Conflict", first.Code),
        };
        return TypedResults.Problem(Details(status, title, code, refusals.Select(r => new FieldError(r.Field ?? "body", r.Code, r.Message, r.Args))));
    }

    public static ProblemHttpResult Refused(Refusal refusal) => Refused([refusal]);

    /// <summary>Field errors found in the gateway: 422, or 400 when the request itself cannot be read.</summary>
    public static ProblemHttpResult Validation(IEnumerable<FieldError> errors, int status = StatusCodes.Status422UnprocessableEntity) =>
        TypedResults.Problem(Details(status, status == StatusCodes.Status400BadRequest ? "Malformed request" : "Validation failed",
            ProblemCodes.For(status), errors));

    public static ProblemHttpResult Field(string field, Rule rule, int status = StatusCodes.Status422UnprocessableEntity) =>
        Validation([rule.At(field)], status);

    public static ProblemHttpResult Field(string field, string code, string message, int status = StatusCodes.Status422UnprocessableEntity) =>
        Validation([new FieldError(field, code, message)], status);

    public static ProblemHttpResult NotFound(string detail, string code = ProblemCodes.NotFound) =>
        TypedResults.Problem(WithCode(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = detail }, code));

    public static ProblemHttpResult UnitNotFound(string code) => Refused(Refusal.UnitNotFound(code));

    public static ProblemHttpResult NotFound(Rule rule) => NotFound(rule.Message, rule.Code);

    /// <summary>A problem about fields: <c>errors</c> keyed by field (as clients have read it) and the same with codes in <c>fieldErrors</c>.</summary>
    public static HttpValidationProblemDetails Details(int status, string title, string code, IEnumerable<FieldError> errors)
    {
        var list = errors.ToList();
        var problem = new HttpValidationProblemDetails(list.ByField().ToDictionary(e => e.Key, e => e.Value))
        {
            Status = status,
            Title = title,
            Detail = string.Join("; ", list.ByField().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")),
        };
        problem.Extensions[ProblemCodes.FieldErrorsKey] = list.Select(e => new FieldErrorView(e.Field, e.Code, e.Message, e.Args)).ToList();
        return WithCode(problem, code);
    }

    public static T WithCode<T>(T problem, string code) where T : ProblemDetails
    {
        problem.Extensions[ProblemCodes.CodeKey] = code;
        return problem;
    }

    /// <summary>A path's unit code, or the 400 that explains why it is not one.</summary>
    public static ProblemHttpResult? CheckCode(string code) =>
        UnitCode.IsValid(code) ? null : Field("code", FieldRules.UnitCode, StatusCodes.Status400BadRequest);

    /// <summary>A path's period id normalised, or the 400 that explains why it is not one.</summary>
    public static (Period Period, ProblemHttpResult? Problem) CheckPeriod(string text) =>
        Period.TryParse(text, out var p)
            ? (p, null)
            : (default, Field("period", FieldRules.Period, StatusCodes.Status400BadRequest));

    /// <summary>A path's unit code and period checked together; the period comes back normalised.</summary>
    public static (Period Period, ProblemHttpResult? Problem) CheckUnitAndPeriod(string code, string period) =>
        CheckCode(code) is { } bad ? (default, bad) : CheckPeriod(period);
}
