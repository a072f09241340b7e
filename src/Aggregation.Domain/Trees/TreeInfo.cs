using Aggregation.Domain.Rules;
using Aggregation.Domain.Units;

namespace Aggregation.Domain.Trees;

/// <summary>
/// A dated version of the hierarchy (SPEC section 10): in force from <see cref="ValidFrom"/> until the
/// next tree's day. Its id follows the unit-code rule, so it can stand in keys and paths as a code does.
/// </summary>
public sealed record TreeInfo(string Id, DateOnly ValidFrom, string Name)
{
    /// <summary>The id of the one tree an installation without trees has.</summary>
    public const string DefaultId = "default";

    /// <summary>The tree of an installation that defined none: valid from the beginning of time.</summary>
    public static readonly TreeInfo Default = new(DefaultId, DateOnly.MinValue, DefaultId);

    /// <summary>The fields that break a rule; empty when the tree is acceptable.</summary>
    public IReadOnlyList<FieldError> Problems() => UnitCode.Problems(Id, "id", Name);
}
