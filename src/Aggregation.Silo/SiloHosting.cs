using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Silo.Sample;
using Aggregation.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Aggregation.Silo;

/// <summary>Silo configuration shared by the silo-only host, the standalone gateway and the tests.</summary>
public static class SiloHosting
{
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>Reads the <c>Aggregation</c> section, failing fast on invalid values.</summary>
    public static AggregationOptions ReadOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(AggregationOptions.Section).Get<AggregationOptions>() ?? new AggregationOptions();
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? options : throw new InvalidOperationException(string.Join("; ", problems));
    }

    /// <summary>Clustering, grain storage, the Orleans dashboard, the services grains need and first-start setup.</summary>
    public static ISiloBuilder AddAggregationSilo(this ISiloBuilder silo, AggregationOptions options)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.Cluster.ClusterId;
            o.ServiceId = options.Cluster.ClusterId;
        });
        silo.UseLocalhostClustering(options.Cluster.SiloPort, options.Cluster.GatewayPort,
            serviceId: options.Cluster.ClusterId, clusterId: options.Cluster.ClusterId);
        silo.AddAggregationStorage(options);
        silo.AddDashboard();
        silo.AddStartupTask<SampleSeeder>();
        return silo;
    }

    /// <summary>The grain storage named <see cref="StorageNames.Default"/> and what grains take from dependency injection.</summary>
    public static ISiloBuilder AddAggregationStorage(this ISiloBuilder silo, AggregationOptions options)
    {
        switch (options.Storage.Provider)
        {
            case "sqlite":
                var connectionString = SqliteStore.Prepare(options.DataDirectory);
                silo.AddAdoNetGrainStorage(StorageNames.Default, o =>
                {
                    o.Invariant = SqliteInvariant;
                    o.ConnectionString = connectionString;
                    o.GrainStorageSerializer = new JsonGrainStateSerializer();
                });
                silo.Services.AddSingleton(new StoreProbe(() => SqliteStore.CanConnect(connectionString)));
                break;
            default:
                throw new NotSupportedException($"storage provider '{options.Storage.Provider}' is not available in this build");
        }
        silo.Services.AddSingleton(options);
        silo.Services.AddAggregationGrainServices();
        return silo;
    }

    /// <summary>What grains take from dependency injection.</summary>
    public static IServiceCollection AddAggregationGrainServices(this IServiceCollection services)
    {
        services.AddSingleton(IndicatorCatalog.Default);
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}

/// <summary>Answers whether the grain store is reachable, for the readiness check.</summary>
public sealed class StoreProbe(Func<bool> canConnect)
{
    public bool IsReachable() => canConnect();
}
