using Aggregation.Contracts;
using Aggregation.Domain.Security;

namespace Aggregation.Grains;

public sealed class ApiKeyState
{
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public string Unit { get; set; } = "";
    public byte[] SecretHash { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
}

public sealed class ApiKeyGrain(
    [PersistentState("api-key", StorageNames.Default)] IPersistentState<ApiKeyState> state,
    TimeProvider clock) : Grain, IApiKeyGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<bool> Create(NewApiKey key)
    {
        if (state.RecordExists)
        {
            return false;
        }
        state.State = new ApiKeyState
        {
            Name = key.Name, Role = key.Role, Unit = key.Unit, SecretHash = key.SecretHash,
            CreatedAt = clock.GetUtcNow(), CreatedBy = key.CreatedBy, ExpiresAt = key.ExpiresAt,
        };
        await state.WriteStateAsync();
        return true;
    }

    public Task<KeyPrincipal?> Authenticate(byte[] secretHash)
    {
        var s = state.State;
        // The hash is compared even for a revoked or expired key, so the answer takes the same time.
        var matches = state.RecordExists && ApiKeyToken.Matches(s.SecretHash, secretHash);
        var usable = matches && s.RevokedAt is null && (s.ExpiresAt is null || s.ExpiresAt > clock.GetUtcNow());
        return Task.FromResult(usable ? new KeyPrincipal(Id, s.Name, s.Role, s.Unit) : null);
    }

    public Task<ApiKeyView?> Get() => Task.FromResult(View());

    public async Task<ApiKeyView?> Revoke(string by)
    {
        if (!state.RecordExists)
        {
            return null;
        }
        if (state.State.RevokedAt is null)
        {
            state.State.RevokedAt = clock.GetUtcNow();
            state.State.RevokedBy = by;
            await state.WriteStateAsync();
        }
        return View();
    }

    private ApiKeyView? View() => state.RecordExists
        ? new ApiKeyView(Id, state.State.Name, state.State.Role, state.State.Unit, state.State.CreatedAt, state.State.CreatedBy,
            state.State.ExpiresAt, state.State.RevokedAt)
        : null;
}

public sealed class KeyIndexGrain(
    [PersistentState("key-index", StorageNames.Default)] IPersistentState<IdListState> state) : IdListGrain(state), IKeyIndexGrain;
