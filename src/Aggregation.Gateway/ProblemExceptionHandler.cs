using System.Text.Json;
using Aggregation.Domain.Rules;
using Aggregation.Gateway.Apis;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Orleans.Runtime;

namespace Aggregation.Gateway;

/// <summary>
/// The one place failures become problem+json: malformed requests are 400 (or the status the
/// server chose, such as 413), an unreachable cluster is 503 with Retry-After, the rest 500.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // The handler runs with the endpoint cleared; the feature keeps the one that failed, whose body type names what was expected.
        var bodyType = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        (FieldError? Field, string Message) described = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => Field(RequestProblemText.Describe(json, bodyType)),
            BadHttpRequestException bad => RequestProblemText.Describe(bad),
            JsonException json => Field(RequestProblemText.Describe(json, bodyType)),
            _ => (null, ""),
        };
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "Request body too large" : "Malformed request", Detail(described)),
            JsonException => (StatusCodes.Status400BadRequest, "Malformed JSON", Detail(described)),
            OrleansMessageRejectionException or SiloUnavailableException or TimeoutException or OrleansException =>
                (StatusCodes.Status503ServiceUnavailable, "Service temporarily unavailable", "The cluster could not answer in time; retry shortly."),
            // Orleans cancels messages it could not place in time (a silo just died); the caller did not cancel.
            OperationCanceledException when !context.RequestAborted.IsCancellationRequested =>
                (StatusCodes.Status503ServiceUnavailable, "Service temporarily unavailable", "The cluster could not place the call in time; retry shortly."),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", "An unexpected error occurred."),
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Request {Method} {Path} failed", context.Request.Method, context.Request.Path);
        }
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "1";
        }
        context.Response.StatusCode = status;
        // A request that names its faulty field answers like any validation problem: errors keyed by field, fieldErrors with codes.
        var problem = described.Field is { } field && status < 500
            ? Problems.Details(status, title, ProblemCodes.For(status), [field])
            : Problems.WithCode(new ProblemDetails(), ProblemCodes.For(status));
        (problem.Status, problem.Title, problem.Detail) = (status, title, detail);
        return await problems.TryWriteAsync(new() { HttpContext = context, Exception = exception, ProblemDetails = problem });
    }

    private static (FieldError? Field, string Message) Field(FieldError error) => (error, error.Message);

    private static string Detail((FieldError? Field, string Message) described) =>
        described.Field is { } field ? $"{field.Field}: {described.Message}" : described.Message;
}
