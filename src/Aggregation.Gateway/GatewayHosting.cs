using System.Text.Encodings.Web;
using Aggregation.Domain.Catalog;
using Aggregation.Gateway.Apis;
using Aggregation.Silo;
using Microsoft.AspNetCore.Http.Json;
using Orleans.Dashboard;

namespace Aggregation.Gateway;

public static class GatewayHosting
{
    public const string DefaultUrls = "http://127.0.0.1:5080";
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>Orleans (an in-process silo or a cluster client), JSON, problem details, OpenAPI and health checks.</summary>
    public static WebApplicationBuilder AddAggregationGateway(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);

        var options = SiloHosting.ReadOptions(builder.Configuration);
        builder.Services.AddSingleton(options);
        if (options.Cluster.Mode == "client")
        {
            builder.UseOrleansClient(client => client.UseAggregationCluster(options));
        }
        else
        {
            builder.UseOrleans(silo => silo.AddAggregationSilo(options));
        }

        builder.Services.AddSingleton(IndicatorCatalog.Default);
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.MaxDepth = 16;
            // Vietnamese names stay readable in responses instead of \u escapes.
            o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("cluster-and-storage", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapAggregationGateway(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The dashboard at / (wwwroot/index.html); revalidated on every load so an upgrade is never half cached.
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache" });
        app.MapOpenApi();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
        app.MapCatalogApi();
        app.MapUnitsApi();
        app.MapReportsApi();
        app.MapPlansApi();
        app.MapIndicatorsApi();
        app.MapAdminApi();
        app.MapWhatIfApi();
        app.MapScenariosApi();
        app.MapImportApi();
        app.MapOrleansDashboard(routePrefix: "/orleans");
        return app;
    }
}
