using System.Security.Claims;
using System.Text.Encodings.Web;
using Aggregation.Contracts;
using Aggregation.Domain.Security;
using Aggregation.Silo;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Aggregation.Gateway.Security;

/// <summary>
/// <c>Authorization: Bearer …</c>: the configured bootstrap key (compared by hash, in constant time),
/// or a token <c>agg_{id}_{secret}</c> checked by the key's own grain in one call.
/// Refusals are problem+json: 401 with <c>WWW-Authenticate: Bearer</c>, 403 naming the reason.
/// </summary>
public sealed class BearerKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IGrainFactory grains, AggregationOptions settings, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string ConfiguredAdminId = "admin";

    private readonly byte[]? _configuredAdminHash =
        string.IsNullOrEmpty(settings.Security.AdminKey) ? null : ApiKeyToken.Hash(settings.Security.AdminKey);

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
        var token = header["Bearer ".Length..].Trim();
        var principal = await Authenticate(token);
        return principal is null
            ? AuthenticateResult.Fail("the key is unknown, revoked or expired")
            : AuthenticateResult.Success(new AuthenticationTicket(Access.ToClaims(principal, SchemeName), SchemeName));
    }

    private async Task<KeyPrincipal?> Authenticate(string token)
    {
        if (_configuredAdminHash is not null && ApiKeyToken.Matches(_configuredAdminHash, ApiKeyToken.Hash(token)))
        {
            return new KeyPrincipal(ConfiguredAdminId, "administrator (configured)", Role.Admin.Name(), "");
        }
        return ApiKeyToken.TryParse(token, out var id, out var secret)
            ? await grains.GetGrain<IApiKeyGrain>(id).Authenticate(ApiKeyToken.Hash(secret))
            : null;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
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
