using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Aggregation.Gateway.Tests;

/// <summary>
/// Watches every answer of a test gateway: a problem that one of the API's operations answers without declaring it
/// in /openapi/v1.json is noted, and <see cref="GatewayFactory"/> throws <see cref="UndeclaredAnswerException"/> when disposed. So each test that provokes a
/// refusal also checks the document (500 is no answer an operation declares: it is a bug wherever it appears).
/// </summary>
public sealed class DeclaredAnswers : IStartupFilter
{
    private readonly ConcurrentQueue<string> _undeclared = new();

    public IReadOnlyCollection<string> Undeclared => _undeclared;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, inner) =>
        {
            await inner(context);
            // The exception handler clears the endpoint it handled a failure for; its feature keeps it.
            var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
            var status = context.Response.StatusCode;
            // 499 is no answer: the client went away (a page navigating on) and the exception handler notes it for the log only.
            if (status >= 400 && status is not (StatusCodes.Status500InternalServerError or StatusCodes.Status499ClientClosedRequest)
                && endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>() is { } name
                && !endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status))
            {
                _undeclared.Enqueue($"{name.EndpointName} answered {status} to {context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            }
        });
        next(app);
    };
}

/// <summary>Problems answered by operations that do not declare them (a class fixture's cleanup failure names only this type).</summary>
public sealed class UndeclaredAnswerException(IEnumerable<string> answers)
    : Exception("answers /openapi/v1.json does not declare:\n" + string.Join("\n", answers.Distinct()));
