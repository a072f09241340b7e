using System.Text.RegularExpressions;

namespace Aggregation.Domain.Units;

/// <summary>Unit codes: 1–32 characters of A-Z, a-z, 0-9, '_' and '-' (GSO codes where known).</summary>
public static partial class UnitCode
{
    public const int MaxNameLength = 200;

    public static bool IsValid(string? code) => code is not null && Pattern().IsMatch(code);

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,32}\z")]
    private static partial Regex Pattern();
}

/// <summary>An administrative unit as stored: levels are free text, any depth.</summary>
public sealed record UnitDefinition(string Code, string Name, string Level, string? Parent)
{
    /// <summary>Errors keyed by field; empty when the unit is acceptable.</summary>
    public IReadOnlyDictionary<string, string> Problems()
    {
        var problems = new Dictionary<string, string>();
        if (!UnitCode.IsValid(Code))
        {
            problems["code"] = "must be 1–32 characters of A-Z, a-z, 0-9, '_' or '-'";
        }
        if (Names.Problem(Name) is { } badName)
        {
            problems["name"] = badName;
        }
        if (string.IsNullOrWhiteSpace(Level) || Level.Length > 64 || Level.Any(char.IsControl))
        {
            problems["level"] = "is required, at most 64 characters, no control characters";
        }
        if (Parent is not null && !UnitCode.IsValid(Parent))
        {
            problems["parent"] = "must be a valid unit code or null";
        }
        else if (Parent == Code)
        {
            problems["parent"] = "a unit cannot be its own parent";
        }
        return problems;
    }
}
