using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Aggregation.Tests.Shared;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Aggregation.Gateway.Tests;

/// <summary>
/// The real gateway with its in-process silo, served by Kestrel on a free loopback port,
/// storing into its own directory so each factory is isolated.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    /// <summary>The bootstrap administrator key every test gateway is configured with; <see cref="CreateClient"/> sends it.</summary>
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    private readonly IReadOnlyDictionary<string, string> _settings;

    public GatewayFactory(GatewayStore store, bool seedSample = true, IReadOnlyDictionary<string, string>? settings = null)
    {
        Store = store;
        _settings = new Dictionary<string, string>(store.Settings)
        {
            ["Aggregation:SeedSample"] = seedSample ? "true" : "false",
            // The sample without its tree of 2025 unless a test asks for it (SampleTreeApiTests): the tests address the
            // sample's units by code, which without a period or ?tree= would name the unit of the newest tree.
            ["Aggregation:SampleTrees"] = "false",
            ["Aggregation:Cluster:SiloPort"] = FreePort().ToString(),
            ["Aggregation:Cluster:GatewayPort"] = FreePort().ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            ((Dictionary<string, string>)_settings)[key] = value;
        }
        UseKestrel(FreePort());
        StartServer();
    }

    public GatewayStore Store { get; }

    /// <summary>Problems the gateway answered that their operation does not declare; disposing fails when there are any.</summary>
    public DeclaredAnswers Answers { get; } = new();

    /// <summary>Clients from <c>CreateClient()</c> authenticate as the bootstrap administrator.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    /// <summary>A client sending <paramref name="token"/> as its bearer key, or no key at all when null.</summary>
    public HttpClient ClientWithKey(string? token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(Answers));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Answers.Undeclared.Count > 0)
        {
            var undeclared = new UndeclaredAnswerException(Answers.Undeclared);
            // A class fixture's cleanup failure is reported by its type alone: the answers go to the run's output too.
            await Console.Error.WriteLineAsync(undeclared.Message);
            throw undeclared;
        }
    }

    /// <summary>
    /// A loopback port free now, below the kernel's range for outgoing connections: a port from that range, freed
    /// and bound a moment later, can meanwhile be taken by any connection the tests open (to PostgreSQL, to a silo).
    /// Each port is handed out once per test process, from a start that differs between processes.
    /// </summary>
    public static int FreePort()
    {
        lock (Ports)
        {
            for (var tries = 0; tries < Ports.Span; tries++)
            {
                var port = Ports.Next();
                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    return port;
                }
                catch (SocketException)
                {
                    // In use: the next one.
                }
            }
        }
        throw new InvalidOperationException("no free loopback port below the range for outgoing connections");
    }

    private static readonly PortRange Ports = new();

    /// <summary>The ports from 20000 up to the first of <c>ip_local_port_range</c>, taken in turn.</summary>
    private sealed class PortRange
    {
        private const int First = 20000;
        private readonly int _end = EphemeralStart();
        private int _next;

        public PortRange() => _next = First + Environment.ProcessId * 97 % Span;

        public int Span => _end - First;

        public int Next()
        {
            var port = _next;
            _next = _next + 1 >= _end ? First : _next + 1;
            return port;
        }

        private static int EphemeralStart()
        {
            try
            {
                var low = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0]);
                return low > First + 1000 ? low : 32768;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                return 32768;
            }
        }
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
}

/// <summary>Where a gateway's silo keeps its state: a fresh SQLite directory or a fresh PostgreSQL database.</summary>
public sealed record GatewayStore(string Provider, IReadOnlyDictionary<string, string> Settings, string? Directory)
{
    public static GatewayStore New(string provider) => provider == "sqlite" ? NewSqlite() : NewPostgres();

    public static GatewayStore NewSqlite()
    {
        var directory = Path.Combine(Path.GetTempPath(), "agg-gateway-" + Guid.NewGuid().ToString("N"));
        return new("sqlite", new Dictionary<string, string>
        {
            ["Aggregation:DataDirectory"] = directory,
            ["Aggregation:Security:AdminKey"] = GatewayFactory.AdminKey,
        }, directory);
    }

    public static GatewayStore NewPostgres() => new("postgres", new Dictionary<string, string>
    {
        ["Aggregation:Storage:Provider"] = "postgres",
        ["Aggregation:Storage:ConnectionString"] = TestPostgres.CreateDatabase(),
        ["Aggregation:Security:AdminKey"] = GatewayFactory.AdminKey,
    }, null);

    /// <summary>The same store without a configured admin key: the service generates and prints one on first start.</summary>
    public GatewayStore WithoutAdminKey() =>
        this with { Settings = Settings.Where(s => s.Key != "Aggregation:Security:AdminKey").ToDictionary(s => s.Key, s => s.Value) };

    /// <summary>The same settings as command-line arguments, for a gateway started as its own process.</summary>
    public IEnumerable<string> Arguments => Settings.SelectMany(s => new[] { "--" + s.Key, s.Value });

    public void Delete()
    {
        if (Directory is not null)
        {
            GatewayFactory.TryDelete(Directory);
        }
    }
}

/// <summary>
/// A gateway on a store of its own, shared by a test class: with the sample, or empty and filled once by <see cref="Seed"/>
/// (what a class sets up there, such as the installation's trees, can disturb no other class).
/// </summary>
public abstract class OwnGateway(string provider, bool seedSample, IReadOnlyDictionary<string, string>? settings = null) : IAsyncLifetime
{
    public GatewayFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public IGrainFactory Grains => Factory.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        Factory = new GatewayFactory(GatewayStore.New(provider), seedSample, settings);
        Client = Factory.CreateClient();
        await Seed();
    }

    /// <summary>What the class's tests start from, beyond the sample when there is one.</summary>
    protected virtual Task Seed() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        Factory.Store.Delete();
    }
}

/// <summary>One sample-loaded gateway shared by a test class.</summary>
public abstract class SampleGateway(string provider, IReadOnlyDictionary<string, string>? settings = null) : OwnGateway(provider, seedSample: true, settings);

public sealed class SqliteSampleGateway() : SampleGateway("sqlite");

public sealed class PostgresSampleGateway() : SampleGateway("postgres");
