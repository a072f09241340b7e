using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Aggregation.Gateway.Security;

/// <summary>
/// A scheme that takes an API key out of the <c>Authorization</c> header and checks it with
/// <see cref="KeyAuthenticator"/>. Refusals are problem+json: 401 with the scheme's challenge, 403 naming the reason.
/// </summary>
public abstract class KeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    KeyAuthenticator keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The <c>WWW-Authenticate</c> value of a 401.</summary>
    protected abstract string Challenge { get; }

    /// <summary>What a 401 says when no key was sent, and what a malformed header is told.</summary>
    protected abstract string HowToSend { get; }

    /// <summary>What a 403 says.</summary>
    protected abstract string Forbidden { get; }

    /// <summary>The key in an <c>Authorization</c> header value, or null when the header is not of an accepted form.</summary>
    protected abstract string? KeyFrom(string header);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        if (KeyFrom(header) is not { } key)
        {
            return AuthenticateResult.Fail(HowToSend);
        }
        var principal = await keys.Authenticate(key);
        return principal is null
            ? AuthenticateResult.Fail("the key is unknown, revoked or expired")
            : AuthenticateResult.Success(new AuthenticationTicket(Access.ToClaims(principal, Scheme.Name), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = Challenge;
        var result = await HandleAuthenticateOnceSafeAsync();
        await Write(StatusCodes.Status401Unauthorized, "Unauthorized", result.Failure?.Message ?? HowToSend);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Write(StatusCodes.Status403Forbidden, "Forbidden", Forbidden);

    /// <summary>The text after <paramref name="scheme"/> and a space, or null when the header is of another scheme.</summary>
    protected static string? After(string header, string scheme) =>
        header.StartsWith(scheme + " ", StringComparison.OrdinalIgnoreCase) ? header[(scheme.Length + 1)..].Trim() : null;

    private async Task Write(int status, string title, string detail)
    {
        Response.StatusCode = status;
        await problems.TryWriteAsync(new()
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = { [ProblemCodes.CodeKey] = ProblemCodes.For(status) } },
        });
    }
}
