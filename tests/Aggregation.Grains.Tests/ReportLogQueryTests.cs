using Aggregation.Silo.Storage;
using Microsoft.Data.Sqlite;

namespace Aggregation.Grains.Tests;

/// <summary>
/// How the embedded store finds a leaf's latest report versions: through the narrow index of the key columns, then
/// the primary key row by row, never by reading every version's row; a database made before the index gets it at start.
/// </summary>
public sealed class ReportLogQueryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("aggregation-report-log-query.").FullName;

    [Fact]
    public void TheLatestVersionsAreFoundInTheIndexAndOnlyTheirRowsAreRead()
    {
        using var connection = Open(SqliteStore.Prepare(_directory));
        var plan = Plan(connection);
        Assert.Contains(plan, step => step.Contains("COVERING INDEX IX_AggregationReportLog_Versions", StringComparison.Ordinal));
        var rows = Assert.Single(plan, step => step.StartsWith("SEARCH AggregationReportLog USING PRIMARY KEY", StringComparison.Ordinal));
        Assert.Contains("Period=? AND Version=?", rows);
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN AggregationReportLog", StringComparison.Ordinal));
    }

    [Fact]
    public void ADatabaseMadeBeforeTheIndexGetsItAtTheNextStart()
    {
        using (var old = Open(SqliteStore.Prepare(_directory)))
        {
            Execute(old, "DROP INDEX IX_AggregationReportLog_Versions");
            Assert.DoesNotContain(Plan(old), step => step.Contains("IX_AggregationReportLog_Versions", StringComparison.Ordinal));
        }
        using var connection = Open(SqliteStore.Prepare(_directory));
        Assert.Contains(Plan(connection), step => step.Contains("COVERING INDEX IX_AggregationReportLog_Versions", StringComparison.Ordinal));
    }

    /// <summary>The steps of the plan SQLite makes for the query, one line each.</summary>
    private static List<string> Plan(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + AdoNetReportLog.LatestQuery;
        command.Parameters.AddWithValue("@ServiceId", "service");
        command.Parameters.AddWithValue("@Unit", "10945");
        using var reader = command.ExecuteReader();
        var steps = new List<string>();
        while (reader.Read())
        {
            steps.Add(reader.GetString(3));
        }
        return steps;
    }

    private static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
