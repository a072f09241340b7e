using System.Collections;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aggregation.Domain.Rules;
using Aggregation.Gateway.Apis;

namespace Aggregation.Gateway;

/// <summary>
/// A malformed request said in words and a code, naming the field by its JSON path where there is one.
/// The framework's own messages name .NET types ("could not be converted to …UnitsApi+UnitBody");
/// none of that reaches a client.
/// </summary>
public static partial class RequestProblemText
{
    /// <summary>The field (a JSON path such as <c>overrides[0].set</c>, or <c>body</c>) and what is wrong with it.</summary>
    public static FieldError Describe(JsonException json, Type? bodyType)
    {
        var segments = Segments(json.Path);
        if (json.Message.StartsWith("Duplicate propert", StringComparison.Ordinal))
        {
            // A typed object names the path to the duplicate; a raw JSON value names its object and quotes the key.
            var quoted = QuotedName().Match(json.Message);
            if (quoted.Success && (segments.Count == 0 || segments[^1] != quoted.Groups[1].Value))
            {
                segments.Add(quoted.Groups[1].Value);
            }
            var key = segments.Count > 0 ? segments[^1] : "?";
            return new(Field(segments), RefusalCodes.DuplicateKey, $"duplicate key '{key}': each key may appear only once");
        }
        if (json is RuleJsonException refused)
        {
            return refused.Rule.At(Field(segments)); // the API's own decimal reader said it
        }
        if (json.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            var expected = TypeAt(bodyType, segments) is { } type ? Words(type) : "a value of another type";
            return new(Field(segments), RefusalCodes.WrongType, $"expected {expected}");
        }
        // A syntax error: the reader's words name positions, never types; the path goes in the field.
        var message = PathSuffix().Replace(json.Message, "");
        return new(Field(segments), RefusalCodes.InvalidJson, TypeName().IsMatch(message) ? "is not valid JSON" : $"is not valid JSON: {message}");
    }

    /// <summary>A request the framework could not bind, without the parameter's .NET type; no field when it names none.</summary>
    public static (FieldError? Field, string Message) Describe(BadHttpRequestException bad)
    {
        if (Parameter().Match(bad.Message) is { Success: true } m)
        {
            var name = m.Groups["name"].Value;
            var error = m.Groups["verb"].Value == "Required"
                ? FieldRules.Required.At(name)
                : new FieldError(name, RefusalCodes.InvalidValue, m.Groups["value"].Success ? $"'{m.Groups["value"].Value}' is not a valid value" : "could not be read");
            return (error, error.Message);
        }
        return (null, TypeName().IsMatch(bad.Message) ? "The request could not be read." : bad.Message);
    }

    private static string Field(List<string> segments)
    {
        if (segments.Count == 0)
        {
            return "body";
        }
        var field = segments[0];
        foreach (var s in segments.Skip(1))
        {
            field += s.StartsWith('[') ? s : "." + s;
        }
        return field;
    }

    /// <summary>"$.overrides[0]['a b']" as ["overrides", "[0]", "a b"].</summary>
    private static List<string> Segments(string? path) =>
        path is null ? [] : PathSegment().Matches(path).Select(m =>
            m.Groups["index"].Success ? $"[{m.Groups["index"].Value}]" : m.Groups["name"].Success ? m.Groups["name"].Value : m.Groups["quoted"].Value.Replace("''", "'")).ToList();

    /// <summary>The .NET type the body expects at a path, walking properties (case-insensitive), dictionary values and list items.</summary>
    private static Type? TypeAt(Type? type, List<string> segments)
    {
        foreach (var segment in segments)
        {
            if (type is null)
            {
                return null;
            }
            type = Nullable.GetUnderlyingType(type) ?? type;
            type = segment.StartsWith('[') ? ItemType(type)
                : Dictionary(type) is { } value ? value
                : type.GetProperties().FirstOrDefault(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase))?.PropertyType;
        }
        return type;
    }

    private static Type? Dictionary(Type type) =>
        type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>))?.GetGenericArguments()[1];

    private static Type? ItemType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static string Words(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return Type.GetTypeCode(type) switch
        {
            TypeCode.String => "a string",
            TypeCode.Boolean => "true or false",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "a whole number",
            TypeCode.Decimal or TypeCode.Double or TypeCode.Single => "a number",
            TypeCode.DateTime => "a date and time (ISO 8601)",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateOnly) => "a date and time (ISO 8601)",
            _ when type.IsEnum => "one of the allowed names",
            _ when Dictionary(type) is not null => "a JSON object",
            _ when typeof(IEnumerable).IsAssignableFrom(type) => "an array",
            _ => "a JSON object",
        };
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>(?:[^']|'')*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex QuotedName();

    [GeneratedRegex(@"\s*Path: .*$")]
    private static partial Regex PathSuffix();

    [GeneratedRegex(@"^(?<verb>Required|Failed to bind|Failed to read) parameter ""[^""]*?(?<name>\w+)""(?: from ""(?<value>.*)"")?")]
    private static partial Regex Parameter();

    /// <summary>Anything that looks like a .NET type: a namespace-qualified name, a generic arity or a nested type.</summary>
    [GeneratedRegex(@"\b(?:System|Microsoft|Aggregation|Orleans)\.\w|`\d|\w\+\w")]
    private static partial Regex TypeName();
}
