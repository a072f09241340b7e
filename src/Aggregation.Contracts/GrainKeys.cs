using Aggregation.Domain.Periods;

namespace Aggregation.Contracts;

/// <summary>The one place composite grain keys are built and read.</summary>
public static class GrainKeys
{
    private const char Separator = '/';

    /// <summary>Key of the grain that serialises moves: one hierarchy today (trees over time will key it by tree).</summary>
    public const string Hierarchy = "default";

    /// <summary>Key of the grain rolling up a unit's children for every period of a year.</summary>
    public static string Rollup(string unit, int year) => Plan(unit, year);

    public static (string Unit, int Year) ParseRollup(string key) => ParsePlan(key);

    /// <summary>Key of a non-leaf unit's approval for a period.</summary>
    public static string Approval(string unit, Period period) => $"{unit}{Separator}{period}";

    public static (string Unit, Period Period) ParseApproval(string key)
    {
        var parts = key.Split(Separator);
        return parts.Length == 2 && Period.TryParse(parts[1], out var period)
            ? (parts[0], period)
            : throw new FormatException($"'{key}' is not an approval grain key");
    }

    /// <summary>How many grains share one day of the audit log.</summary>
    public const int AuditBuckets = 64;

    /// <summary>
    /// Key of the audit-log grain holding a day's entries about one subject (a unit, key or
    /// scenario): <c>yyyy-MM-dd/NN</c>. A day is spread over <see cref="AuditBuckets"/> grains by a
    /// stable hash of the subject, so an append rewrites a small part of the day, not all of it.
    /// </summary>
    public static string Audit(string day, string subject)
    {
        var hash = 2166136261u; // FNV-1a: the same bucket in every process and build
        foreach (var c in subject)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return AuditBucket(day, (int)(hash % AuditBuckets));
    }

    /// <summary>Key of the audit-day grain noting a subject changed on the UTC day of <paramref name="at"/>.</summary>
    public static string Audit(DateTimeOffset at, string subject) => Audit(AuditDayOf(at), subject);

    /// <summary>The UTC day (<c>yyyy-MM-dd</c>) an instant belongs to in the audit index.</summary>
    public static string AuditDayOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string AuditBucket(string day, int bucket) => $"{day}{Separator}{bucket:00}";

    /// <summary>The day of an audit-log grain key.</summary>
    public static string AuditDay(string key) => key.Split(Separator)[0];

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
