using Aggregation.Contracts;
using Aggregation.Silo;
using Orleans.TestingHost;

namespace Aggregation.Grains.Tests;

/// <summary>An in-process cluster on a throwaway SQLite store, shared by a test collection.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "agg-grains-" + Guid.NewGuid().ToString("N"));

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync() => Cluster = await Start(DataDirectory);

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        TryDelete(DataDirectory);
    }

    /// <summary>Deploys a one-silo cluster whose grains store state under <paramref name="dataDirectory"/>.</summary>
    public static async Task<TestCluster> Start(string dataDirectory)
    {
        var builder = new TestClusterBuilder(1);
        // Stored state is keyed by service id: a restarted cluster must use the same one to find it.
        builder.Options.ServiceId = "aggregation-tests";
        builder.Properties["Aggregation:DataDirectory"] = dataDirectory;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo) => silo.AddAggregationStorage(SiloHosting.ReadOptions(silo.Configuration));
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>Builds small hierarchies with unique codes so tests sharing a cluster never collide.</summary>
public sealed class TreeBuilder(IGrainFactory grains)
{
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..8];

    public string Code(string name) => $"{_prefix}-{name}";

    public async Task<string> Unit(string name, string level, string? parent)
    {
        var change = await grains.GetGrain<IUnitGrain>(Code(name)).Upsert(new UnitInput(name, level, parent is null ? null : Code(parent)));
        Assert.True(change.Status is UnitChangeStatus.Created or UnitChangeStatus.Updated, string.Join(";", change.Errors.Keys));
        return Code(name);
    }

    public async Task<SubmitResult> Report(string name, string period, IReadOnlyDictionary<string, decimal> values, int? expectedVersion = null) =>
        await grains.GetGrain<ICommuneGrain>(Code(name)).Submit(period, new ReportSubmission(values, expectedVersion, "test"));
}
