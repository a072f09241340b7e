using Aggregation.Gateway.Apis;
using Aggregation.Gateway.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Aggregation.Gateway;

/// <summary>
/// What <c>/openapi/v1.json</c> says of the API as a whole: its name, how to send a key, what each group of endpoints is for;
/// and of an operation, the files it answers or takes (<see cref="FileAnswers"/>, <see cref="FileUpload"/>), which no typed result or parameter declares.
/// </summary>
public sealed class ApiDocument : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    /// <summary>Endpoints are tagged by the class that maps them; each tag says what its endpoints are for.</summary>
    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Aggregation.Gateway"] = "Liveness and readiness of the service.",
        ["CatalogApi"] = "The indicator catalogue: elements and indicators with names, units, formulas and directions.",
        ["UnitsApi"] = "Administrative units: create, rename and move them (a unit's data moves with it).",
        ["TreesApi"] = "Trees: dated versions of the hierarchy, and loading a tree's units from a file.",
        ["ReportsApi"] = "A leaf's reports for a period, every version kept.",
        ["PlansApi"] = "A unit's targets for a year, with consistency warnings.",
        ["IndicatorsApi"] = "Every indicator of any unit and period, and the comparison of a unit's children.",
        ["WhatIfApi"] = "What-if scenarios on top of live data, and goal seek.",
        ["ScenariosApi"] = "Saved scenarios, evaluated on live data at each read.",
        ["ImportApi"] = "Report templates and imports from csv or xlsx.",
        ["ApprovalsApi"] = "Approving (locking) a unit's figures for a period, leaves first.",
        ["AuditApi"] = "Who changed what and when.",
        ["KeysApi"] = "API keys and their scopes.",
        ["ProgressApi"] = "An indicator over a run of periods, and the leaves that have no value for a period yet.",
        ["AdminApi"] = "Checks for administrators: recompute a unit from its leaves and list any drift.",
        ["MappingsApi"] = "How the leaves of one tree went into those of the next, and a unit's lineage one step each way.",
        ["StandingsApi"] = "Rankings and distributions of the units of a level under any scope, and a unit's standing under each ancestor.",
        ["EventsApi"] = "A unit's figures as server-sent events, whenever they change (at most one a second).",
        ["DataValueSetsApi"] = "DHIS2's data value sets: reports in and out in the format DHIS2 and its tools exchange, with DHIS2's import summary.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Aggregation";
        document.Info.Description = "Communes report their plan indicators; every level of the administrative hierarchy adds them up live.";
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            tag.Description ??= tag.Name is { } name ? Tags.GetValueOrDefault(name) : null;
        }
        // Every /api operation takes an API key; the document says how to send it.
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerKeyHandler.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "agg_<id>_<secret>, or the configured administrator key",
            Description = "An API key from POST /api/keys.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerKeyHandler.SchemeName, document)] = [] }];
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<FileAnswers>().LastOrDefault() is { } files)
        {
            operation.Responses ??= [];
            if (operation.Responses.GetValueOrDefault("200") is not OpenApiResponse ok)
            {
                operation.Responses["200"] = ok = new OpenApiResponse { Description = "OK" };
            }
            ok.Content ??= new Dictionary<string, OpenApiMediaType>();
            foreach (var type in files.ContentTypes)
            {
                ok.Content[type] = new OpenApiMediaType { Schema = Binary() };
            }
        }
        if (metadata.OfType<FileUpload>().LastOrDefault() is { } upload)
        {
            var content = upload.ContentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = Binary() });
            content["multipart/form-data"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema> { [upload.Field] = Binary() },
                    Required = new HashSet<string> { upload.Field },
                },
            };
            // A JSON body the operation takes as well keeps its schema beside the files.
            foreach (var (type, media) in operation.RequestBody?.Content ?? new Dictionary<string, OpenApiMediaType>())
            {
                content.TryAdd(type, media);
            }
            operation.RequestBody = new OpenApiRequestBody { Required = upload.Required, Content = content };
            if (upload.Answer is { } answer && operation.Responses?.GetValueOrDefault("200")?.Content is { } answers
                && answers.TryGetValue("application/json", out var json) && json.Schema is { } own)
            {
                // By reference, as every answer is: the schema is among the document's, since another operation answers it.
                json.Schema = new OpenApiSchema { OneOf = [own, new OpenApiSchemaReference(answer.Name, context.Document)] };
            }
        }
        return Task.CompletedTask;
    }

    private static OpenApiSchema Binary() => new() { Type = JsonSchemaType.String, Format = "binary" };
}
