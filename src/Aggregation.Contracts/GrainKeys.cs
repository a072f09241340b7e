using Aggregation.Domain.Periods;

namespace Aggregation.Contracts;

/// <summary>The one place composite grain keys are built and read.</summary>
public static class GrainKeys
{
    private const char Separator = '/';

    /// <summary>Key of the grain rolling up a unit's children for a period.</summary>
    public static string Rollup(string unit, Period period) => $"{unit}{Separator}{period}";

    public static (string Unit, Period Period) ParseRollup(string key)
    {
        var parts = key.Split(Separator);
        return parts.Length == 2 && Period.TryParse(parts[1], out var period)
            ? (parts[0], period)
            : throw new FormatException($"'{key}' is not a rollup grain key");
    }

    /// <summary>Key of a non-leaf unit's approval for a period.</summary>
    public static string Approval(string unit, string period) => $"{unit}{Separator}{period}";

    public static (string Unit, string Period) ParseApproval(string key)
    {
        var parts = key.Split(Separator);
        return parts.Length == 2 ? (parts[0], parts[1]) : throw new FormatException($"'{key}' is not an approval grain key");
    }

    /// <summary>Key of a unit's plan for a year.</summary>
    public static string Plan(string unit, int year) => $"{unit}{Separator}{year}";

    public static (string Unit, int Year) ParsePlan(string key)
    {
        var parts = key.Split(Separator);
        return parts.Length == 2 && int.TryParse(parts[1], out var year)
            ? (parts[0], year)
            : throw new FormatException($"'{key}' is not a plan grain key");
    }
}
