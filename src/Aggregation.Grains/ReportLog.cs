namespace Aggregation.Grains;

/// <summary>
/// The append-only log of every accepted report version, one row each, in the same database as
/// the grain state. A new version costs one insert whatever the length of the commune's history.
/// </summary>
/// <remarks>
/// <see cref="Append"/> and <see cref="Remove"/> return only once the change is durable.
/// Implementations: <c>SqliteReportLog</c> and <c>PostgresReportLog</c> in the silo.
/// </remarks>
public interface IReportLog
{
    /// <summary>Every version the unit ever stored, in the order of (period, version); a unit is named by its grain key (<see cref="Aggregation.Contracts.GrainKeys.Unit"/>).</summary>
    Task<IReadOnlyList<LoggedReport>> Read(string unit);

    /// <summary>Stores one new version of a period's report.</summary>
    Task Append(string unit, LoggedReport entry);

    /// <summary>Removes exactly one version (an aborted import's); nothing when it is not there.</summary>
    Task Remove(string unit, string period, int version);
}

/// <summary>One row of the report log: a period's report version and the contribution version the commune published it at.</summary>
public sealed record LoggedReport(string Period, StoredReport Report, long ContributionVersion);
