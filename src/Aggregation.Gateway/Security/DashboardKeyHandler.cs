using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Aggregation.Gateway.Security;

/// <summary>
/// The Orleans Dashboard's scheme. A browser cannot be told to send a bearer key, but it asks for
/// HTTP Basic credentials when challenged and then sends them with every request under the path, the
/// dashboard's own polling included: so the key is accepted as the Basic password (any user name),
/// and as a bearer key for scripts. Refusals are problem+json: 401 with a Basic challenge.
/// </summary>
public sealed class DashboardKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    KeyAuthenticator keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Dashboard";
    public const string Challenge = "Basic realm=\"Aggregation\"";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim()
            : header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) ? BasicPassword(header["Basic ".Length..].Trim())
            : null;
        if (token is null)
        {
            return AuthenticateResult.Fail("send the administrator key as the password of HTTP Basic, or as 'Authorization: Bearer <key>'");
        }
        var principal = await keys.Authenticate(token);
        return principal is null
            ? AuthenticateResult.Fail("the key is unknown, revoked or expired")
            : AuthenticateResult.Success(new AuthenticationTicket(Access.ToClaims(principal, SchemeName), SchemeName));
    }

    /// <summary>The password of <c>base64(user:password)</c>, or null when the credentials are not that.</summary>
    private static string? BasicPassword(string encoded)
    {
        var bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length))
        {
            return null;
        }
        var credentials = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = credentials.IndexOf(':');
        return colon < 0 ? null : credentials[(colon + 1)..];
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = Challenge;
        var result = await HandleAuthenticateOnceSafeAsync();
        await Write(StatusCodes.Status401Unauthorized, "Unauthorized",
            result.Failure?.Message ?? "the Orleans Dashboard needs an administrator key (HTTP Basic: any user name, the key as password)");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Write(StatusCodes.Status403Forbidden, "Forbidden", "only administrator keys may open the Orleans Dashboard");

    private async Task Write(int status, string title, string detail)
    {
        Response.StatusCode = status;
        await problems.TryWriteAsync(new() { HttpContext = Context, ProblemDetails = { Status = status, Title = title, Detail = detail } });
    }
}
