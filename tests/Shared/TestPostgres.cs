using Npgsql;

namespace Aggregation.Tests.Shared;

/// <summary>
/// Fresh databases on the PostgreSQL that <c>tests/run.sh</c> starts. Without it the PostgreSQL
/// tests fail with a message saying how to run them; they never skip.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "AGGREGATION_TEST_POSTGRES";

    public static string Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs
        ? cs
        : throw new InvalidOperationException($"{Variable} is not set: run the tests with tests/run.sh, which starts a throwaway PostgreSQL");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static string CreateDatabase()
    {
        var name = "agg_" + Guid.NewGuid().ToString("N")[..12];
        using (var connection = new NpgsqlConnection(Server))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;
    }
}
