using Aggregation.Domain.Rules;

namespace Aggregation.Domain.Units;

/// <summary>
/// Names people give things (units, keys, scenarios): required, at most <see cref="MaxLength"/>
/// characters, no control characters and no broken UTF-16. Anything else — Vietnamese in NFC or
/// NFD, emoji, joiners, direction marks — is stored exactly as sent.
/// </summary>
public static class Names
{
    public const int MaxLength = UnitCode.MaxNameLength;

    private static readonly Rule Length = new(RefusalCodes.InvalidName, $"is required, at most {MaxLength} characters");
    private static readonly Rule Control = new(RefusalCodes.InvalidName, "must not contain control characters");
    private static readonly Rule Unicode = new(RefusalCodes.InvalidName, "must be valid Unicode text");

    /// <summary>Why the name is refused, or null when it is acceptable.</summary>
    public static Rule? Problem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxLength)
        {
            return Length;
        }
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsControl(c))
            {
                return Control;
            }
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return Unicode;
            }
        }
        return null;
    }
}
