using System.Globalization;
using Npgsql;

namespace Aggregation.Silo.Storage;

/// <summary>
/// Bootstraps the PostgreSQL schema behind Orleans' ADO.NET grain storage and clustering
/// (invariant <see cref="Invariant"/>): the <c>OrleansQuery</c> table, grain state and cluster
/// membership, and the report log, from the scripts in <c>deploy/sql/postgres</c> embedded in this assembly.
/// </summary>
/// <remarks>
/// Connection strings are Npgsql's <c>Key=Value;...</c> form (<c>Host=…;Port=…;Database=…;Username=…</c>),
/// the same string the providers get; Npgsql does not accept <c>postgresql://</c> URIs
/// (<c>deploy/sql/postgres/apply.sh</c>, which uses psql, does).
/// </remarks>
public static class PostgresStore
{
    /// <summary>The ADO.NET invariant for <c>AdoNetGrainStorageOptions</c> and <c>AdoNetClusteringSiloOptions</c>.</summary>
    public const string Invariant = "Npgsql";

    // Key of the transaction-scoped advisory lock that serialises schema preparation across
    // silos starting together (and apply.sh, which uses the same number): 'AGGORLS1' read as a
    // big-endian 64-bit integer. The grain-state function's two-integer advisory locks live in a
    // separate key space, so they cannot collide with it.
    internal const long SchemaLockKey = 4703806741820494641;

    // Order matters: 002 and 003 insert into the OrleansQuery table that 001 creates.
    private static readonly string[] ScriptResourceNames =
    [
        "Aggregation.Silo.Sql.postgres.001-main.sql",
        "Aggregation.Silo.Sql.postgres.002-persistence.sql",
        "Aggregation.Silo.Sql.postgres.003-clustering.sql",
        "Aggregation.Silo.Sql.postgres.004-report-log.sql",
    ];

    // Upper bound for the readiness probe: connect and query each get this long.
    private const int ProbeTimeoutSeconds = 3;

    /// <summary>
    /// The connection string the providers use: <paramref name="connectionString"/> with two pool
    /// settings defaulted where it leaves them out. <c>No Reset On Close</c>: a connection going back to
    /// the pool is not reset with <c>DISCARD ALL</c>, which would throw away the session's cached plan of
    /// the grain-state function and every prepared statement (nothing here changes session settings).
    /// <c>Max Auto Prepare</c>: the few statements the providers send over and over are prepared once per
    /// connection instead of parsed and planned on every call.
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Mentions(connectionString, "No Reset On Close"))
        {
            tuned.NoResetOnClose = true;
        }
        if (!Mentions(connectionString, "Max Auto Prepare"))
        {
            tuned.MaxAutoPrepare = AutoPrepared;
        }
        return tuned.ConnectionString;
    }

    // Statements kept prepared per connection: the grain-state read and write, membership, the unit list.
    private const int AutoPrepared = 32;

    /// <summary>Whether the string sets <paramref name="keyword"/>, written with or without its spaces, in any case.</summary>
    private static bool Mentions(string connectionString, string keyword)
    {
        var generic = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var wanted = keyword.Replace(" ", "", StringComparison.Ordinal);
        return generic.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), wanted, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Creates the tables and functions that are missing and installs or upgrades the provider
    /// queries, all in one transaction. Safe to call on every start, from several silos at once:
    /// they queue on an advisory lock, and the scripts leave existing data alone.
    /// The account needs the right to create tables and functions in its default schema
    /// (the first one on its <c>search_path</c>, usually <c>public</c>).
    /// </summary>
    public static async Task PrepareAsync(string connectionString, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        // Read the scripts first so a packaging mistake fails before anything touches the database.
        var scripts = ScriptResourceNames.Select(ReadScript).ToArray();

        var bootstrap = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Unpooled: the connection is used once, and closing it should really close it rather
            // than leave an idle session in a pool nothing else draws from.
            Pooling = false,
        };

        await using var connection = new NpgsqlConnection(bootstrap.ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);

        // One transaction: a failure halfway leaves the previous schema and queries intact rather
        // than, say, a new table without its queries. PostgreSQL DDL is transactional, so this
        // covers the CREATE statements too.
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);

        // Held until commit or rollback. Without it, two silos creating the schema at the same
        // moment can both see a table missing and one fails on a duplicate catalog entry.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", SchemaLockKey);
            await lockCommand.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        foreach (var script in scripts)
        {
            // Npgsql runs each ';'-separated statement of the text in turn. With no parameters
            // on the command it leaves '@Name' placeholders alone, so the stored query texts
            // (inside dollar quotes) reach the table unchanged.
            await using var command = new NpgsqlCommand(script, connection, transaction);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Readiness probe: true when the server accepts a connection and answers <c>SELECT 1</c>
    /// within a few seconds (connect and query each capped at <see cref="ProbeTimeoutSeconds"/> s).
    /// </summary>
    public static bool CanConnect(string connectionString)
    {
        try
        {
            var probe = new NpgsqlConnectionStringBuilder(connectionString);
            probe.Timeout = Math.Clamp(probe.Timeout, 1, ProbeTimeoutSeconds);
            probe.CommandTimeout = ProbeTimeoutSeconds;

            using var connection = new NpgsqlConnection(probe.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand("SELECT 1", connection);
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 1;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // NpgsqlException covers refused or dropped connections, authentication and server
            // errors (PostgresException) and Npgsql's own timeouts.
            return false;
        }
    }

    private static string ReadScript(string resourceName)
    {
        using var stream = typeof(PostgresStore).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException(
                $"Embedded SQL script '{resourceName}' is missing from {typeof(PostgresStore).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
