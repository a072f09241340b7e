using Aggregation.Silo.Storage;
using Npgsql;

namespace Aggregation.Grains.Tests;

/// <summary>The pool settings the providers get on PostgreSQL: defaults where the operator left them out, theirs where not.</summary>
public sealed class PostgresConnectionTests
{
    [Fact]
    public void ConnectionsAreNotResetAndStatementsArePrepared()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresStore.Tuned("Host=127.0.0.1;Database=agg;Username=agg"));
        Assert.True(tuned.NoResetOnClose);
        Assert.True(tuned.MaxAutoPrepare > 0);
        Assert.Equal(("127.0.0.1", "agg", "agg"), (tuned.Host, tuned.Database, tuned.Username));
    }

    [Theory]
    [InlineData("Host=h;No Reset On Close=false;Max Auto Prepare=0")]
    [InlineData("Host=h;noresetonclose=False;MAXAUTOPREPARE=0")]
    public void AnOperatorsOwnSettingsStand(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresStore.Tuned(connectionString));
        Assert.False(tuned.NoResetOnClose);
        Assert.Equal(0, tuned.MaxAutoPrepare);
    }
}
