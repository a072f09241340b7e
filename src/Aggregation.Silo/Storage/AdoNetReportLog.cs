using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Aggregation.Contracts;
using Aggregation.Grains;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Aggregation.Silo.Storage;

/// <summary>
/// The report log (<see cref="IReportLog"/>) in the table <c>AggregationReportLog</c> of the database that holds
/// the grain state, created by <c>deploy/sql/{sqlite,postgres}/*-report-log*.sql</c>. Rows are keyed by service id
/// like the grain state, so services sharing a database keep apart.
/// </summary>
/// <param name="serviceId">the cluster's service id</param>
/// <param name="open">an open connection to the database</param>
/// <param name="durably">runs a write and returns once it is durable</param>
/// <param name="beforeWrite">statements each write starts with</param>
public sealed class AdoNetReportLog(string serviceId, Func<Task<DbConnection>> open, Func<Func<Task>, Task> durably, string beforeWrite) : IReportLog
{
    /// <summary>
    /// On the embedded store: writes take their turn in <paramref name="commit"/>, commit without their own sync
    /// (<c>synchronous = NORMAL</c>) and are acknowledged after a sync of the write-ahead log, as grain state writes are.
    /// </summary>
    public static AdoNetReportLog Sqlite(string serviceId, string connectionString, SqliteGroupCommit commit) =>
        new(serviceId, async () =>
        {
            var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            return connection;
        }, commit.Durably, "PRAGMA synchronous = NORMAL;");

    /// <summary>
    /// On PostgreSQL: a write is durable when its implicit transaction commits. Connections come from the pool of
    /// <paramref name="connectionString"/>, the grain storage's own, so a silo holds one pool of connections, not two.
    /// </summary>
    public static AdoNetReportLog Postgres(string serviceId, string connectionString) =>
        new(serviceId, async () =>
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            return connection;
        }, write => write(), "");

    private const string Columns = "Period, Version, ContributionVersion, SubmittedAt, SubmittedBy, SubmittedByKey, ReportValues, Warnings";

    /// <summary>
    /// The latest version of each period of <c>@Unit</c>: the highest version of each period, found in an index of the key
    /// columns alone, then each of those rows by the primary key: on SQLite the index <c>IX_AggregationReportLog_Versions</c>
    /// (004-report-log-latest.sql), on PostgreSQL the primary key's own index. Older versions' values are not read.
    /// </summary>
    public const string LatestQuery =
        $"SELECT {Columns} FROM AggregationReportLog WHERE ServiceId = @ServiceId AND Unit = @Unit AND (Period, Version) IN " +
        "(SELECT Period, MAX(Version) FROM AggregationReportLog WHERE ServiceId = @ServiceId AND Unit = @Unit GROUP BY Period) ORDER BY Period";

    public Task<IReadOnlyList<LoggedReport>> ReadLatest(string unit) => Rows(LatestQuery, ("Unit", unit));

    public Task<IReadOnlyList<LoggedReport>> Read(string unit, string? period) => period is null
        ? Rows($"SELECT {Columns} FROM AggregationReportLog WHERE ServiceId = @ServiceId AND Unit = @Unit ORDER BY Period, Version", ("Unit", unit))
        : Rows($"SELECT {Columns} FROM AggregationReportLog WHERE ServiceId = @ServiceId AND Unit = @Unit AND Period = @Period ORDER BY Version",
            ("Unit", unit), ("Period", period));

    private async Task<IReadOnlyList<LoggedReport>> Rows(string query, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await open();
        await using var command = Command(connection, query, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<LoggedReport>();
        while (await reader.ReadAsync())
        {
            var report = new StoredReport
            {
                Version = reader.GetInt32(1),
                SubmittedAt = DateTimeOffset.ParseExact(reader.GetString(3), "o", CultureInfo.InvariantCulture),
                SubmittedBy = reader.GetString(4),
                SubmittedByKey = reader.IsDBNull(5) ? null : reader.GetString(5),
                Values = Json<Dictionary<string, decimal>>(reader.GetString(6)),
                Warnings = Json<List<WarningView>>(reader.GetString(7)),
            };
            rows.Add(new LoggedReport(reader.GetString(0), report, reader.GetInt64(2)));
        }
        return rows;
    }

    public Task Append(string unit, LoggedReport entry) => durably(async () =>
    {
        await using var connection = await open();
        await using var command = Insert(connection, beforeWrite, unit, entry);
        await command.ExecuteNonQueryAsync();
    });

    /// <summary>
    /// Stores many new versions in one transaction, which commits all of them or none, and returns once they are durable:
    /// on PostgreSQL one INSERT of every row (the rows pass as one array per column, so the statement's text and plan are
    /// the same whatever their number), a transaction of its own; on SQLite one transaction running one prepared INSERT
    /// per row, in its turn of the group commit and acknowledged after a sync of the log like a single write.
    /// </summary>
    public Task AppendAll(IReadOnlyList<(string Unit, LoggedReport Entry)> rows) => rows.Count == 0 ? Task.CompletedTask : durably(async () =>
    {
        await using var connection = await open();
        if (connection is NpgsqlConnection)
        {
            await using var insert = Command(connection,
                $"INSERT INTO AggregationReportLog (ServiceId, Unit, {Columns}) SELECT @ServiceId, * FROM unnest(@Units::text[], " +
                "@Periods::text[], @Versions::integer[], @ContributionVersions::bigint[], @SubmittedAts::text[], @SubmittedBys::text[], " +
                "@SubmittedByKeys::text[], @ReportValues::text[], @Warnings::text[])",
                ("Units", Column(r => r.Unit)), ("Periods", Column(r => r.Entry.Period)), ("Versions", Column(r => r.Entry.Report.Version)),
                ("ContributionVersions", Column(r => r.Entry.ContributionVersion)), ("SubmittedAts", Column(r => SubmittedAt(r.Entry.Report))),
                ("SubmittedBys", Column(r => r.Entry.Report.SubmittedBy)), ("SubmittedByKeys", Column(r => r.Entry.Report.SubmittedByKey)),
                ("ReportValues", Column(r => Json(r.Entry.Report.Values))), ("Warnings", Column(r => Json(r.Entry.Report.Warnings))));
            await insert.ExecuteNonQueryAsync();
            return;
        }
        if (beforeWrite.Length > 0)
        {
            await using var settings = Command(connection, beforeWrite);
            await settings.ExecuteNonQueryAsync();
        }
        await using var transaction = await connection.BeginTransactionAsync();
        // One command for every row: its statement is prepared once and run again with each row's values.
        await using var row = Insert(connection, "", rows[0].Unit, rows[0].Entry);
        row.Transaction = transaction;
        foreach (var (unit, entry) in rows)
        {
            Bind(row, unit, entry);
            await row.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();

        T[] Column<T>(Func<(string Unit, LoggedReport Entry), T> value) => rows.Select(value).ToArray();
    });

    /// <summary>The parameters of a row's insert, besides the service id.</summary>
    private static readonly string[] RowParameters =
        ["Unit", "Period", "Version", "ContributionVersion", "SubmittedAt", "SubmittedBy", "SubmittedByKey", "ReportValues", "Warnings"];

    private static readonly string InsertRow =
        $"INSERT INTO AggregationReportLog (ServiceId, Unit, {Columns}) VALUES (@ServiceId, {string.Join(", ", RowParameters.Select(p => "@" + p))})";

    private DbCommand Insert(DbConnection connection, string before, string unit, LoggedReport entry)
    {
        var command = Command(connection, $"{before} {InsertRow}", [.. RowParameters.Select(p => (p, (object?)null))]);
        Bind(command, unit, entry);
        return command;
    }

    /// <summary>Sets the values of an insert's row parameters to a row's, so one command can insert row after row.</summary>
    private static void Bind(DbCommand insert, string unit, LoggedReport entry)
    {
        var report = entry.Report;
        object?[] values = [unit, entry.Period, report.Version, entry.ContributionVersion, SubmittedAt(report), report.SubmittedBy,
            report.SubmittedByKey, Json(report.Values), Json(report.Warnings)];
        for (var i = 0; i < RowParameters.Length; i++)
        {
            insert.Parameters[RowParameters[i]].Value = values[i] ?? DBNull.Value;
        }
    }

    private static string SubmittedAt(StoredReport report) => report.SubmittedAt.ToString("o", CultureInfo.InvariantCulture);

    public Task Remove(string unit, string period, int version) => durably(async () =>
    {
        await using var connection = await open();
        await using var command = Command(connection,
            $"{beforeWrite} DELETE FROM AggregationReportLog WHERE ServiceId = @ServiceId AND Unit = @Unit AND Period = @Period AND Version = @Version",
            ("Unit", unit), ("Period", period), ("Version", version));
        await command.ExecuteNonQueryAsync();
    });

    private DbCommand Command(DbConnection connection, string text, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        foreach (var (name, value) in parameters.Prepend(("ServiceId", serviceId)))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonGrainStateSerializer.SerializerOptions);

    private static T Json<T>(string text) => JsonSerializer.Deserialize<T>(text, JsonGrainStateSerializer.SerializerOptions)
        ?? throw new InvalidDataException($"a report log row holds JSON null where {typeof(T).Name} belongs");
}
