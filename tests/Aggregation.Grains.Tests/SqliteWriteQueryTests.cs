using Aggregation.Silo.Storage;
using Microsoft.Data.Sqlite;

namespace Aggregation.Grains.Tests;

/// <summary>
/// The embedded store's write query, run as the ADO.NET provider runs it: every result set read,
/// "no row back" meaning an optimistic-concurrency conflict that changes nothing.
/// </summary>
public sealed class SqliteWriteQueryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("aggregation-write-query.").FullName;
    private readonly string _connectionString;

    public SqliteWriteQueryTests() => _connectionString = SqliteStore.Prepare(_directory);

    [Fact]
    public void FirstWriteCreatesVersionOne()
    {
        Assert.Equal([1], Write(null, "a"));
        Assert.Equal(("a", 1), Stored());
    }

    [Fact]
    public void ASecondFirstWriteIsAConflictAndChangesNothing()
    {
        Write(null, "a");
        Assert.Empty(Write(null, "b"));
        Assert.Equal(("a", 1), Stored());
    }

    [Fact]
    public void WriteAtTheCurrentVersionBumpsIt()
    {
        Write(null, "a");
        Assert.Equal([2], Write(1, "b"));
        Assert.Equal([3], Write(2, "c"));
        Assert.Equal(("c", 3), Stored());
    }

    [Fact]
    public void StaleWriteIsAConflictAndChangesNothing()
    {
        Write(null, "a");
        Write(1, "b");
        Assert.Empty(Write(1, "stale"));
        Assert.Empty(Write(5, "future"));
        Assert.Equal(("b", 2), Stored());
    }

    [Fact]
    public void WriteToAGrainNeverStoredIsAConflict()
    {
        Assert.Empty(Write(1, "a"));
        Assert.Null(Stored());
    }

    private List<long> Write(long? expectedVersion, string payload)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Query(connection, "WriteToStorageKey");
        Bind(command);
        command.Parameters.AddWithValue("@GrainStateVersion", (object?)expectedVersion ?? DBNull.Value);
        command.Parameters.AddWithValue("@PayloadBinary", System.Text.Encoding.UTF8.GetBytes(payload));
        var versions = new List<long>();
        using var reader = command.ExecuteReader();
        do
        {
            while (reader.Read())
            {
                versions.Add(reader.GetInt64(reader.GetOrdinal("NewGrainStateVersion")));
            }
        }
        while (reader.NextResult());
        return versions;
    }

    private (string Payload, long Version)? Stored()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Query(connection, "ReadFromStorageKey");
        Bind(command);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (System.Text.Encoding.UTF8.GetString((byte[])reader["PayloadBinary"]), reader.GetInt64(1)) : null;
    }

    private static void Bind(SqliteCommand command)
    {
        command.Parameters.AddWithValue("@GrainIdHash", 42);
        command.Parameters.AddWithValue("@GrainIdN0", 1);
        command.Parameters.AddWithValue("@GrainIdN1", 2);
        command.Parameters.AddWithValue("@GrainTypeHash", 7);
        command.Parameters.AddWithValue("@GrainTypeString", "commune");
        command.Parameters.AddWithValue("@GrainIdExtensionString", DBNull.Value);
        command.Parameters.AddWithValue("@ServiceId", "tests");
    }

    private static string Query(SqliteConnection connection, string key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT QueryText FROM OrleansQuery WHERE QueryKey = $key";
        command.Parameters.AddWithValue("$key", key);
        return (string)command.ExecuteScalar()!;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
