using System.Text.Json;

namespace Aggregation.Gateway.Apis;

/// <summary>Strings read from raw JSON bodies.</summary>
public static class JsonText
{
    public const string Invalid = "\uFFFD";

    /// <summary>
    /// The string, or null when <paramref name="json"/> is not one. A string that is not valid text (invalid
    /// UTF-8, or a lone surrogate escape such as <c>"\udfff"</c>) comes back as U+FFFD, which no code, element
    /// or comparator accepts: the field is then refused by its own rule instead of failing the request.
    /// </summary>
    public static string? Read(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        try
        {
            return json.GetString();
        }
        catch (InvalidOperationException)
        {
            return Invalid;
        }
    }
}
