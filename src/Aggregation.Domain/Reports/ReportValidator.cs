using System.Globalization;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Numbers;
using Aggregation.Domain.Rules;

namespace Aggregation.Domain.Reports;

/// <summary>Something odd about an accepted report, at the element it concerns: stored, flagged, shown with it.</summary>
public sealed record ReportWarning(string? Element, Note Note)
{
    public string Code => Note.Code;

    public string Message => Note.Message;

    public IReadOnlyDictionary<string, NoteArg> Args => Note.Args;
}

/// <summary>The verdict on a report: errors (keyed by element, with codes) reject it whole, warnings only flag it.</summary>
public sealed record ValidationOutcome(IReadOnlyList<FieldError> FieldErrors, IReadOnlyList<ReportWarning> Warnings)
{
    public bool IsValid => FieldErrors.Count == 0;

    public IReadOnlyDictionary<string, string[]> Errors => FieldErrors.ByField();
}

/// <summary>The report rules of the catalogue.</summary>
public static class ReportValidator
{
    public const decimal MaxValue = Limits.MaxValue;
    public const int MaxDecimals = Limits.MaxDecimals;

    public static ValidationOutcome Validate(
        IndicatorCatalog catalog,
        IReadOnlyDictionary<string, decimal> values,
        IReadOnlyDictionary<string, decimal>? previous = null,
        bool allowFractionalCounts = false)
    {
        var errors = new List<FieldError>();
        void Fail(string key, Rule rule) => errors.Add(rule.At(key));

        if (values.Count == 0)
        {
            Fail("values", Empty);
        }
        foreach (var (code, value) in values)
        {
            if (catalog.FindElement(code) is not { } element)
            {
                Fail(code, FieldRules.UnknownElement);
                continue;
            }
            if (value < 0)
            {
                Fail(code, FieldRules.Negative);
            }
            if (value > MaxValue)
            {
                Fail(code, FieldRules.AboveMax);
            }
            // A scenario may scale 7 poor households by 0.9: its counts are estimates, not tallies.
            if (element.Kind == ElementKind.Count && !allowFractionalCounts && decimal.Truncate(value) != value)
            {
                Fail(code, FieldRules.NotAnInteger);
            }
            else if (value.Scale > MaxDecimals && decimal.Round(value, MaxDecimals) != value)
            {
                Fail(code, FieldRules.TooManyDecimals());
            }
            if (element.Max is { } max && value > max)
            {
                Fail(code, new(RefusalCodes.OutOfRange, $"must be at most {max.ToString(CultureInfo.InvariantCulture)}"));
            }
            if (element.AtMost is { } bound && values.TryGetValue(bound, out var limit) && value > limit)
            {
                Fail(code, new(RefusalCodes.Exceeds(bound), $"must not exceed {bound} ({limit.ToString(CultureInfo.InvariantCulture)})"));
            }
        }
        return new ValidationOutcome(errors, errors.Count == 0 ? Warn(values, previous) : []);
    }

    private static readonly Rule Empty = new(RefusalCodes.Required, "a report needs at least one element value");

    /// <summary>A non-number or non-finite value as it arrived, before it could become a decimal.</summary>
    public static Rule DescribeNonNumber(string? raw) => raw?.Trim() switch
    {
        "NaN" or "Infinity" or "-Infinity" or "+Infinity" => FieldRules.NotFinite,
        _ => FieldRules.NotANumber,
    };

    private static List<ReportWarning> Warn(IReadOnlyDictionary<string, decimal> v, IReadOnlyDictionary<string, decimal>? previous)
    {
        var warnings = new List<ReportWarning>();
        if (v.TryGetValue("income_total", out var total)
            && v.TryGetValue("income_agriculture", out var agri)
            && v.TryGetValue("income_industry", out var ind)
            && v.TryGetValue("income_services", out var svc))
        {
            var sectors = agri + ind + svc;
            if (total == 0 ? sectors != 0 : Math.Abs(sectors - total) > Thresholds.SectorTolerancePercent / 100m * total)
            {
                warnings.Add(new("income_total", Note.Of(NoteCodes.SectorSum,
                    $"sector incomes add up to {Format(sectors)}, which differs from income_total {Format(total)} by more than {Format(Thresholds.SectorTolerancePercent)} %",
                    ("sectors", sectors), ("total", total), ("tolerance", Thresholds.SectorTolerancePercent))));
            }
        }
        if (v.TryGetValue("insured_people", out var insured) && v.TryGetValue("population", out var population) && insured > population)
        {
            warnings.Add(new("insured_people", Note.Of(NoteCodes.InsuredAbovePopulation,
                $"insured_people ({Format(insured)}) exceeds population ({Format(population)})",
                ("insured", insured), ("population", population))));
        }
        if (v.TryGetValue("births_boys", out var boys) && v.TryGetValue("births_girls", out var girls) && boys + girls > Thresholds.SexRatioMinBirths)
        {
            var ratio = girls == 0 ? (decimal?)null : boys / girls * 100m;
            if (ratio is null or < Thresholds.SexRatioLow or > Thresholds.SexRatioHigh)
            {
                // Shown to one decimal, in the words and the args alike.
                var shown = ratio is { } r ? Math.Round(r, 1) : (decimal?)null;
                (string, NoteArg)[] bounds = [("low", Thresholds.SexRatioLow), ("high", Thresholds.SexRatioHigh)];
                warnings.Add(new("births_boys", Note.Of(NoteCodes.SexRatio,
                    $"sex ratio at birth {(shown is { } f ? Format(f) : "undefined")} is outside " +
                    $"{Format(Thresholds.SexRatioLow)}–{Format(Thresholds.SexRatioHigh)} boys per 100 girls",
                    shown is { } s ? [("ratio", s), .. bounds] : bounds)));
            }
        }
        if (previous is not null)
        {
            foreach (var (code, value) in v)
            {
                // The previous report is whatever was stored then: its values are not bounded by today's rules.
                if (previous.TryGetValue(code, out var before) && before != 0
                    && Checked.Distance(value, before) > Thresholds.LargeChangePercent / 100m * Math.Abs(before))
                {
                    warnings.Add(new(code, Note.Of(NoteCodes.LargeChange,
                        $"{code} moved from {Format(before)} to {Format(value)}, more than {Format(Thresholds.LargeChangePercent)} % from the same period last year",
                        ("element", code), ("from", before), ("to", value), ("threshold", Thresholds.LargeChangePercent))));
                }
            }
        }
        return warnings;
    }

    private static string Format(decimal d) => d.ToString("0.###", CultureInfo.InvariantCulture);
}
