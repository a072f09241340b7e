using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Trees;
using Aggregation.Domain.Units;
using Microsoft.Extensions.Logging;

namespace Aggregation.Silo.Sample;

/// <summary>On the first start of an empty store, loads the sample province through the same grains as the API.</summary>
public sealed class SampleSeeder(IGrainFactory grains, AggregationOptions options, IndicatorCatalog catalog, ILogger<SampleSeeder> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        var installation = grains.GetGrain<IInstallationGrain>(0);
        if (!await installation.TryClaimSetup(Environment.MachineName + "/" + Environment.ProcessId))
        {
            return;
        }
        if (!options.SeedSample)
        {
            // The store is not empty for long: never load the sample into it on a later start.
            await installation.MarkInitialized("empty");
            return;
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sample = SampleData.Create();
        foreach (var unit in sample.Units.TopDown())
        {
            var change = await grains.UpsertUnit(UnitKey.InDefaultTree(unit.Code), new UnitInput(unit.Name, unit.Level, unit.Parent), KeyPrincipal.System);
            EnsureOk(unit.Code, change.Refusals);
        }
        // Communes report side by side, each its own reports in order (a month is warned against the same month a year before).
        await Parallel.ForEachAsync(sample.Reports.GroupBy(r => r.Unit), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (commune, _) =>
        {
            foreach (var report in commune)
            {
                var result = await grains.Unit(UnitKey.InDefaultTree(report.Unit))
                    .Submit(Period.Parse(report.Period), new ReportSubmission(report.Values, null, SampleData.Submitter));
                EnsureOk($"{report.Unit}/{report.Period}", result.Refusals);
            }
        });
        foreach (var plan in sample.Plans)
        {
            var result = await grains.Plan(UnitKey.InDefaultTree(plan.Unit), plan.Year).Set(plan.Targets, KeyPrincipal.System);
            EnsureOk($"plan {plan.Unit}/{plan.Year}", result.Refusals);
        }
        if (options.SampleTrees)
        {
            await SeedTree(sample);
        }
        await installation.MarkInitialized("sample");
        logger.LogInformation("Loaded the sample in {Seconds:0.0} s: {Units} units, {Reports} synthetic reports, {Plans} plans",
            clock.Elapsed.TotalSeconds, sample.Units.Units.Count, sample.Reports.Count, sample.Plans.Count);
    }

    /// <summary>The sample's tree is dated, the tree of 1 July 2025 follows it with its units, the links and the 2025 reports.</summary>
    private async Task SeedTree(SampleData sample)
    {
        var tree = SampleTree.Create(catalog, sample.Reports);
        foreach (var dated in new[] { tree.OldTree, tree.Tree })
        {
            if ((await grains.TreeBook().Put(dated, KeyPrincipal.System)).Refusal is { } refused)
            {
                EnsureOk($"tree {dated.Id}", [refused]);
            }
        }
        var kinds = tree.Units.ToDictionary(u => u.Unit.Code, u => u.Kind);
        foreach (var unit in new UnitTree(tree.Units.Select(u => u.Unit)).TopDown())
        {
            var change = await grains.UpsertUnit(new UnitKey(tree.Tree.Id, unit.Code), new UnitInput(unit.Name, unit.Level, unit.Parent, kinds[unit.Code]), KeyPrincipal.System);
            EnsureOk($"{unit.Code}@{tree.Tree.Id}", change.Refusals);
        }
        var linked = tree.Links.Select(l => l.From).ToHashSet(StringComparer.Ordinal);
        var unmapped = sample.Units.Units.Where(u => sample.Units.IsLeaf(u.Code) && !linked.Contains(u.Code)).Select(u => u.Code);
        await grains.Mapping(tree.OldTree.Id, tree.Tree.Id).Replace(new TreeMapping(tree.OldTree.Id, tree.Tree.Id, tree.Links, unmapped), KeyPrincipal.System);
        foreach (var report in tree.Reports)
        {
            var result = await grains.Unit(new UnitKey(tree.Tree.Id, report.Unit))
                .Submit(Period.Parse(report.Period), new ReportSubmission(report.Values, null, SampleData.Submitter));
            EnsureOk($"{report.Unit}@{tree.Tree.Id}/{report.Period}", result.Refusals);
        }
    }

    private static void EnsureOk(string what, IReadOnlyList<Refusal> refusals)
    {
        if (refusals.Count > 0)
        {
            throw new InvalidOperationException(
                $"sample {what} was refused: {string.Join("; ", refusals.Select(r => $"{r.Field}: {r.Message} ({r.Code})"))}");
        }
    }
}
