using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Aggregation.Gateway.Security;

/// <summary>
/// The Orleans Dashboard's scheme. A browser cannot be told to send a bearer key, but it asks for
/// HTTP Basic credentials when challenged and then sends them with every request under the path, the
/// dashboard's own polling included: so the key is accepted as the Basic password (any user name),
/// and as a bearer key for scripts.
/// </summary>
public sealed class DashboardKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    KeyAuthenticator keys, IProblemDetailsService problems)
    : KeyHandler(options, logger, encoder, keys, problems)
{
    public const string SchemeName = "Dashboard";
    public const string BasicChallenge = "Basic realm=\"Aggregation\"";

    protected override string Challenge => BasicChallenge;

    protected override string HowToSend =>
        "the Orleans Dashboard needs an administrator key: the password of HTTP Basic (any user name), or 'Authorization: Bearer <key>'";

    protected override string Forbidden => "only administrator keys may open the Orleans Dashboard";

    protected override string? KeyFrom(string header) =>
        After(header, "Bearer") ?? (After(header, "Basic") is { } basic ? BasicPassword(basic) : null);

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
}
