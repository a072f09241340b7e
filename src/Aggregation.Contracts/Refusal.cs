using Aggregation.Domain.Rules;

namespace Aggregation.Contracts;

/// <summary>What class of answer a refusal is: the gateway maps each kind to one HTTP status.</summary>
public enum RefusalKind
{
    /// <summary>A value breaks a rule (422).</summary>
    Invalid,

    /// <summary>The request itself cannot be read (400).</summary>
    Malformed,

    /// <summary>What the request names does not exist (404).</summary>
    NotFound,

    /// <summary>The request contradicts the stored state: a version, an approval order (409).</summary>
    Conflict,

    /// <summary>The period is approved and refuses changes until it is unapproved (409).</summary>
    Locked,

    /// <summary>An all-or-nothing import holds the period; retry shortly (409).</summary>
    Busy,
}

/// <summary>
/// Why a grain did not do what it was asked: the one refusal vocabulary of the product. <see cref="Code"/>
/// is a stable snake_case name that clients translate; <see cref="Field"/> the field it concerns, if any.
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.refusal")]
public sealed record Refusal(
    [property: Id(0)] RefusalKind Kind,
    [property: Id(1)] string? Field,
    [property: Id(2)] string Code,
    [property: Id(3)] string Message,
    [property: Id(4)] IReadOnlyDictionary<string, NoteArg>? Args = null)
{
    public static Refusal UnitNotFound(string unit) => Of(RefusalKind.NotFound, FieldRules.UnitNotFound(unit).At("unit"));

    public static Refusal Of(RefusalKind kind, FieldError error) => new(kind, error.Field, error.Code, error.Message, error.Args);

    public static Refusal Invalid(FieldError error) => Of(RefusalKind.Invalid, error);

    public static IReadOnlyList<Refusal> Invalid(IEnumerable<FieldError> errors) => errors.Select(Invalid).ToList();

    public static Refusal Invalid(string field, Rule rule) => Invalid(rule.At(field));
}
