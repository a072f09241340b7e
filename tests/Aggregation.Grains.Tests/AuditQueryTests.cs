using System.Text.Json;
using Aggregation.Contracts;

namespace Aggregation.Grains.Tests;

[Collection(SqliteCluster.Name)]
public sealed class AuditQueriesOnSqlite(SqliteClusterFixture fixture) : AuditQueryTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class AuditQueriesOnPostgres(PostgresClusterFixture fixture) : AuditQueryTests(fixture);

/// <summary>The audit query as a grain operation: unit changes from their trails, submissions from the leaves' versions, filtered in the grain.</summary>
public abstract class AuditQueryTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task ASubtreesTrailHoldsItsUnitsAndEachSubmissionWithTheVersionBefore()
    {
        var t = new TreeBuilder(_grains);
        await t.Unit("d", "district", null);
        await t.Unit("a", "commune", "d");
        await t.Unit("other", "district", null);
        await t.Report("a", "2023", new Dictionary<string, decimal> { ["households"] = 100 });
        await t.Report("a", "2023", new Dictionary<string, decimal> { ["households"] = 120 });
        await t.Report("a", "2024", new Dictionary<string, decimal> { ["households"] = 130 });

        var all = await _grains.GetGrain<IAuditQueryGrain>(0).Query(new AuditQuery(t.Key("d"), null, null, null, null));
        Assert.Equal(["unit:create:", "unit:create:", "report:submit:v1", "report:submit:v2", "report:submit:v1"],
            all.Select(e => $"{e.Kind}:{e.Action}:{e.Target}"));
        Assert.DoesNotContain(all, e => e.Unit == t.Code("other"));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.At <= p.Second.At));

        var corrections = await _grains.GetGrain<IAuditQueryGrain>(0).Query(new AuditQuery(t.Key("a"), "2023", null, null, null));
        var second = corrections.Single(e => e.Target == "v2");
        Assert.Equal(120m, JsonDocument.Parse(second.Value!).RootElement.GetProperty("households").GetDecimal());
        Assert.Equal(100m, JsonDocument.Parse(second.Previous!).RootElement.GetProperty("households").GetDecimal());
        Assert.Equal(2, corrections.Count(e => e.Kind == "report"));

        var later = await _grains.GetGrain<IAuditQueryGrain>(0).Query(new AuditQuery(t.Key("d"), null, null, second.At.AddTicks(1), null));
        Assert.Equal(["v1"], later.Select(e => e.Target));
        Assert.Empty(await _grains.GetGrain<IAuditQueryGrain>(0).Query(new AuditQuery(t.Key("d"), null, "nobody", null, null)));
    }
}
