using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Aggregation.Gateway.Security;

/// <summary>
/// <c>Authorization: Bearer …</c>, checked by <see cref="KeyAuthenticator"/>.
/// Refusals are problem+json: 401 with <c>WWW-Authenticate: Bearer</c>, 403 naming the reason.
/// </summary>
public sealed class BearerKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    KeyAuthenticator keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("the Authorization header must be 'Bearer <key>'");
        }
        var principal = await keys.Authenticate(header["Bearer ".Length..].Trim());
        return principal is null
            ? AuthenticateResult.Fail("the key is unknown, revoked or expired")
            : AuthenticateResult.Success(new AuthenticationTicket(Access.ToClaims(principal, SchemeName), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var result = await HandleAuthenticateOnceSafeAsync();
        await Write(StatusCodes.Status401Unauthorized, "Unauthorized",
            result.Failure?.Message ?? "send an API key as 'Authorization: Bearer <key>'");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Write(StatusCodes.Status403Forbidden, "Forbidden", "the key may not do this");

    private async Task Write(int status, string title, string detail)
    {
        Response.StatusCode = status;
        await problems.TryWriteAsync(new() { HttpContext = Context, ProblemDetails = { Status = status, Title = title, Detail = detail } });
    }
}
