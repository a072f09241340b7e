using Aggregation.Contracts;

namespace Aggregation.Grains;

public sealed class AuditState
{
    /// <summary>Subjects (<see cref="AuditSubjects"/>) that changed this day.</summary>
    public List<string> Subjects { get; set; } = [];
}

/// <summary>
/// One bucket of one day of the audit index (key: <see cref="GrainKeys.Audit"/>). Days let a
/// time-filtered query read only the days it covers; buckets keep each note's rewrite small, and a
/// bulk load notes its units in one write per bucket (<see cref="NoteAll"/>).
/// </summary>
public sealed class AuditGrain(
    [PersistentState("audit", StorageNames.Default)] IPersistentState<AuditState> state) : Grain, IAuditGrain
{
    public Task Note(string subject) => NoteAll([subject]);

    public async Task NoteAll(IReadOnlyList<string> subjects)
    {
        var known = state.State.Subjects.ToHashSet(StringComparer.Ordinal);
        var added = subjects.Where(known.Add).ToList();
        if (added.Count == 0)
        {
            return;
        }
        if (state.State.Subjects.Count == 0)
        {
            // The index learns of this bucket before the bucket holds anything, so a query never overlooks it.
            await GrainFactory.GetGrain<IAuditIndexGrain>(0).Add(this.GetPrimaryKeyString());
        }
        state.State.Subjects.AddRange(added);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Subjects.RemoveRange(state.State.Subjects.Count - added.Count, added.Count);
            throw;
        }
    }

    public Task<AuditDay> List() => Task.FromResult(new AuditDay(state.State.Subjects.ToList()));
}

/// <summary>The audit-day grains that hold notes (<c>yyyy-MM-dd/NN</c>): a query reads only those.</summary>
public sealed class AuditIndexGrain(
    [PersistentState("audit-index", StorageNames.Default)] IPersistentState<IdListState> state) : IdListGrain(state), IAuditIndexGrain;
