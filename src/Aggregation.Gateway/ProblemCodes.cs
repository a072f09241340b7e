namespace Aggregation.Gateway;

/// <summary>
/// The problem-level codes the gateway itself decides (docs/problems.md lists them all). A problem that
/// comes from a grain's refusal carries the refusal's code instead, except validation (<see cref="ValidationFailed"/>).
/// </summary>
public static class ProblemCodes
{
    public const string CodeKey = "code";
    public const string FieldErrorsKey = "fieldErrors";

    public const string ValidationFailed = "validation_failed";
    public const string MalformedRequest = "malformed_request";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string Conflict = "conflict";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string RateLimited = "rate_limited";
    public const string InternalError = "internal_error";
    public const string ServiceUnavailable = "service_unavailable";

    /// <summary>The code of a problem that names nothing more specific than its status.</summary>
    public static string For(int status) => status switch
    {
        400 => MalformedRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        422 => ValidationFailed,
        429 => RateLimited,
        503 => ServiceUnavailable,
        >= 500 => InternalError,
        _ => MalformedRequest,
    };
}
