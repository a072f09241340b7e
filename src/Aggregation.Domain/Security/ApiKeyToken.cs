using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Aggregation.Domain.Security;

/// <summary>
/// Bearer tokens <c>agg_{id}_{secret}</c>: the id names the key, so checking a token is one lookup;
/// the secret is 256 random bits (base64url), kept only as its SHA-256. A hash of a high-entropy
/// secret needs no salt or slow KDF: there is nothing to guess from a dictionary.
/// </summary>
public static partial class ApiKeyToken
{
    public const string Prefix = "agg_";
    private const int SecretBytes = 32;

    /// <summary>A new key id: 12 lowercase hex characters (not secret, only unique).</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>A new secret: 256 random bits, base64url without padding.</summary>
    public static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Format(string id, string secret) => $"{Prefix}{id}_{secret}";

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>Splits a token into its key id and secret; false for anything not shaped like one.</summary>
    public static bool TryParse(string? token, [NotNullWhen(true)] out string? id, [NotNullWhen(true)] out string? secret)
    {
        id = secret = null;
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = token.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator <= 0 || separator == rest.Length - 1)
        {
            return false;
        }
        var candidate = rest[..separator].ToString();
        if (!IsValidId(candidate))
        {
            return false;
        }
        (id, secret) = (candidate, rest[(separator + 1)..].ToString());
        return true;
    }

    /// <summary>SHA-256 of a secret (or of a whole configured key), the only form ever stored.</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Constant-time comparison, so timing tells nothing about how much of a hash matched.</summary>
    public static bool Matches(byte[] storedHash, byte[] presentedHash) =>
        CryptographicOperations.FixedTimeEquals(storedHash, presentedHash);

    [GeneratedRegex(@"^[a-z0-9]{1,32}\z")]
    private static partial Regex IdPattern();
}
