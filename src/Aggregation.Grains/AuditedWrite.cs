using Aggregation.Contracts;

namespace Aggregation.Grains;

/// <summary>
/// How a subject grain stores a change together with its audit entry: the subject is noted in the
/// day's audit index first (so a query finds it even if the process dies right after the write), then
/// the entry joins the subject's trail and both are written in one storage write.
/// </summary>
internal static class AuditedWrite
{
    /// <summary>
    /// Writes <paramref name="state"/> with <paramref name="entry"/> appended to <paramref name="trail"/>.
    /// When the write fails the grain deactivates, so its next call reloads what is stored, not the change.
    /// </summary>
    public static async Task Write<TState>(this Grain grain, IGrainFactory grains, IPersistentState<TState> state,
        List<AuditEntry> trail, string subject, AuditEntry entry)
    {
        await Note(grains, subject, entry);
        trail.Add(entry);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Notes the subject in the audit index of the entry's day: before the write that stores the entry.</summary>
    public static Task Note(IGrainFactory grains, string subject, AuditEntry entry) =>
        grains.GetGrain<IAuditGrain>(GrainKeys.Audit(entry.At, subject)).Note(subject);

    /// <summary>A subject's trail as <see cref="IAuditSubject.GetAudit"/> answers it: a copy, empty when it has none yet.</summary>
    public static Task<IReadOnlyList<AuditEntry>> Trail(List<AuditEntry>? trail) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>(trail?.ToList() ?? []);
}
