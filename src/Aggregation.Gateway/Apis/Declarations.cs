using Aggregation.Gateway.Import;
using Aggregation.Gateway.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Aggregation.Gateway.Apis;

/// <summary>
/// What an endpoint declares in <c>/openapi/v1.json</c> beyond its parameters and its <c>Results&lt;…&gt;</c>: problem+json
/// with each status only where the endpoint can really answer it (400 and 422 carry field errors: <c>errors</c>,
/// <c>fieldErrors</c>), and the files it answers or takes. None of it changes how a request is routed or answered.
/// </summary>
public static class Declarations
{
    /// <summary>The statuses the handler itself answers: its checks of path, query and body, and the refusals of the grains it calls.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(Declared(status));
        }
        return builder;
    }

    /// <summary>A 200 that can be a csv or xlsx file (a template, or an export asked for with <c>?format=</c>); <see cref="ApiDocument"/> writes it in.</summary>
    public static TBuilder ProducesFiles<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new FileAnswers(["text/csv", ReportSheet.XlsxContentType]));

    /// <summary>
    /// A body that is a csv or xlsx file, or multipart/form-data with the file in <c>file</c>. Not <c>Accepts</c>: routing would
    /// then refuse other types itself, with a 415 that does not name the <c>file</c> field as the endpoint's own does.
    /// <paramref name="answer"/>: what a file is answered with where a JSON body is answered otherwise.
    /// </summary>
    public static TBuilder AcceptsFiles<TBuilder>(this TBuilder builder, Type? answer = null) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new FileUpload(["text/csv", "application/csv", ReportSheet.XlsxContentType], "file", answer));

    /// <summary>A body that is a csv file, or multipart/form-data with it in <c>file</c>; <paramref name="optional"/> when the operation can go without one.</summary>
    public static TBuilder AcceptsCsv<TBuilder>(this TBuilder builder, bool optional = false) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new FileUpload(["text/csv", "application/csv"], "file", null, !optional));

    /// <summary>
    /// The statuses the pipeline in front of a handler answers, read from the same metadata that makes it answer them:
    /// 401 where a key is required; 403 where the endpoint admits only some roles or its route names a unit (the key's scope);
    /// for a JSON body, 400 (unreadable JSON), 413 (too large) and 415 (not JSON); 429 (the key's rate limit) and 503 (the cluster) everywhere.
    /// </summary>
    public static TBuilder ProducesPipelineProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            var metadata = endpoint.Metadata;
            var statuses = new List<int>();
            if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                statuses.Add(StatusCodes.Status401Unauthorized);
                var rule = metadata.OfType<AccessRule>().LastOrDefault();
                var scoped = endpoint is RouteEndpointBuilder route && route.RoutePattern.GetParameter(Access.ScopeRoute) is not null;
                if (rule is null || !Access.Everyone.All(rule.Roles.Contains) || scoped)
                {
                    statuses.Add(StatusCodes.Status403Forbidden);
                }
            }
            if (metadata.OfType<IAcceptsMetadata>().LastOrDefault() is { ContentTypes.Count: > 0 })
            {
                statuses.AddRange([StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType]);
            }
            statuses.AddRange([StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable]);
            var declared = metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).ToHashSet();
            foreach (var status in statuses.Where(declared.Add))
            {
                metadata.Add(Declared(status));
            }
        });
        return builder;
    }

    private static ProducesResponseTypeMetadata Declared(int status) => new(status,
        status is StatusCodes.Status400BadRequest or StatusCodes.Status422UnprocessableEntity ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails),
        ["application/problem+json"]);
}

/// <summary>The file types an endpoint's 200 can carry besides what its <c>Results&lt;…&gt;</c> declare.</summary>
public sealed record FileAnswers(IReadOnlyList<string> ContentTypes);

/// <summary>
/// A request body that is a file of one of these types, or multipart/form-data with it in the field <paramref name="Field"/>;
/// its 200 is <paramref name="Answer"/> where that is not what the operation answers a JSON body; not <paramref name="Required"/>
/// where the operation can go without a body.
/// </summary>
public sealed record FileUpload(IReadOnlyList<string> ContentTypes, string Field, Type? Answer = null, bool Required = true);
