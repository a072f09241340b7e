using Aggregation.Contracts;
using Aggregation.Domain.Periods;

namespace Aggregation.Grains;

/// <summary>
/// Where a leaf's reports are kept: rows of the report log, one per version, read on activation; a new version
/// is one insert. The grain state holds what stays small (approvals, their audit) and the version they were written at.
/// </summary>
public sealed partial class CommuneGrain
{
    /// <summary>Every version of every period's report, as the report log holds them, by period.</summary>
    private readonly Dictionary<string, List<StoredReport>> _reports = [];

    /// <summary>
    /// The version parents know this leaf's contributions by: the highest the leaf ever stored, in the
    /// report log or (for approvals and aborted imports) in its grain state, so it only grows.
    /// </summary>
    private long _contributionVersion;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _contributionVersion = state.State.ContributionVersion;
        foreach (var entry in await log.Read(GrainKeys.Unit(Key)))
        {
            if (!_reports.TryGetValue(entry.Period, out var versions))
            {
                _reports[entry.Period] = versions = [];
            }
            versions.Add(entry.Report);
            _contributionVersion = Math.Max(_contributionVersion, entry.ContributionVersion);
        }
        await base.OnActivateAsync(cancellationToken);
    }

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
        if (!_reports.TryGetValue(period.ToString(), out var versions))
        {
            _reports[period.ToString()] = versions = [];
        }
        versions.Add(report);
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
