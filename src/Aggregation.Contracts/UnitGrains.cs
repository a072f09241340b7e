using Aggregation.Domain.Periods;
using Aggregation.Domain.Units;

namespace Aggregation.Contracts;

/// <summary>The grains of a unit, reached from its key: the one way a unit is addressed.</summary>
public static class UnitGrains
{
    /// <summary>The unit's place in its tree.</summary>
    public static IUnitGrain Unit(this IGrainFactory grains, UnitKey unit) => grains.Reference<IUnitGrain>(GrainKeys.Unit(unit));

    /// <summary>The unit's leaf store: its reports and, as a leaf, its approvals.</summary>
    public static ICommuneGrain Commune(this IGrainFactory grains, UnitKey unit) => grains.Reference<ICommuneGrain>(GrainKeys.Unit(unit));

    /// <summary>The rollup of the unit's children for every period of a year.</summary>
    public static IRollupGrain Rollup(this IGrainFactory grains, UnitKey unit, int year) => grains.Reference<IRollupGrain>(GrainKeys.Rollup(unit, year));

    /// <summary>The unit's plan for a year.</summary>
    public static IPlanGrain Plan(this IGrainFactory grains, UnitKey unit, int year) => grains.Reference<IPlanGrain>(GrainKeys.Plan(unit, year));

    /// <summary>A non-leaf unit's approval for a period.</summary>
    public static IApprovalGrain Approval(this IGrainFactory grains, UnitKey unit, Period period) => grains.Reference<IApprovalGrain>(GrainKeys.Approval(unit, period));

    /// <summary>The door to changes of a tree's units.</summary>
    public static IUnitHierarchyGrain Hierarchy(this IGrainFactory grains, string tree) => grains.Reference<IUnitHierarchyGrain>(GrainKeys.Hierarchy(tree));
}
