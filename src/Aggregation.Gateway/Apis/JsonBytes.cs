using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Aggregation.Gateway.Apis;

/// <summary>
/// A 200 answer of <typeparamref name="T"/> already written as JSON (an answer kept by the gateway), described in the
/// API's document as an <c>Ok</c> of <typeparamref name="T"/> is.
/// </summary>
public sealed class JsonBytes<T>(byte[] json) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => "application/json; charset=utf-8";

    public Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = ContentType;
        http.Response.ContentLength = json.Length;
        return http.Response.Body.WriteAsync(json, http.RequestAborted).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
