using Aggregation.Contracts;

namespace Aggregation.Grains;

public sealed class AuditState
{
    public List<AuditEntry> Entries { get; set; } = [];
}

/// <summary>
/// One bucket of one day of the audit log (key: <see cref="GrainKeys.Audit"/>). Days let a
/// time-filtered query read only the days it covers; buckets keep each append's rewrite small
/// (creating a national tree writes 11,000 unit entries in minutes); entries about one subject
/// share a bucket, so their order is the order they were accepted.
/// </summary>
public sealed class AuditGrain(
    [PersistentState("audit", StorageNames.Default)] IPersistentState<AuditState> state) : Grain, IAuditGrain
{
    public async Task Append(AuditEntry entry)
    {
        var first = state.State.Entries.Count == 0;
        state.State.Entries.Add(entry);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Entries.RemoveAt(state.State.Entries.Count - 1);
            throw;
        }
        if (first)
        {
            await GrainFactory.GetGrain<IAuditIndexGrain>(0).Add(this.GetPrimaryKeyString());
        }
    }

    public Task<IReadOnlyList<AuditEntry>> List() => Task.FromResult<IReadOnlyList<AuditEntry>>(state.State.Entries.ToList());
}

/// <summary>The audit-log grains that hold entries (<c>yyyy-MM-dd/NN</c>): a query reads only those.</summary>
public sealed class AuditIndexGrain(
    [PersistentState("audit-index", StorageNames.Default)] IPersistentState<IdListState> state) : IdListGrain(state), IAuditIndexGrain;

public sealed class UnitRootsGrain(
    [PersistentState("unit-roots", StorageNames.Default)] IPersistentState<IdListState> state) : IdListGrain(state), IUnitRootsGrain
{
    public Task Set(string unit, bool isRoot) => isRoot ? Add(unit) : Remove(unit);
}
