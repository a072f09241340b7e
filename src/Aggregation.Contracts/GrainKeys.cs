using Aggregation.Domain.Periods;
using Aggregation.Domain.Units;

namespace Aggregation.Contracts;

/// <summary>The one place composite grain keys are built and read.</summary>
public static class GrainKeys
{
    private const char Separator = '/';

    /// <summary>Key of the grain that serialises the moves of one tree's units: the tree's id (<c>default</c> for the default tree).</summary>
    public static string Hierarchy(string tree) => tree;

    /// <summary>Key of the grain holding the installation's trees.</summary>
    public const string TreeBook = "trees";

    /// <summary>Key of the grain holding the mapping from the leaves of tree <paramref name="fromTree"/> to those of <paramref name="toTree"/>.</summary>
    public static string Mapping(string fromTree, string toTree) => $"{fromTree}{Separator}{toTree}";

    public static (string FromTree, string ToTree) ParseMapping(string key)
    {
        var parts = key.Split(Separator);
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0
            ? (parts[0], parts[1])
            : throw new FormatException($"'{key}' is not a mapping grain key");
    }

    /// <summary>Key of a unit's own grains (unit, leaf store): the unit key's text (<see cref="UnitKey.ToString"/>).</summary>
    public static string Unit(UnitKey unit) => unit.ToString();

    /// <summary>Key of the grain rolling up a unit's children for every period of a year.</summary>
    public static string Rollup(UnitKey unit, int year) => Plan(unit, year);

    public static (UnitKey Unit, int Year) ParseRollup(string key) => ParsePlan(key);

    /// <summary>Key of a non-leaf unit's approval for a period.</summary>
    public static string Approval(UnitKey unit, Period period) => $"{unit}{Separator}{period}";

    public static (UnitKey Unit, Period Period) ParseApproval(string key)
    {
        var parts = key.Split(Separator);
        return parts.Length == 2 && UnitKey.TryParse(parts[0], out var unit) && Period.TryParse(parts[1], out var period)
            ? (unit, period)
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

    /// <summary>Key of the grain passing the leaves' contributions of one tree and year on to the indicator grains.</summary>
    public static string StandingsFeed(string tree, int year) => $"{tree}{Separator}{year}";

    public static (string Tree, int Year) ParseStandingsFeed(string key)
    {
        var parts = key.Split(Separator);
        return parts.Length == 2 && parts[0].Length > 0 && int.TryParse(parts[1], out var year)
            ? (parts[0], year)
            : throw new FormatException($"'{key}' is not a standings feed key");
    }

    /// <summary>Key of the grain holding one indicator of every leaf of a tree for every period of a year.</summary>
    public static string Indicator(string indicator, string tree, int year) => $"{indicator}{Separator}{tree}{Separator}{year}";

    public static (string Indicator, string Tree, int Year) ParseIndicator(string key)
    {
        var parts = key.Split(Separator);
        return parts.Length == 3 && parts[0].Length > 0 && parts[1].Length > 0 && int.TryParse(parts[2], out var year)
            ? (parts[0], parts[1], year)
            : throw new FormatException($"'{key}' is not an indicator grain key");
    }

    /// <summary>Key of a unit's plan for a year.</summary>
    public static string Plan(UnitKey unit, int year) => $"{unit}{Separator}{year}";

    public static (UnitKey Unit, int Year) ParsePlan(string key)
    {
        var parts = key.Split(Separator);
        return parts.Length == 2 && UnitKey.TryParse(parts[0], out var unit) && int.TryParse(parts[1], out var year)
            ? (unit, year)
            : throw new FormatException($"'{key}' is not a plan grain key");
    }
}
