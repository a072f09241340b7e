using Aggregation.Silo;
using Microsoft.Extensions.Hosting;

// A silo only: the HTTP API runs in a gateway started with Aggregation:Cluster:Mode=client.
var builder = Host.CreateApplicationBuilder(args);
var options = SiloHosting.ReadOptions(builder.Configuration);
builder.UseOrleans(silo => silo.AddAggregationSilo(options));
await builder.Build().RunAsync();
