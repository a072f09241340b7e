namespace Aggregation.Domain.Rules;

/// <summary>
/// The field rules shared by more than one place (reports, plans, overrides, units, request bodies).
/// A rule that belongs to one place only is written there, with its code.
/// </summary>
public static class FieldRules
{
    public static readonly Rule Required = new(RefusalCodes.Required, "is required");
    public static readonly Rule UnknownElement = new(RefusalCodes.UnknownElement, "unknown element");
    public static readonly Rule UnknownIndicator = new(RefusalCodes.UnknownIndicator, "unknown indicator");
    public static readonly Rule Negative = new(RefusalCodes.Negative, "must not be negative");
    public static readonly Rule AboveMax = new(RefusalCodes.OutOfRange, $"must not exceed {Limits.MaxValueText}");
    public static readonly Rule OutOfRange = new(RefusalCodes.OutOfRange, $"is out of range: it must not exceed {Limits.MaxValueText} in magnitude");
    public static readonly Rule NotAnInteger = new(RefusalCodes.NotAnInteger, "is a count and must be a whole number");
    public static readonly Rule NotANumber = new(RefusalCodes.NotANumber, "must be a JSON number");
    public static readonly Rule NotFinite = new(RefusalCodes.NotANumber, "NaN and Infinity are not values");
    public static readonly Rule Inexact = new(RefusalCodes.InexactNumber,
        "cannot be kept exactly: a value has at most 28 decimal places and 29 digits, and this one would be rounded");
    public static readonly Rule UnitCode = new(RefusalCodes.InvalidCode, "must be 1–32 characters of A-Z, a-z, 0-9, '_' or '-'");
    public static readonly Rule UnitCodeRequired = new(UnitCode.Code, "a valid unit code is required");
    public static readonly Rule Period = new(RefusalCodes.InvalidPeriod, "must be a period id such as 2023, 2023S1, 2023Q1, 202301 or 2023YTD09");

    public static Rule UnitNotFound(string unit) => new(RefusalCodes.UnitNotFound, $"unit '{unit}' does not exist");

    public static Rule ScenarioNotFound(string id) => new(RefusalCodes.ScenarioNotFound, $"scenario '{id}' does not exist");

    public static Rule TooManyDecimals(string suffix = "") =>
        new(RefusalCodes.TooManyDecimals, $"must have at most {Limits.MaxDecimals} decimal places{suffix}");

    /// <summary>The magnitude limit when it is not <see cref="Limits.MaxValue"/>.</summary>
    public static Rule OutOfRangeOf(decimal limit) => limit == Limits.MaxValue ? OutOfRange
        : new(RefusalCodes.OutOfRange, $"is out of range: it must not exceed {limit.ToString(System.Globalization.CultureInfo.InvariantCulture)} in magnitude");
}
