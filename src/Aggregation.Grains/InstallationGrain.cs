using Aggregation.Contracts;

namespace Aggregation.Grains;

public sealed class InstallationState
{
    public bool Initialized { get; set; }
    public string How { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
}

public sealed class InstallationGrain(
    [PersistentState("installation", StorageNames.Default)] IPersistentState<InstallationState> state,
    TimeProvider clock) : Grain, IInstallationGrain
{
    /// <summary>A claimant that died during setup blocks others only this long.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    public Task<bool> IsInitialized() => Task.FromResult(state.State.Initialized);

    public async Task<bool> TryClaimSetup(string by)
    {
        var now = clock.GetUtcNow();
        if (state.State.Initialized || state.State.ClaimedAt > now - ClaimLease)
        {
            return false;
        }
        state.State.ClaimedBy = by;
        state.State.ClaimedAt = now;
        await state.WriteStateAsync();
        return true;
    }

    public async Task MarkInitialized(string how)
    {
        state.State = new InstallationState { Initialized = true, How = how, At = clock.GetUtcNow() };
        await state.WriteStateAsync();
    }
}
