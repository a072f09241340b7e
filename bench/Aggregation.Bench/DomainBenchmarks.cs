using Aggregation.Domain.Catalog;
using Aggregation.Domain.Reports;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Scenarios;
using BenchmarkDotNet.Attributes;

namespace Aggregation.Bench;

/// <summary>The domain steps on the ingest and query paths, one commune or one district at a time.</summary>
[MemoryDiagnoser, ShortRunJob]
public class DomainBenchmarks
{
    private readonly IndicatorCatalog _catalog = IndicatorCatalog.Default;
    private NationalData _data = null!;
    private Contribution[] _district = null!;
    private Contribution _whole = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = new NationalData(NationalData.CommunesPerDistrict);
        _district = _data.Communes.Select(r => LeafContribution.Compute(_catalog, r.Current, r.Previous)).ToArray();
        _whole = Contribution.Sum(_district);
    }

    [Benchmark(Description = "validate one report")]
    public ValidationOutcome Validate() => ReportValidator.Validate(_catalog, _data.Communes[0].Current, _data.Communes[0].Previous);

    [Benchmark(Description = "leaf contribution of one report")]
    public Contribution Leaf() => LeafContribution.Compute(_catalog, _data.Communes[0].Current, _data.Communes[0].Previous);

    [Benchmark(Description = "replace one child in a total, as subtract then combine")]
    public Contribution SubtractCombine() => _whole.Subtract(_district[0]).Combine(_district[1]);

    [Benchmark(Description = "replace one child in a total, in one pass (what a rollup grain does)")]
    public Contribution Replace() => _whole.Replace(_district[0], _district[1]);

    [Benchmark(Description = "sum a district of 15 communes")]
    public Contribution SumDistrict() => Contribution.Sum(_district);

    [Benchmark(Description = "evaluate all 19 indicators")]
    public decimal? Evaluate() => _catalog.Indicators.Select(i => IndicatorValue.Evaluate(i, _whole.IndicatorOrZero(i.Code)).Value).Sum();

    [Benchmark(Description = "what-if: one commune overridden")]
    public Contribution WhatIf()
    {
        var applied = ScenarioLeaf.Apply(_catalog, _data.Communes[0].Current, _data.Communes[0].Previous, [new ElementOverride("poor_households", OverrideKind.Scale, 0.5m)]);
        return ScenarioMath.Adjust(_whole, [(_district[0], applied.ToContribution(_catalog, _data.Communes[0].Previous))]);
    }
}
