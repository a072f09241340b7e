using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Grains;
using Aggregation.Silo.Sample;
using Aggregation.Silo.Security;
using Aggregation.Silo.Storage;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Aggregation.Silo;

/// <summary>Silo configuration shared by the silo-only host, the standalone gateway and the tests.</summary>
public static class SiloHosting
{
    public const string SqliteInvariant = "System.Data.SQLite";
    public const string PostgresInvariant = "Npgsql";

    /// <summary>Longer than any legitimate call (a national verify), far shorter than the default 30 s.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Reads the <c>Aggregation</c> section for what hosting decides before any service exists (storage,
    /// clustering, ports, body limits), failing fast on invalid values.
    /// </summary>
    public static AggregationOptions ReadOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(AggregationOptions.Section).Get<AggregationOptions>() ?? new AggregationOptions();
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? options : throw new InvalidOperationException(string.Join("; ", problems));
    }

    /// <summary>The <c>Aggregation</c> section for services: bound from configuration, validated when the host starts.</summary>
    public static IServiceCollection AddAggregationOptions(this IServiceCollection services)
    {
        services.AddOptions<AggregationOptions>().BindConfiguration(AggregationOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AggregationOptions>, AggregationOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<AggregationOptions>>().Value);
        return services;
    }

    /// <summary>Clustering, grain storage, the Orleans dashboard, the services grains need and first-start setup.</summary>
    public static ISiloBuilder AddAggregationSilo(this ISiloBuilder silo, AggregationOptions options)
    {
        silo.Configure<ClusterOptions>(o => UseIds(o, options));
        // Calls caught by a silo's death fail within this instead of Orleans' 30 s default.
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        if (options.Storage.Provider == "postgres")
        {
            // Membership lives in the database: any number of silos, found by the gateways there too.
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = PostgresStore.Tuned(options.Storage.ConnectionString!);
            });
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                // A silo killed without leaving stays "active" in the table. A joining silo must reach
                // every active silo unless its liveness row is stale: with a 10 s heartbeat, a dead
                // silo stops blocking restarts after 30 s instead of the default 10 minutes.
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
                o.NumMissedTableIAmAliveLimit = 3;
            });
            if (options.Cluster.AdvertisedHost is { } host)
            {
                silo.ConfigureEndpoints(host, options.Cluster.SiloPort, options.Cluster.GatewayPort, listenOnAnyHostAddress: true);
            }
            else
            {
                silo.ConfigureEndpoints(IPAddress.Loopback, options.Cluster.SiloPort, options.Cluster.GatewayPort);
            }
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("POD_NAMESPACE")))
            {
                // In Kubernetes a silo whose pod is gone is declared dead at once (needs deploy/kubernetes/rbac.yaml).
                silo.UseKubernetesHosting();
            }
        }
        else
        {
            // SQLite has no membership tables: one silo.
            silo.UseLocalhostClustering(options.Cluster.SiloPort, options.Cluster.GatewayPort,
                serviceId: options.Cluster.ClusterId, clusterId: options.Cluster.ClusterId);
        }
        silo.AddAggregationStorage(options);
        silo.AddDashboard();
        silo.AddStartupTask<SampleSeeder>();
        silo.AddStartupTask<AdminKeyBootstrap>();
        return silo;
    }

    /// <summary>The ADO.NET provider under <see cref="StorageNames.Default"/>, which grains use through <see cref="ExactKeyStorage"/>.</summary>
    public const string AdoNetStorageName = StorageNames.Default + ".adonet";

    /// <summary>The grain storage named <see cref="StorageNames.Default"/> and what grains take from dependency injection.</summary>
    public static ISiloBuilder AddAggregationStorage(this ISiloBuilder silo, AggregationOptions options)
    {
        Func<Task>? sqliteLog = null;
        switch (options.Storage.Provider)
        {
            case "sqlite":
                var connectionString = SqliteStore.Prepare(options.DataDirectory);
                sqliteLog = SqliteGroupCommit.SyncLogOf(SqliteStore.DatabasePath(options.DataDirectory));
                // One group commit for the grain state and the report log: one writer at a time, syncs shared.
                silo.Services.AddSingleton(services =>
                    new SqliteGroupCommit(services.GetRequiredKeyedService<IGrainStorage>(AdoNetStorageName), sqliteLog));
                silo.Services.AddSingleton<IReportLog>(services => ReportLogGroupCommit.Over(AdoNetReportLog.Sqlite(ServiceIdOf(services), connectionString,
                    services.GetRequiredService<SqliteGroupCommit>()), options.Storage.GroupCommit));
                silo.AddAdoNetGrainStorage(AdoNetStorageName, o =>
                {
                    o.Invariant = SqliteInvariant;
                    o.ConnectionString = connectionString;
                    o.GrainStorageSerializer = new JsonGrainStateSerializer();
                });
                silo.Services.AddSingleton(new StoreProbe(() => SqliteStore.CanConnect(connectionString)));
                break;
            case "postgres":
                var postgres = PostgresStore.Tuned(options.Storage.ConnectionString!);
                PostgresStore.PrepareAsync(postgres).GetAwaiter().GetResult();
                silo.Services.AddSingleton<IReportLog>(services =>
                    ReportLogGroupCommit.Over(AdoNetReportLog.Postgres(ServiceIdOf(services), postgres), options.Storage.GroupCommit));
                silo.AddAdoNetGrainStorage(AdoNetStorageName, o =>
                {
                    o.Invariant = PostgresInvariant;
                    o.ConnectionString = postgres;
                    o.GrainStorageSerializer = new JsonGrainStateSerializer();
                });
                silo.Services.AddSingleton(new StoreProbe(() => PostgresStore.CanConnect(postgres)));
                break;
            default:
                throw new NotSupportedException($"storage provider '{options.Storage.Provider}' is unknown");
        }
        silo.Services.AddGrainStorage(StorageNames.Default, (services, _) =>
        {
            var adoNet = services.GetRequiredKeyedService<IGrainStorage>(AdoNetStorageName);
            return new ExactKeyStorage(sqliteLog is null ? adoNet : services.GetRequiredService<SqliteGroupCommit>());
        });
        silo.Services.AddAggregationOptions();
        silo.Services.AddAggregationGrainServices();
        return silo;
    }

    private static string ServiceIdOf(IServiceProvider services) => services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;

    /// <summary>What grains take from dependency injection.</summary>
    public static IServiceCollection AddAggregationGrainServices(this IServiceCollection services)
    {
        services.AddSingleton(IndicatorCatalog.Default);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ActiveRollups>();
        services.AddSingleton<ActiveIndicators>();
        services.TryAddSingleton(sp => new StandingsSettings(sp.GetRequiredService<AggregationOptions>().Standings.Enabled));
        services.AddHostedService<ConvergenceService>();
        return services;
    }

    /// <summary>Stored state is keyed by the service id: silos and clients of one deployment share both ids.</summary>
    private static void UseIds(ClusterOptions o, AggregationOptions options) =>
        (o.ClusterId, o.ServiceId) = (options.Cluster.ClusterId, options.Cluster.ClusterId);

    /// <summary>How a gateway in <c>client</c> mode finds the cluster: the membership table with PostgreSQL, else the local silo's gateway port.</summary>
    public static IClientBuilder UseAggregationCluster(this IClientBuilder client, AggregationOptions options)
    {
        client.Configure<ClusterOptions>(o => UseIds(o, options));
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        if (options.Storage.Provider == "postgres")
        {
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = PostgresStore.Tuned(options.Storage.ConnectionString!);
            });
        }
        else
        {
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, options.Cluster.GatewayPort));
        }
        client.AddDashboard();
        return client;
    }
}

/// <summary>Answers whether the grain store is reachable, for the readiness check.</summary>
public sealed class StoreProbe(Func<bool> canConnect)
{
    public bool IsReachable() => canConnect();
}
