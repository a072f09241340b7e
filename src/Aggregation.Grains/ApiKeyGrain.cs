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

    /// <summary>The key's creation and revocation, with who.</summary>
    public List<AuditEntry> Audit { get; set; } = [];
}

public sealed class ApiKeyGrain(
    [PersistentState("api-key", StorageNames.Default)] IPersistentState<ApiKeyState> state,
    TimeProvider clock) : Grain, IApiKeyGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<bool> Create(NewApiKey key, KeyPrincipal by)
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
        // Listed before it is stored: a crash in between leaves an id that lists as nothing, never a working key no list shows.
        await GrainFactory.GetGrain<IKeyIndexGrain>(0).Add(Id);
        await this.Write(GrainFactory, state, state.State.Audit, AuditSubjects.Key(Id), AuditEntry.Of(
            state.State.CreatedAt, by, "key", "create", ScopeUnit, null, Id, new { key.Name, key.Role, key.Unit, key.ExpiresAt }, null));
        return true;
    }

    public Task<IReadOnlyList<AuditEntry>> GetAudit() => AuditedWrite.Trail(state.State.Audit);

    /// <summary>The unit an entry about this key belongs to: its scope, none for an admin key of everything.</summary>
    private string? ScopeUnit => Scope.Length > 0 ? Scope : null;

    /// <summary>
    /// The key's unit; none for an admin key, which covers everything. Admin keys with a unit are
    /// refused now, but one stored earlier must not claim a scope it never had.
    /// </summary>
    private string Scope => state.State.Role == Role.Admin.Name() ? "" : state.State.Unit;

    public Task<KeyPrincipal?> Authenticate(byte[] secretHash)
    {
        var s = state.State;
        // The hash is compared even for a revoked or expired key, so the answer takes the same time.
        var matches = state.RecordExists && ApiKeyToken.Matches(s.SecretHash, secretHash);
        var usable = matches && s.RevokedAt is null && (s.ExpiresAt is null || s.ExpiresAt > clock.GetUtcNow());
        return Task.FromResult(usable ? new KeyPrincipal(Id, s.Name, s.Role, Scope) : null);
    }

    public Task<ApiKeyView?> Get() => Task.FromResult(View());

    public async Task<ApiKeyView?> Revoke(KeyPrincipal by)
    {
        if (!state.RecordExists)
        {
            return null;
        }
        if (state.State.RevokedAt is null)
        {
            var previous = View();
            state.State.RevokedAt = clock.GetUtcNow();
            state.State.RevokedBy = by.Signature();
            await this.Write(GrainFactory, state, state.State.Audit, AuditSubjects.Key(Id), AuditEntry.Of(
                state.State.RevokedAt.Value, by, "key", "revoke", ScopeUnit, null, Id, View(), previous));
        }
        return View();
    }

    private ApiKeyView? View() => state.RecordExists
        ? new ApiKeyView(Id, state.State.Name, state.State.Role, Scope, state.State.CreatedAt, state.State.CreatedBy,
            state.State.ExpiresAt, state.State.RevokedAt)
        : null;
}

public sealed class KeyIndexGrain(
    [PersistentState("key-index", StorageNames.Default)] IPersistentState<IdListState> state) : IdListGrain(state), IKeyIndexGrain;
