namespace Aggregation.Gateway;

/// <summary>
/// The problem-level codes the gateway itself decides, one per HTTP status it answers (docs/problems.md lists
/// them all). A problem that comes from a refusal carries the refusal's code instead (one of
/// <see cref="Aggregation.Domain.Rules.RefusalCodes"/>), except validation (<see cref="ValidationFailed"/>).
/// </summary>
public static class ProblemCodes
{
    public const string CodeKey = "code";
    public const string FieldErrorsKey = "fieldErrors";

    /// <summary>One or more fields break a rule (422); <c>fieldErrors</c> says which.</summary>
    public const string ValidationFailed = "validation_failed";

    /// <summary>The request cannot be read (400): bad JSON, a bad path segment, a missing body.</summary>
    public const string MalformedRequest = "malformed_request";

    /// <summary>No key, an unknown, revoked or expired key, or a malformed <c>Authorization</c> header (401).</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>The key's role or scope does not allow this (403); an import row outside the key's scope.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>No such route, template or resource (404).</summary>
    public const string NotFound = "not_found";

    /// <summary>The route exists but not for this method (405).</summary>
    public const string MethodNotAllowed = "method_not_allowed";

    /// <summary>A conflict no refusal code names more closely (409).</summary>
    public const string Conflict = "conflict";

    /// <summary>The body exceeds the configured limit (413).</summary>
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>An import that is neither CSV nor xlsx (415).</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>The key's rate limit is reached (429); <c>Retry-After</c> says when to try again.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>An unexpected failure (500), logged.</summary>
    public const string InternalError = "internal_error";

    /// <summary>The cluster could not answer in time (503); <c>Retry-After</c> says when to try again.</summary>
    public const string ServiceUnavailable = "service_unavailable";

    /// <summary>Every problem code above, in the order they are declared.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        ValidationFailed, MalformedRequest, Unauthorized, Forbidden, NotFound, MethodNotAllowed, Conflict,
        PayloadTooLarge, UnsupportedMediaType, RateLimited, InternalError, ServiceUnavailable,
    ];

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
