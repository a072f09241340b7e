using Aggregation.Contracts;

namespace Aggregation.Grains;

public sealed class InstallationState
{
    public bool Initialized { get; set; }
    public string How { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

public sealed class InstallationGrain(
    [PersistentState("installation", StorageNames.Default)] IPersistentState<InstallationState> state,
    TimeProvider clock) : Grain, IInstallationGrain
{
    public Task<bool> IsInitialized() => Task.FromResult(state.State.Initialized);

    public async Task MarkInitialized(string how)
    {
        state.State = new InstallationState { Initialized = true, How = how, At = clock.GetUtcNow() };
        await state.WriteStateAsync();
    }
}
