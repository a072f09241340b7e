using Orleans.Concurrency;

namespace Aggregation.Contracts;

/// <summary>One API key (key: the key id). Holds only the SHA-256 of its secret.</summary>
[Alias("agg.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey, IAuditSubject
{
    /// <summary>Stores a new key; false (nothing stored) when a key with this id exists already.</summary>
    [Alias("Create")]
    Task<bool> Create(NewApiKey key, KeyPrincipal by);

    /// <summary>
    /// The key's holder when <paramref name="secretHash"/> matches (constant time) and the key is
    /// neither revoked nor expired; otherwise null. The one call that authenticates a request.
    /// </summary>
    [AlwaysInterleave, Alias("Authenticate")]
    Task<KeyPrincipal?> Authenticate(byte[] secretHash);

    /// <summary>The key as listed (never its hash), or null.</summary>
    [AlwaysInterleave, Alias("Get")]
    Task<ApiKeyView?> Get();

    /// <summary>Revokes the key from now on; null when there is no such key. Revoking twice keeps the first time.</summary>
    [Alias("Revoke")]
    Task<ApiKeyView?> Revoke(KeyPrincipal by);
}

/// <summary>Every key id ever created (key 0), for listing.</summary>
[Alias("agg.IKeyIndexGrain")]
public interface IKeyIndexGrain : IGrainWithIntegerKey
{
    [Alias("Add")]
    Task Add(string id);

    /// <summary>Ids of every key, oldest first.</summary>
    [AlwaysInterleave, Alias("List")]
    Task<IReadOnlyList<string>> List();
}

/// <summary>A key to store. <see cref="Role"/> is the API name (<c>admin</c>, …); <see cref="Unit"/> its scope.</summary>
[GenerateSerializer, Immutable, Alias("agg.new-api-key")]
public sealed record NewApiKey(
    [property: Id(0)] string Name,
    [property: Id(1)] string Role,
    [property: Id(2)] string Unit,
    [property: Id(3)] DateTimeOffset? ExpiresAt,
    [property: Id(4)] byte[] SecretHash,
    [property: Id(5)] string CreatedBy);

/// <summary>Who is calling: the key's id, name, role and the root of its scope.</summary>
[GenerateSerializer, Immutable, Alias("agg.key-principal")]
public sealed record KeyPrincipal([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] string Role, [property: Id(3)] string Unit)
{
    /// <summary>Who acts for the service itself: the sample loader and the bootstrap admin key.</summary>
    public static KeyPrincipal System { get; } = new("system", "system", "admin", "");

    /// <summary>How a change names its author (a report's history, an approval): the key's name and id.</summary>
    public string Signature() => $"{Name} ({Id})";
}

/// <summary>A key as <c>GET /api/keys</c> shows it: no secret and no hash.</summary>
[GenerateSerializer, Immutable, Alias("agg.api-key")]
public sealed record ApiKeyView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Role,
    [property: Id(3)] string Unit,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string CreatedBy,
    [property: Id(6)] DateTimeOffset? ExpiresAt,
    [property: Id(7)] DateTimeOffset? RevokedAt);
