namespace Aggregation.Domain.Security;

/// <summary>What a key may do. Every role but <see cref="Admin"/> is confined to its unit's subtree.</summary>
public enum Role
{
    /// <summary>Everything, everywhere: units, plans, keys, verification.</summary>
    Admin,

    /// <summary>Reads a subtree; runs and saves scenarios on it.</summary>
    Analyst,

    /// <summary>An analyst who also approves and unapproves within the subtree.</summary>
    Approver,

    /// <summary>Submits and reads the reports of one leaf.</summary>
    Reporter,
}

public static class Roles
{
    public static readonly IReadOnlyList<Role> All = Enum.GetValues<Role>();

    /// <summary>The role's name as the API spells it (<c>admin</c>, <c>analyst</c>, …).</summary>
    public static string Name(this Role role) => role.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out Role role)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), text, StringComparison.Ordinal))
            {
                role = candidate;
                return true;
            }
        }
        role = default;
        return false;
    }
}
