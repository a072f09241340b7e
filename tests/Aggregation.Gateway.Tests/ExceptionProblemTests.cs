using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;

namespace Aggregation.Gateway.Tests;

/// <summary>Failures that are not refusals still answer problem+json with a code: the cluster's 503 and the last-resort 500.</summary>
public sealed class ExceptionProblemTests
{
    private sealed class Captured : IProblemDetailsService
    {
        public ProblemDetails? Problem { get; private set; }

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            Problem = context.ProblemDetails;
            return ValueTask.CompletedTask;
        }
    }

    [Theory]
    [InlineData(typeof(SiloUnavailableException), 503, "service_unavailable")]
    [InlineData(typeof(TimeoutException), 503, "service_unavailable")]
    [InlineData(typeof(InvalidOperationException), 500, "internal_error")]
    public async Task FailuresAnswerWithTheirStatusAndCode(Type failure, int status, string code)
    {
        var written = new Captured();
        var http = new DefaultHttpContext();

        await new ProblemExceptionHandler(written, NullLogger<ProblemExceptionHandler>.Instance)
            .TryHandleAsync(http, (Exception)Activator.CreateInstance(failure)!, CancellationToken.None);

        Assert.Equal((status, status), (http.Response.StatusCode, written.Problem!.Status));
        Assert.Equal(code, written.Problem.Extensions[ProblemCodes.CodeKey]);
    }
}
