using Aggregation.Domain.Periods;
using Aggregation.Domain.Units;
namespace Aggregation.Contracts;

/// <summary>Read-side orchestration: evaluates live contributions against plans. Stateless.</summary>
[Alias("agg.IQueryGrain")]
public interface IQueryGrain : IGrainWithIntegerKey
{
    /// <summary>A unit with its parent and children named, or null when it does not exist.</summary>
    [Alias("GetUnit")]
    Task<UnitDetailView?> GetUnit(UnitKey unit);

    /// <summary>Every indicator of a unit for a period, or null for an unknown unit.</summary>
    [Alias("GetIndicators")]
    Task<UnitIndicatorsView?> GetIndicators(UnitKey unit, Period period);

    /// <summary>The unit's children ranked on one indicator, best first, nulls last; null for an unknown unit.</summary>
    [Alias("Compare")]
    Task<ComparisonView?> Compare(UnitKey unit, Period period, string indicator);

    /// <summary>Every leaf under a unit with its name and latest values for a period, for report templates; null for an unknown unit.</summary>
    [Alias("GetTemplate")]
    Task<IReadOnlyList<TemplateRow>?> GetTemplate(UnitKey unit, Period period);

    /// <summary>
    /// One indicator of a unit for each of <paramref name="periods"/>, in their order, as <see cref="GetIndicators"/> gives it
    /// for that period; null for an unknown unit or indicator. Reads each year with one call to the unit's grain for it.
    /// </summary>
    [Alias("GetSeries")]
    Task<IReadOnlyList<SeriesPoint>?> GetSeries(UnitKey unit, string indicator, IReadOnlyList<Period> periods);

    /// <summary>The leaves under a unit without a value for a period, each with its last report; null for an unknown unit.</summary>
    [Alias("GetMissing")]
    Task<MissingView?> GetMissing(UnitKey unit, Period period);

    /// <summary>Recomputes a unit's values from its leaves' reports and lists any drift from the live rollup.</summary>
    [Alias("Verify")]
    Task<VerificationView?> Verify(UnitKey unit, Period period);
}
