using Aggregation.Domain.Catalog;
using Aggregation.Domain.Reports;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Rules;

namespace Aggregation.Domain.Scenarios;

/// <summary>A leaf's scenario values, or why the overrides cannot apply to it (keyed by element).</summary>
public sealed record ScenarioLeafResult(IReadOnlyDictionary<string, decimal> Values, IReadOnlyList<FieldError> FieldErrors)
{
    public bool IsValid => FieldErrors.Count == 0;

    public IReadOnlyDictionary<string, string[]> Errors => FieldErrors.ByField();

    /// <summary>
    /// The leaf's contribution under the scenario. No values means the leaf still has no report,
    /// which contributes nothing, exactly as in the live rollup.
    /// </summary>
    public Contribution ToContribution(IndicatorCatalog catalog, IReadOnlyDictionary<string, decimal>? previous, bool flagged = false, bool approved = false, bool derived = false) =>
        !IsValid ? throw new InvalidOperationException($"the overrides of {string.Join(", ", Errors.Keys)} do not apply")
        : Values.Count == 0 ? Contribution.Empty
        : LeafContribution.Compute(catalog, Values, previous, flagged, approved, derived);
}

/// <summary>Applies a scenario's overrides to one leaf's live reports, never touching them.</summary>
public static class ScenarioLeaf
{
    /// <summary>
    /// Applies <paramref name="overrides"/> in order to a copy of <paramref name="current"/>, then
    /// checks the result with the report rules (fractional counts allowed, SPEC section 5). Errors
    /// are keyed by element; when an override itself fails, the report rules are not checked.
    /// </summary>
    public static ScenarioLeafResult Apply(
        IndicatorCatalog catalog,
        IReadOnlyDictionary<string, decimal>? current,
        IReadOnlyDictionary<string, decimal>? previous,
        IReadOnlyList<ElementOverride> overrides)
    {
        var values = current is null ? new Dictionary<string, decimal>() : new Dictionary<string, decimal>(current);
        var errors = new List<FieldError>();
        foreach (var o in overrides)
        {
            if (Next(catalog, o, values, previous) is { } error)
            {
                errors.Add(error.At(o.Element));
            }
        }
        if (errors.Count > 0 || values.Count == 0)
        {
            return new(values, errors);
        }
        return new(values, ReportValidator.Validate(catalog, values, previous, allowFractionalCounts: true).FieldErrors);
    }

    /// <summary>Applies one override to <paramref name="values"/>; returns the error instead when it cannot.</summary>
    private static Rule? Next(IndicatorCatalog catalog, ElementOverride o, Dictionary<string, decimal> values, IReadOnlyDictionary<string, decimal>? previous)
    {
        if (catalog.FindElement(o.Element) is null)
        {
            return FieldRules.UnknownElement;
        }
        if (ElementOverride.CheckAmount(o.Kind, o.Amount) is { } refused)
        {
            return refused;
        }
        var hasCurrent = values.TryGetValue(o.Element, out var now);
        decimal? before = previous is not null && previous.TryGetValue(o.Element, out var p) ? p : null;
        try
        {
            decimal? result = o.Kind switch
            {
                OverrideKind.Set => o.Amount,
                OverrideKind.Scale when hasCurrent => now * o.Amount,
                OverrideKind.Delta when hasCurrent => now + o.Amount,
                OverrideKind.Growth when before is { } b => b * (1m + o.Amount / 100m),
                _ => null,
            };
            if (result is not { } r)
            {
                return o.Kind == OverrideKind.Growth
                    ? new(RefusalCodes.NoPreviousValue, "has no value for the same period last year to grow from")
                    : new(RefusalCodes.NotReported, $"not reported for this period, so there is nothing to {o.Kind.ToString().ToLowerInvariant()}");
            }
            // Six decimals keep sums exact (ReportValidator.MaxDecimals); to-even rounding has no
            // upward bias, so scaling many leaves does not drift their total away from the factor.
            values[o.Element] = decimal.Round(r, ReportValidator.MaxDecimals, MidpointRounding.ToEven);
            return null;
        }
        catch (OverflowException)
        {
            return new(RefusalCodes.OutOfRange, "the override's result is out of range");
        }
    }
}
