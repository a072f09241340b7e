namespace Aggregation.Domain.Rules;

/// <summary>
/// One broken rule: the field (an element, a JSON path such as <c>overrides[0].set</c>), the rule's
/// stable snake_case code, and its words. Clients translate the code, never the words; <see cref="Args"/>,
/// when given, names what the words say beyond the rule (the <see cref="LeafArg"/> a what-if broke it at).
/// </summary>
public sealed record FieldError(string Field, string Code, string Message, IReadOnlyDictionary<string, NoteArg>? Args = null)
{
    public const string LeafArg = "leaf";

    /// <summary>This error as a what-if met it at one leaf of the overrides' unit.</summary>
    public FieldError AtLeaf(string leaf) =>
        this with { Message = $"leaf '{leaf}': {Message}", Args = new Dictionary<string, NoteArg>(Args ?? Note.NoArgs) { [LeafArg] = leaf } };
}

/// <summary>A rule's code with the words that explain it, said once; <see cref="At"/> names the field that broke it.</summary>
public sealed record Rule(string Code, string Message)
{
    public FieldError At(string field) => new(field, Code, Message);
}

public static class FieldErrors
{
    /// <summary>The messages keyed by field, as problem+json's <c>errors</c> shows them.</summary>
    public static IReadOnlyDictionary<string, string[]> ByField(this IEnumerable<FieldError> errors) =>
        errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
}
