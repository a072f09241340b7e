using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Aggregation.Gateway.Security;

/// <summary>
/// <c>Authorization: Bearer …</c>, the scheme of everything under <c>/api</c>; the same key is taken as
/// <c>Authorization: ApiToken …</c>, what DHIS2 and its tools send for a personal access token.
/// </summary>
public sealed class BearerKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    KeyAuthenticator keys, IProblemDetailsService problems)
    : KeyHandler(options, logger, encoder, keys, problems)
{
    public const string SchemeName = "Bearer";

    protected override string Challenge => "Bearer";

    protected override string HowToSend => "send an API key as 'Authorization: Bearer <key>' (or 'ApiToken <key>')";

    protected override string Forbidden => "the key may not do this";

    protected override string? KeyFrom(string header) => After(header, "Bearer") ?? After(header, "ApiToken");
}
