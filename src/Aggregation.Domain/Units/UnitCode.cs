using System.Text.RegularExpressions;
using Aggregation.Domain.Rules;

namespace Aggregation.Domain.Units;

/// <summary>Unit codes: 1–32 characters of A-Z, a-z, 0-9, '_' and '-' (GSO codes where known).</summary>
public static partial class UnitCode
{
    public const int MaxNameLength = 200;

    public static bool IsValid(string? code) => code is not null && Pattern().IsMatch(code);

    /// <summary>The problems of something named by a code (a unit, a tree): the code under <paramref name="codeField"/>, the name under <c>name</c>.</summary>
    public static List<FieldError> Problems(string? code, string codeField, string? name)
    {
        var problems = new List<FieldError>();
        if (!IsValid(code))
        {
            problems.Add(FieldRules.UnitCode.At(codeField));
        }
        if (Names.Problem(name) is { } badName)
        {
            problems.Add(badName.At("name"));
        }
        return problems;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,32}\z")]
    private static partial Regex Pattern();
}

/// <summary>An administrative unit as stored: levels are free text, any depth.</summary>
public sealed record UnitDefinition(string Code, string Name, string Level, string? Parent)
{
    private static readonly Rule BadLevel = new(RefusalCodes.InvalidLevel, "is required, at most 64 characters, no control characters");
    private static readonly Rule BadParent = new(RefusalCodes.InvalidCode, "must be a valid unit code or null");
    private static readonly Rule OwnParent = new(RefusalCodes.Cycle, "a unit cannot be its own parent");

    /// <summary>The fields that break a rule; empty when the unit is acceptable.</summary>
    public IReadOnlyList<FieldError> Problems()
    {
        var problems = UnitCode.Problems(Code, "code", Name);
        if (string.IsNullOrWhiteSpace(Level) || Level.Length > 64 || Level.Any(char.IsControl))
        {
            problems.Add(BadLevel.At("level"));
        }
        if (Parent is not null && !UnitCode.IsValid(Parent))
        {
            problems.Add(BadParent.At("parent"));
        }
        else if (Parent == Code)
        {
            problems.Add(OwnParent.At("parent"));
        }
        return problems;
    }
}
