using System.Data.Common;
using Npgsql;

namespace Aggregation.Silo.Storage;

/// <summary>The units in the PostgreSQL store (see <see cref="StoredUnits"/>), for <paramref name="serviceId"/>.</summary>
/// <param name="connectionString">The provider's Npgsql connection string.</param>
/// <param name="serviceId">The cluster's service id, which every row of this deployment carries.</param>
public sealed class PostgresStoredUnits(string connectionString, string serviceId) : StoredUnits(serviceId)
{
    protected override DbConnection CreateConnection() => new NpgsqlConnection(connectionString);
}
