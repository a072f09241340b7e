using Aggregation.Domain.Catalog;
using Aggregation.Domain.Scenarios;
using Aggregation.Gateway.Apis;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Aggregation.Gateway;

/// <summary>
/// What <c>/openapi/v1.json</c> says of values whose .NET type does not say it: decimals (written and read as JSON numbers
/// by the API's own converter), members read as raw JSON (<see cref="RawJsonAttribute"/>), and the <c>code</c> and
/// <c>fieldErrors</c> every problem carries.
/// </summary>
public sealed class ApiSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(RawJsonAttribute), false) is [RawJsonAttribute raw, ..])
        {
            Describe(schema, raw.Shape);
        }
        else if (Decimal(type) is { } number)
        {
            (schema.Type, schema.Format) = (number, null);
        }
        else if (DictionaryValue(type) is { } value && Decimal(value) is { } values)
        {
            schema.AdditionalProperties = new OpenApiSchema { Type = values };
        }
        else if (type == typeof(ProblemDetails) || type == typeof(HttpValidationProblemDetails))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties[ProblemCodes.CodeKey] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "A stable snake_case code for the problem (docs/problems.md lists them); translate codes, not messages.",
            };
            schema.Required ??= new HashSet<string>();
            schema.Required.Add(ProblemCodes.CodeKey);
            if (type == typeof(HttpValidationProblemDetails))
            {
                schema.Properties[ProblemCodes.FieldErrorsKey] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Description = "The same errors as `errors`, each with its field, code and message.",
                    Items = Object(("field", Text()), ("code", Text()), ("message", Text())),
                };
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>A decimal is a JSON number (never a string): exact, so no <c>double</c> format.</summary>
    private static JsonSchemaType? Decimal(Type type) =>
        type == typeof(decimal) ? JsonSchemaType.Number : type == typeof(decimal?) ? JsonSchemaType.Number | JsonSchemaType.Null : null;

    private static Type? DictionaryValue(Type type) => type.GetInterfaces().Append(type)
        .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))?.GetGenericArguments()[1];

    /// <summary>Replaces the schema of a raw JSON member (nullable, as the member is) with what the member takes.</summary>
    private static void Describe(OpenApiSchema schema, RawJson shape)
    {
        var described = shape switch
        {
            RawJson.Number => Number(),
            RawJson.NumberPerKey => new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = Number() },
            RawJson.TargetPerKey => new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema
                {
                    Description = "A bare number (the indicator's default comparator) or {comparator, value}.",
                    OneOf = [Number(), Target()],
                },
            },
            RawJson.Overrides => new OpenApiSchema { Type = JsonSchemaType.Array, Items = Override() },
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
        };
        // The raw member's own schema (JsonElement's) would otherwise become a reference to it.
        schema.Metadata?.Clear();
        schema.Type = described.Type | JsonSchemaType.Null;
        schema.OneOf = described.OneOf;
        schema.Items = described.Items;
        schema.AdditionalProperties = described.AdditionalProperties;
    }

    private static OpenApiSchema Target()
    {
        var comparators = string.Join(", ", Enum.GetValues<Comparator>().Select(c => c.ToSymbol()));
        var target = Object(("comparator", new OpenApiSchema { Type = JsonSchemaType.String, Description = $"One of {comparators}." }), ("value", Number()));
        target.Required = new HashSet<string> { "value" };
        return target;
    }

    private static OpenApiSchema Override()
    {
        var kinds = Enum.GetNames<OverrideKind>().Select(k => k.ToLowerInvariant()).ToList();
        var o = Object([("unit", Text()), ("element", Text()), .. kinds.Select(k => (k, (IOpenApiSchema)Number()))]);
        o.Description = "Exactly one of set, scale (a factor), delta or growth (in %) per override.";
        o.Required = new HashSet<string> { "unit", "element" };
        o.OneOf = [.. kinds.Select(k => (IOpenApiSchema)new OpenApiSchema { Required = new HashSet<string> { k } })];
        return o;
    }

    private static OpenApiSchema Object(params (string Name, IOpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Properties = properties.ToDictionary(p => p.Name, p => p.Schema),
    };

    private static OpenApiSchema Number() => new() { Type = JsonSchemaType.Number };

    private static OpenApiSchema Text() => new() { Type = JsonSchemaType.String };
}
