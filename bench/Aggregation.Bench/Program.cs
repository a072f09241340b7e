using Aggregation.Bench;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Rollup;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Aggregation.Bench -- national [options]   the product over HTTP vs plain PostgreSQL and the floor
// dotnet run -c Release --project bench/Aggregation.Bench -- micro                BenchmarkDotNet, domain steps
// dotnet run -c Release --project bench/Aggregation.Bench -- floor [communes]     the whole national rollup in memory, no I/O
// dotnet run -c Release --project bench/Aggregation.Bench -- history [--communes 20] [--store sqlite|postgres]   a PUT after ten years of monthly history vs one year
// dotnet run -c Release --project bench/Aggregation.Bench -- standings [--communes 10599] [--rounds 3] [--store sqlite|postgres] [--out file.md]   the burst with the indicator grains fed vs not, rankings at idle
// dotnet run -c Release --project bench/Aggregation.Bench -- trees [--store sqlite|postgres] [--out file.md]   loading the national trees by file vs single PUTs
// dotnet run -c Release --project bench/Aggregation.Bench -- events [--communes 10599] [--streams 500] [--probes 200] [--rounds 2] [--store sqlite|postgres]   PUT → server-sent event at idle; burst with open streams vs none
// dotnet run -c Release --project bench/Aggregation.Bench -- bulk [--communes 10599] [--batch 500] [--in-flight 4] [--rounds 3] [--store all|sqlite|postgres] [--years near|independent] [--against other/Aggregation.Gateway.dll] [--out file.md]   a national year through POST /api/dataValueSets; the burst with group commit on vs off (or this build vs another); PostgreSQL baselines
var mode = args.FirstOrDefault() ?? "national";
switch (mode)
{
    case "micro":
        BenchmarkRunner.Run<DomainBenchmarks>(args: args.Skip(1).ToArray());
        return 0;
    case "floor":
        var communes = args.Length > 1 ? int.Parse(args[1]) : 10_599;
        var catalog = IndicatorCatalog.Default;
        var data = new NationalData(communes);
        var floor = NationalBenchmark.Floor(data, catalog);
        var nation = data.RollUp(catalog);
        var poverty = IndicatorValue.Evaluate(catalog.FindIndicator("poverty_rate")!, nation.IndicatorOrZero("poverty_rate"));
        Console.WriteLine($"floor: {data.Shape}: national rollup from reports in memory p50 {floor:0.0} ms " +
            $"({communes / floor * 1000:0} reports/s); nation poverty {poverty.Value:0.000} % over {poverty.Contributors} communes");
        return 0;
    case "history":
        return await HistoryBenchmark.Run(args.Skip(1).ToList());
    case "events":
        return await EventsBenchmark.Run(args.Skip(1).ToList());
    case "trees":
        return await TreesBenchmark.Run(args.Skip(1).ToList(), "dotnet run -c Release --project bench/Aggregation.Bench -- " + string.Join(' ', args));
    case "standings":
        return await StandingsBenchmark.Run(args.Skip(1).ToList(), "dotnet run -c Release --project bench/Aggregation.Bench -- " + string.Join(' ', args));
    case "bulk":
        return await BulkBenchmark.Run(args.Skip(1).ToList(), "dotnet run -c Release --project bench/Aggregation.Bench -- " + string.Join(' ', args));
    case "national":
        var command = "dotnet run -c Release --project bench/Aggregation.Bench -- " + string.Join(' ', args.Length == 0 ? ["national"] : args);
        return await NationalBenchmark.Run(NationalOptions.Parse(args.Skip(1).ToList(), command));
    default:
        Console.Error.WriteLine("usage: national [--scales 1000,3321,10599 | --communes N] [--store all|sqlite|postgres] [--concurrency 64] [--silos 3 (1: no cluster run)] [--postgres-settings \"Key=Value;…\"] [--out docs/benchmarks.md] | micro | floor [communes] | history [--communes 20] [--store sqlite|postgres] | trees [--store sqlite|postgres] [--out file.md] | standings [--communes 10599] [--rounds 3] [--store sqlite|postgres] [--out file.md] | events [--communes 10599] [--streams 500] [--probes 200] [--rounds 2] [--store sqlite|postgres] | bulk [--communes 10599] [--batch 500] [--in-flight 4] [--rounds 3] [--store all|sqlite|postgres] [--years near|independent] [--against other/Aggregation.Gateway.dll] [--out file.md]");
        return 2;
}
