using Aggregation.Domain.Units;
using Aggregation.Domain.Periods;
using Aggregation.Contracts;
using Aggregation.Silo;
using Aggregation.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Aggregation.Grains.Tests;

/// <summary>Where a test cluster keeps its grain state; <paramref name="GroupCommit"/> as <c>Aggregation:Storage:GroupCommit</c>.</summary>
public sealed record Store(string Provider, string Location, bool GroupCommit = true)
{
    public static Store NewSqlite() => new("sqlite", Path.Combine(Path.GetTempPath(), "agg-grains-" + Guid.NewGuid().ToString("N")));

    public static Store NewPostgres() => new("postgres", TestPostgres.CreateDatabase());

    public void Apply(TestClusterBuilder builder)
    {
        builder.Properties["Aggregation:Storage:Provider"] = Provider;
        builder.Properties[Provider == "sqlite" ? "Aggregation:DataDirectory" : "Aggregation:Storage:ConnectionString"] = Location;
        builder.Properties["Aggregation:Storage:GroupCommit"] = GroupCommit.ToString();
    }

    public void Delete()
    {
        if (Provider == "sqlite")
        {
            try
            {
                Directory.Delete(Location, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

/// <summary>An in-process cluster on a throwaway store, shared by a test collection.</summary>
public abstract class ClusterFixture(Store store) : IAsyncLifetime
{
    public Store Store { get; } = store;

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync() => Cluster = await Start(Store);

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Store.Delete();
    }

    /// <summary>Deploys a cluster of <paramref name="silos"/> whose grains store state in <paramref name="store"/>.</summary>
    public static async Task<TestCluster> Start(Store store, int silos = 1)
    {
        var builder = new TestClusterBuilder((short)silos);
        // Stored state is keyed by service id: a restarted cluster must use the same one to find it.
        builder.Options.ServiceId = "aggregation-tests";
        store.Apply(builder);
        // Fault tests (several silos) want a call to a killed silo to fail in seconds; a single silo on a
        // busy two-core machine can take longer than that to activate a grain and read its state.
        builder.Properties[ResponseTimeoutKey] = (silos > 1 ? FaultResponseTimeout : ResponseTimeout).ToString("c");
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>
    /// Runs <paramref name="test"/> on a new cluster over <paramref name="store"/>, giving it a way to restart: stop that
    /// cluster and start another on the same store, which it returns. Then removes the clusters and the store.
    /// </summary>
    public static async Task WithRestart(Store store, Func<TestCluster, Func<Task<TestCluster>>, Task> test)
    {
        var first = await Start(store);
        TestCluster? second = null;
        try
        {
            await test(first, async () =>
            {
                await first.StopAllSilosAsync();
                return second = await Start(store);
            });
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.StopAllSilosAsync();
                await second.DisposeAsync();
            }
            store.Delete();
        }
    }

    private const string ResponseTimeoutKey = "Tests:ResponseTimeout";

    private static readonly TimeSpan FaultResponseTimeout = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(15);

    private static TimeSpan ResponseTimeoutOf(IConfiguration configuration) => TimeSpan.Parse(configuration[ResponseTimeoutKey]!);

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddAggregationStorage(SiloHosting.ReadOptions(silo.Configuration));
            CountedReportLog.Around(silo.Services);
            // Fault tests: a call to a killed silo fails in seconds, and the dead silo is declared quickly.
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeoutOf(silo.Configuration));
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client) =>
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeoutOf(configuration));
    }
}

public sealed class SqliteClusterFixture() : ClusterFixture(Store.NewSqlite());

public sealed class PostgresClusterFixture() : ClusterFixture(Store.NewPostgres());

[CollectionDefinition(Name)]
public sealed class SqliteCluster : ICollectionFixture<SqliteClusterFixture>
{
    public const string Name = "sqlite cluster";
}

[CollectionDefinition(Name)]
public sealed class PostgresCluster : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "postgres cluster";
}

/// <summary>Builds small hierarchies with unique codes so tests sharing a cluster never collide; in the default tree unless told another.</summary>
public sealed class TreeBuilder(IGrainFactory grains, string tree = UnitKey.DefaultTree, string? prefix = null)
{
    private readonly string _prefix = prefix ?? "t" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A builder of the same codes in another tree.</summary>
    public TreeBuilder InTree(string other) => new(grains, other, _prefix);

    /// <summary>Who the tests' changes are made by.</summary>
    public static KeyPrincipal Tester { get; } = new("tester1", "tester", "admin", "");

    public string Code(string name) => $"{_prefix}-{name}";

    /// <summary>The unit <paramref name="name"/> of this builder's tree.</summary>
    public UnitKey Key(string name) => new(tree, Code(name));

    /// <summary>nation n → province p → districts d1 (communes a, b) and d2 (commune c).</summary>
    public static async Task<TreeBuilder> NationOfThreeCommunes(IGrainFactory grains, string tree = UnitKey.DefaultTree)
    {
        var t = new TreeBuilder(grains, tree);
        await t.Unit("n", "nation", null);
        await t.Unit("p", "province", "n");
        await t.Unit("d1", "district", "p");
        await t.Unit("d2", "district", "p");
        await t.Unit("a", "commune", "d1");
        await t.Unit("b", "commune", "d1");
        await t.Unit("c", "commune", "d2");
        return t;
    }

    /// <summary>A report of households, poor households and total income.</summary>
    public static Dictionary<string, decimal> Values(decimal households, decimal poor, decimal income) => new()
    {
        ["households"] = households,
        ["poor_households"] = poor,
        ["income_total"] = income,
    };

    public async Task<string> Unit(string name, string level, string? parent)
    {
        var change = await grains.UpsertUnit(Key(name), new UnitInput(name, level, parent is null ? null : Code(parent)), Tester);
        Assert.True(change.Status is UnitChangeStatus.Created or UnitChangeStatus.Updated, string.Join(";", change.Refusals.Fields()));
        return Code(name);
    }

    public async Task<SubmitResult> Report(string name, string period, IReadOnlyDictionary<string, decimal> values, int? expectedVersion = null) =>
        await grains.Unit(Key(name)).Submit(Period.Parse(period), new ReportSubmission(values, expectedVersion, "test"));
}
