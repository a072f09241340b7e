using Aggregation.Domain.Rollup;
using Aggregation.Domain.Rules;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Aggregation.Grains.Tests;

/// <summary>Values of the contribution monoid never change, so grain calls inside a silo pass them on uncopied; serialization between silos still carries every field.</summary>
public sealed class CopyTests
{
    private static readonly Contribution Sample = new(3, 1,
        CodeMap<ElementTotal>.Of([KeyValuePair.Create("households", new ElementTotal(4200m, 3))]),
        CodeMap<Components>.Of([KeyValuePair.Create("poverty_rate", new Components(63m, 4200m, 3))]),
        approvedLeaves: 2);

    private static IServiceProvider Services() => new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(Contracts.GrainKeys).Assembly)).BuildServiceProvider();

    [Fact]
    public void ContributionsAreHandedOverNotCopied()
    {
        var copier = Services().GetRequiredService<DeepCopier>();
        Assert.Same(Sample, copier.Copy(Sample));
        var children = new Dictionary<string, Contribution> { ["a"] = Sample };
        Assert.Same(Sample, copier.Copy(children)["a"]);
    }

    [Fact]
    public void ContributionsSurviveSerialization()
    {
        var serializer = Services().GetRequiredService<Serializer>();
        var back = serializer.Deserialize<Contribution>(serializer.SerializeToArray(Sample))!;
        Assert.NotSame(Sample, back);
        Assert.Equal(Sample, back);
        Assert.Equal(2, back.ApprovedLeaves);
    }

    [Fact]
    public void WhatARollupHoldsCrossesSilosWholeAndStaysUncopiedWithin()
    {
        var services = Services();
        var serializer = services.GetRequiredService<Serializer>();
        var contributions = new Contracts.HeldChildren<Contribution>(Sample, new Dictionary<string, Contribution> { ["a"] = Sample, ["b"] = Contribution.Empty });
        var back = serializer.Deserialize<Contracts.HeldChildren<Contribution>>(serializer.SerializeToArray(contributions))!;
        Assert.Equal(Sample, back.Total);
        Assert.Equal([("a", Sample), ("b", Contribution.Empty)], back.Children.OrderBy(c => c.Key).Select(c => (c.Key, c.Value)));

        var components = new Contracts.HeldChildren<Components>(new Components(63m, 4200m, 3), new Dictionary<string, Components> { ["a"] = new(21m, 1400m, 1) });
        var backComponents = serializer.Deserialize<Contracts.HeldChildren<Components>>(serializer.SerializeToArray(components))!;
        Assert.Equal(components.Total, backComponents.Total);
        Assert.Equal(new Components(21m, 1400m, 1), backComponents.Children["a"]);

        Assert.Same(contributions, services.GetRequiredService<DeepCopier>().Copy(contributions));
    }

    [Fact]
    public void ANotesArgsCrossSilosWhole()
    {
        var serializer = Services().GetRequiredService<Serializer>();
        var args = new Dictionary<string, NoteArg> { ["element"] = "deaths", ["from"] = 10.50m, ["inputs"] = NoteArg.List(["income_total", "income_total[-1]"]) };
        var warning = new Contracts.WarningView("large_change", "deaths", "deaths moved", args);

        var back = serializer.Deserialize<Contracts.WarningView>(serializer.SerializeToArray(warning))!;

        Assert.Equal(("large_change", "deaths"), (back.Code, back.Element));
        Assert.Equal(args.OrderBy(a => a.Key), back.Args!.OrderBy(a => a.Key));
        Assert.Equal(10.50m.ToString(System.Globalization.CultureInfo.InvariantCulture), back.Args!["from"].Number!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
