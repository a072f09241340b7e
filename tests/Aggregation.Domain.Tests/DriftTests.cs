using Aggregation.Domain.Rollup;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests;

public class DriftTests
{
    private static Contribution Poor(decimal poor) => Leaf(Report(("households", 1000m), ("poor_households", poor)));

    [Fact]
    public void EqualContributionsHaveNoDrift() =>
        Assert.Empty(Drift.Between(DefaultCatalog, Poor(10m).Combine(Poor(20m)), Poor(20m).Combine(Poor(10m))));

    [Fact]
    public void DifferingFieldsAreListed()
    {
        var drift = Drift.Between(DefaultCatalog, Poor(10m), Poor(12m));
        Assert.Equal(
            [
                new DriftEntry("poor_households", "sum", 10m, 12m),
                new DriftEntry("poverty_rate", "numerator", 10m, 12m),
            ],
            drift);
    }

    [Fact]
    public void MissingLeafShowsInCountsAndSums()
    {
        var drift = Drift.Between(DefaultCatalog, Poor(10m), Poor(10m).Combine(Poor(10m)));
        Assert.Contains(new DriftEntry(Contribution.ElementsSeries, "reportingLeaves", 1m, 2m), drift);
        Assert.Contains(new DriftEntry("poverty_rate", "contributors", 1m, 2m), drift);
        Assert.Contains(new DriftEntry("households", "sum", 1000m, 2000m), drift);
    }
}
