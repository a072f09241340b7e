using Microsoft.Extensions.Hosting;

namespace Aggregation.Silo;

/// <summary>A silo only: the HTTP API runs in a gateway started with Aggregation:Cluster:Mode=client.</summary>
public static class SiloProgram
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var options = SiloHosting.ReadOptions(builder.Configuration);
        builder.UseOrleans(silo => silo.AddAggregationSilo(options));
        await builder.Build().RunAsync();
    }
}
