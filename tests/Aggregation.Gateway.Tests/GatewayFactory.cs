using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Aggregation.Gateway.Tests;

/// <summary>
/// The real gateway with its in-process silo, served by Kestrel on a free loopback port,
/// storing into its own directory so each factory is isolated.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    public GatewayFactory(string? dataDirectory = null, bool seedSample = true)
    {
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "agg-gateway-" + Guid.NewGuid().ToString("N"));
        SeedSample = seedSample;
        UseKestrel(FreePort());
        StartServer();
    }

    public string DataDirectory { get; }

    public bool SeedSample { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Aggregation:DataDirectory", DataDirectory);
        builder.UseSetting("Aggregation:SeedSample", SeedSample ? "true" : "false");
        builder.UseSetting("Aggregation:Cluster:SiloPort", FreePort().ToString());
        builder.UseSetting("Aggregation:Cluster:GatewayPort", FreePort().ToString());
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

/// <summary>One sample-loaded gateway shared by a test class.</summary>
public sealed class SampleGateway : IAsyncLifetime
{
    public GatewayFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Factory = new GatewayFactory();
        Client = Factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        GatewayFactory.TryDelete(Factory.DataDirectory);
    }
}
