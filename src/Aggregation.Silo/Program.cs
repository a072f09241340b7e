using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregation.Silo;

/// <summary>A silo only: the HTTP API runs in a gateway started with Aggregation:Cluster:Mode=client.</summary>
public static class SiloProgram
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        // Quiet Orleans as the gateway's appsettings.json does; a more specific Logging:LogLevel category still applies.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        var options = SiloHosting.ReadOptions(builder.Configuration);
        builder.UseOrleans(silo => silo.AddAggregationSilo(options));
        await builder.Build().RunAsync();
    }
}
