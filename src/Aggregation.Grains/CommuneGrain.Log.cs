using Aggregation.Contracts;
using Aggregation.Domain.Periods;

namespace Aggregation.Grains;

/// <summary>
/// Where a leaf's reports are kept: rows of the report log, one per version; a new version is one insert.
/// Activation reads the latest version of each period only, and the history and audit read older ones from the
/// log when asked. The grain state holds what stays small (approvals, their audit) and the version they were written at.
/// </summary>
public sealed partial class CommuneGrain
{
    /// <summary>The latest version of each period's report, by period: all that reports, approvals, validation and contributions read.</summary>
    private readonly Dictionary<string, StoredReport> _latest = [];

    /// <summary>
    /// The version parents know this leaf's contributions by: the highest the leaf ever stored, in the
    /// report log or (for approvals and aborted imports) in its grain state, so it only grows.
    /// </summary>
    private long _contributionVersion;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _contributionVersion = state.State.ContributionVersion;
        foreach (var entry in await log.ReadLatest(GrainKeys.Unit(Key)))
        {
            _latest[entry.Period] = entry.Report;
            _contributionVersion = Math.Max(_contributionVersion, entry.ContributionVersion);
        }
        await LoadLineage();
        await base.OnActivateAsync(cancellationToken);
    }

    /// <summary>Stored versions, oldest first, from the log: none the grain has not taken yet (a write still under way).</summary>
    /// <param name="period">one period's, or every period's when null</param>
    private async Task<IReadOnlyList<LoggedReport>> Versions(string? period) =>
        (period is null ? _latest.Count == 0 : !_latest.ContainsKey(period))
            ? []
            : (await log.Read(GrainKeys.Unit(Key), period)).Where(r => _latest.GetValueOrDefault(r.Period) is { } latest && r.Report.Version <= latest.Version).ToList();

    /// <summary>Appends the report to the log with a new contribution version (one insert), so parents take the change.</summary>
    private async Task Store(Period period, StoredReport report)
    {
        var version = NextContributionVersion();
        try
        {
            await log.Append(GrainKeys.Unit(Key), new LoggedReport(period.ToString(), report, version));
        }
        catch
        {
            // The row may have landed even though the answer failed: the next activation reads what the log holds.
            DeactivateOnIdle();
            throw;
        }
        _latest[period.ToString()] = report;
        _contributionVersion = version;
    }

    /// <summary>
    /// Writes the grain state (approvals, their audit) with a new contribution version, so parents take the
    /// change; if the write fails, <paramref name="undo"/> puts the change back and the version stays as it was.
    /// </summary>
    private async Task WriteNewVersion(Action undo)
    {
        var previousVersion = state.State.ContributionVersion;
        state.State.ContributionVersion = NextContributionVersion();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo();
            state.State.ContributionVersion = previousVersion;
            throw;
        }
        _contributionVersion = state.State.ContributionVersion;
    }

    /// <summary>Ticks, not a counter: a unit that once aggregated children kept a tick-based version at its parent.</summary>
    private long NextContributionVersion() => Math.Max(_contributionVersion + 1, clock.GetUtcNow().UtcTicks);
}
