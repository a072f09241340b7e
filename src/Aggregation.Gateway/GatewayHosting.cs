using System.Text.Encodings.Web;
using Aggregation.Domain.Catalog;
using Aggregation.Gateway.Apis;
using Aggregation.Gateway.Security;
using Aggregation.Silo;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.OpenApi;
using Orleans.Dashboard;

namespace Aggregation.Gateway;

public static class GatewayHosting
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Orleans (an in-process silo or a cluster client), JSON, problem details, OpenAPI and health checks.</summary>
    public static WebApplicationBuilder AddAggregationGateway(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }
        var options = SiloHosting.ReadOptions(builder.Configuration);
        // The import endpoint raises its own limit (Aggregation:Security:MaxImportBytes).
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.Security.MaxBodyBytes);
        builder.Services.AddAggregationOptions();
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
            // Deeper bodies are malformed JSON (400); no request of the API nests deeper than 4.
            o.SerializerOptions.MaxDepth = 16;
            // Vietnamese names stay readable in responses instead of \u escapes.
            o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            // {"households":1,"households":2} is refused (400 naming the key), never "last wins";
            // this holds inside the raw JSON values of report, plan and override bodies too.
            o.SerializerOptions.AllowDuplicateProperties = false;
            // Options' converters win over the generated ones, so ApiJsonContext's types get it too.
            o.SerializerOptions.Converters.Add(new DecimalJsonConverter());
        });
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // RFC 2046: a multipart boundary has at most 70 characters; a longer one is a malformed body (400).
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBoundaryLengthLimit = 70);
        // A problem nothing more specific named (a 404 or 405 of routing, …) still carries a code: its status's.
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions.TryAdd(ProblemCodes.CodeKey, ProblemCodes.For(c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode)));
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<ApiDocument>().AddOperationTransformer<ApiDocument>().AddSchemaTransformer<ApiSchemas>());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Events.UnitEventsHub>();
        builder.Services.AddSingleton<Events.EventReads>();
        builder.Services.AddSingleton<KeptRankings>();
        builder.Services.AddAggregationSecurity(options);
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
        var options = app.Services.GetRequiredService<AggregationOptions>();
        app.UseAggregationSecurity(options);
        // Open: the OpenAPI document and health.
        app.MapOpenApi();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
        if (options.Dashboard.Enabled)
        {
            // The Orleans Dashboard has no authentication of its own and shows hosts, grain state and the live log:
            // administrators only, and no part of the API's description.
            app.MapOrleansDashboard(routePrefix: "/orleans").RequireAuthorization(Access.DashboardPolicy).Allow(Access.Admins).ExcludeFromDescription();
        }
        // Everything under /api needs a key; each endpoint names the roles it admits (Access.Allow)
        // and, with the problems its handler answers, the ones the pipeline answers in front of it.
        var api = app.MapGroup("").RequireAuthorization(Access.Policy).ProducesPipelineProblems();
        api.MapCatalogApi();
        api.MapUnitsApi();
        api.MapTreesApi(options.Security.MaxImportBytes);
        api.MapReportsApi();
        api.MapPlansApi(options.Security.MaxImportBytes);
        api.MapIndicatorsApi();
        api.MapStandingsApi();
        api.MapEventsApi();
        api.MapProgressApi();
        api.MapAdminApi();
        api.MapWhatIfApi();
        api.MapScenariosApi();
        api.MapImportApi(options.Security.MaxImportBytes);
        api.MapKeysApi();
        api.MapApprovalsApi();
        api.MapAuditApi();
        api.MapMappingsApi(options.Security.MaxImportBytes);
        api.MapDataValueSetsApi(options.Security.MaxDataValueSetBytes);
        return app;
    }
}
