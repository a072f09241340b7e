using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Aggregation.Silo.Storage;

/// <summary>The units in the SQLite store (see <see cref="StoredUnits"/>), for <paramref name="serviceId"/>.</summary>
/// <param name="connectionString">The provider's connection string, from <see cref="SqliteStore.Prepare"/>.</param>
/// <param name="serviceId">The cluster's service id, which every row of this deployment carries.</param>
public sealed class SqliteStoredUnits(string connectionString, string serviceId) : StoredUnits(serviceId)
{
    protected override DbConnection CreateConnection() => new SqliteConnection(connectionString);
}
