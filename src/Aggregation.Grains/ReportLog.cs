namespace Aggregation.Grains;

/// <summary>
/// The append-only log of every accepted report version, one row each, in the same database as
/// the grain state. A new version costs one insert whatever the length of the commune's history;
/// activation reads one row per period, and older versions are read only when asked for.
/// </summary>
/// <remarks>
/// <see cref="Append"/> and <see cref="Remove"/> return only once the change is durable.
/// Implementation: <c>AdoNetReportLog</c> in the silo, on SQLite and on PostgreSQL.
/// </remarks>
public interface IReportLog
{
    /// <summary>
    /// The latest version of each period the unit stored, one row per period: what a leaf holds while active.
    /// Contribution versions grow with every row, so the highest of these rows' is the highest the log holds.
    /// </summary>
    Task<IReadOnlyList<LoggedReport>> ReadLatest(string unit);

    /// <summary>Every version of one period (of every period when <paramref name="period"/> is null), in the order of (period, version); a unit is named by its grain key (<see cref="Aggregation.Contracts.GrainKeys.Unit"/>).</summary>
    Task<IReadOnlyList<LoggedReport>> Read(string unit, string? period);

    /// <summary>Stores one new version of a period's report.</summary>
    Task Append(string unit, LoggedReport entry);

    /// <summary>Removes exactly one version (an aborted import's); nothing when it is not there.</summary>
    Task Remove(string unit, string period, int version);
}

/// <summary>One row of the report log: a period's report version and the contribution version the commune published it at.</summary>
public sealed record LoggedReport(string Period, StoredReport Report, long ContributionVersion);
