using Aggregation.Contracts;
using Aggregation.Domain.Security;
using Aggregation.Silo;

namespace Aggregation.Gateway.Security;

/// <summary>
/// Who a key is: the configured bootstrap key (compared by hash, in constant time), or a token
/// <c>agg_{id}_{secret}</c> checked by the key's own grain in one call. Shared by the API's bearer
/// scheme and the Orleans Dashboard's scheme, so both accept exactly the same keys.
/// </summary>
public sealed class KeyAuthenticator(IGrainFactory grains, AggregationOptions settings)
{
    public const string ConfiguredAdminId = "admin";

    private readonly byte[]? _configuredAdminHash =
        string.IsNullOrEmpty(settings.Security.AdminKey) ? null : ApiKeyToken.Hash(settings.Security.AdminKey);

    /// <summary>The key's principal, or null when it is unknown, revoked or expired.</summary>
    public async Task<KeyPrincipal?> Authenticate(string token)
    {
        if (_configuredAdminHash is not null && ApiKeyToken.Matches(_configuredAdminHash, ApiKeyToken.Hash(token)))
        {
            return new KeyPrincipal(ConfiguredAdminId, "administrator (configured)", Role.Admin.Name(), "");
        }
        return ApiKeyToken.TryParse(token, out var id, out var secret)
            ? await grains.GetGrain<IApiKeyGrain>(id).Authenticate(ApiKeyToken.Hash(secret))
            : null;
    }
}
