using Aggregation.Domain.Scenarios;

namespace Aggregation.Domain.Tests;

public class ScenarioPlanTests
{
    private static readonly Dictionary<string, decimal> Reported = new() { ["income_total"] = 500m };
    private static readonly Dictionary<string, decimal> LastYear = new() { ["income_total"] = 400m };

    [Fact]
    public void AnOverrideAimedAtALeafAppliesEvenWhenTheLeafNeverReportedTheElement()
    {
        var plan = new ScenarioPlan();
        plan.Add(0, new ElementOverride("births_total", OverrideKind.Scale, 2m), "a", ["a"]);

        Assert.Single(plan.For("a", Reported, LastYear));
    }

    [Fact]
    public void AnOverrideAimedAtAUnitSkipsLeavesWithNothingToWorkOn()
    {
        var plan = new ScenarioPlan();
        plan.Add(0, new ElementOverride("income_total", OverrideKind.Scale, 2m), "district", ["a", "b"]);
        plan.Add(1, new ElementOverride("income_total", OverrideKind.Growth, 10m), "district", ["a", "b"]);

        Assert.Equal(2, plan.For("a", Reported, LastYear).Count);
        Assert.Empty(plan.For("b", null, null));
        Assert.Equal([OverrideKind.Scale], plan.For("c", Reported, null).Select(o => o.Kind).Concat(plan.For("a", Reported, null).Select(o => o.Kind)));
    }

    [Fact]
    public void AUnitWithOneLeafIsStillAScope()
    {
        var plan = new ScenarioPlan();
        plan.Add(0, new ElementOverride("income_total", OverrideKind.Delta, 1m), "district", ["a"]);

        Assert.Empty(plan.For("a", new Dictionary<string, decimal>(), null));
    }

    [Fact]
    public void OverridesKeepTheirOrderAndARefusalNamesTheFirstOfItsElement()
    {
        var plan = new ScenarioPlan();
        plan.Add(0, new ElementOverride("households", OverrideKind.Set, 10m), "a", ["a"]);
        plan.Add(1, new ElementOverride("income_total", OverrideKind.Set, 1m), "district", ["a", "b"]);
        plan.Add(2, new ElementOverride("income_total", OverrideKind.Scale, 3m), "a", ["a"]);

        Assert.Equal(["households", "income_total", "income_total"], plan.For("a", Reported, null).Select(o => o.Element));
        Assert.Equal(1, plan.IndexOf("a", "income_total"));
        Assert.Equal(0, plan.IndexOf("a", "households"));
        Assert.Equal(["a", "b"], plan.Leaves.Order());
    }
}
