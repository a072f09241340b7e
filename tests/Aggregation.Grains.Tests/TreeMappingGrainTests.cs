using Aggregation.Contracts;
using Aggregation.Domain.Trees;

namespace Aggregation.Grains.Tests;

[Collection(SqliteCluster.Name)]
public sealed class TreeMappingsOnSqlite(SqliteClusterFixture fixture) : TreeMappingGrainTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class TreeMappingsOnPostgres(PostgresClusterFixture fixture) : TreeMappingGrainTests(fixture);

/// <summary>The stored mapping between two trees: replaced whole, read back after deactivation, lineage both ways, audited.</summary>
public abstract class TreeMappingGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    // Trees of their own per test: the cluster is shared by the collection.
    private readonly string _old = "old-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _new = "new-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A and B merge into X; C splits into X (0.25 given) and Y (the rest, estimated); D is not mapped.</summary>
    private TreeMapping Merger() => new(_old, _new,
        [new("A", "X", 1m, false), new("B", "X", 1m, false), new("C", "X", 0.25m, false), new("C", "Y", 0.75m, true)], ["D"]);

    [Fact]
    public async Task AMappingIsNoneUntilStoredThenAnswersLineageBothWays()
    {
        var grain = _grains.Mapping(_old, _new);
        Assert.Null(await grain.Get());
        Assert.Empty(await grain.Predecessors("X"));

        await grain.Replace(Merger(), TreeBuilder.Tester);

        Assert.Equal(["A", "B", "C"], (await grain.Predecessors("X")).Select(l => l.From));
        Assert.Equal([new TreeLink("C", "X", 0.25m, false), new TreeLink("C", "Y", 0.75m, true)], await grain.Successors("C"));
        Assert.Empty(await grain.Successors("D"));
        Assert.Equal(["D"], (await grain.Get())!.UnmappedLeaves);
    }

    [Fact]
    public async Task AReplacedMappingIsReadBackAfterDeactivationAndItsTrailHasTheCounts()
    {
        var grain = _grains.Mapping(_old, _new);
        await grain.Replace(Merger(), TreeBuilder.Tester);
        // The replacement: A goes to Y instead, C whole to Y, B and D unmapped.
        await grain.Replace(new TreeMapping(_old, _new, [new("A", "Y", 1m, false), new("C", "Y", 1m, false)], ["B", "D"]), TreeBuilder.Tester);

        await fixture.Cluster.GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var stored = (await grain.Get())!;
        Assert.Equal((_old, _new), (stored.FromTree, stored.ToTree));
        Assert.Equal([new TreeLink("A", "Y", 1m, false), new TreeLink("C", "Y", 1m, false)], stored.Links);
        Assert.Equal(["B", "D"], stored.UnmappedLeaves);
        Assert.Empty(await grain.Predecessors("X"));
        Assert.Equal(["A", "C"], (await grain.Predecessors("Y")).Select(l => l.From));

        var trail = await grain.GetAudit();
        Assert.Equal(["create", "replace"], trail.Select(e => e.Action));
        Assert.All(trail, e => Assert.Equal(("mapping", "tester", GrainKeys.Mapping(_old, _new)), (e.Kind, e.KeyName, e.Target)));
        Assert.Equal("""{"links":4,"full":2,"partial":2,"estimated":1,"unmappedLeaves":1}""", trail[0].Value);
        Assert.Equal("""{"links":2,"full":2,"partial":0,"estimated":0,"unmappedLeaves":2}""", trail[1].Value);
        Assert.Equal(trail[0].Value, trail[1].Previous);
        // The audit query finds the trail through its subject.
        var subject = AuditSubjects.Resolve(_grains, AuditSubjects.Mapping(_old, _new));
        Assert.Equal(2, (await Assert.IsAssignableFrom<ITreeMappingGrain>(subject).GetAudit()).Count);
    }

    [Fact]
    public async Task AMappingBetweenOtherTreesIsNotStored()
    {
        var grain = _grains.Mapping(_old, _new);
        var other = new TreeMapping(_new, _old, [new("X", "A", 1m, false)], []);

        await Assert.ThrowsAsync<ArgumentException>(() => grain.Replace(other, TreeBuilder.Tester));
        Assert.Null(await grain.Get());
        Assert.Empty(await grain.GetAudit());
    }

    [Fact]
    public async Task ANationalMappingIsOneStateAndReadsBack()
    {
        var grain = _grains.Mapping(_old, _new);
        // 10,600 links: 3,300 new leaves, about three old ones each.
        var links = Enumerable.Range(0, 10_600).Select(i => new TreeLink($"o{i:00000}", $"n{i / 3:0000}", 1m, false)).ToList();
        await grain.Replace(new TreeMapping(_old, _new, links, []), TreeBuilder.Tester);

        await fixture.Cluster.GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Equal(10_600, (await grain.Get())!.Links.Count);
        Assert.Equal(["o09999", "o10000", "o10001"], (await grain.Predecessors("n3333")).Select(l => l.From));
    }
}
