using System.Diagnostics;
using Aggregation.Bench;
using Aggregation.Domain.Catalog;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Aggregation.Bench -- micro            BenchmarkDotNet, domain steps
// dotnet run -c Release --project bench/Aggregation.Bench -- floor [communes] the whole national rollup in memory, no I/O
var mode = args.FirstOrDefault() ?? "floor";
if (mode == "micro")
{
    BenchmarkRunner.Run<DomainBenchmarks>(args: args.Skip(1).ToArray());
    return;
}

var communes = args.Length > 1 ? int.Parse(args[1]) : 10_599;
var catalog = IndicatorCatalog.Default;
var data = new NationalData(communes);
var times = new List<double>();
var nation = data.RollUp(catalog); // warm-up
for (var run = 0; run < 15; run++)
{
    var watch = Stopwatch.StartNew();
    nation = data.RollUp(catalog);
    times.Add(watch.Elapsed.TotalMilliseconds);
}
times.Sort();
var poverty = Aggregation.Domain.Rollup.IndicatorValue.Evaluate(catalog.FindIndicator("poverty_rate")!, nation.IndicatorOrZero("poverty_rate"));
Console.WriteLine($"floor: {communes} communes, {data.Districts} districts: national rollup from reports in memory " +
    $"p50 {times[times.Count / 2]:0.0} ms, min {times[0]:0.0} ms ({communes / times[times.Count / 2] * 1000:0} reports/s); " +
    $"nation poverty {poverty.Value:0.000} % over {poverty.Contributors} communes");
