using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
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
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "Request body too large" : "Malformed request", Describe(bad)),
            JsonException json => (StatusCodes.Status400BadRequest, "Malformed JSON", json.Message),
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
        return await problems.TryWriteAsync(new()
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    private static string Describe(BadHttpRequestException bad) =>
        bad.InnerException is JsonException json ? $"The body is not valid JSON: {json.Message}" : bad.Message;
}
