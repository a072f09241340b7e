using Aggregation.Contracts;
using Aggregation.Domain.Trees;
using Aggregation.Domain.Units;
using Microsoft.Extensions.Logging;

namespace Aggregation.Grains;

/// <summary>One link as stored: the part <see cref="Share"/> of old leaf <see cref="From"/> that went into new leaf <see cref="To"/>.</summary>
public sealed record StoredLink(string From, string To, decimal Share, bool Estimated);

public sealed class TreeMappingState
{
    /// <summary>The links; null until a mapping is stored.</summary>
    public List<StoredLink>? Links { get; set; }

    /// <summary>Old leaves no link reaches.</summary>
    public List<string> Unmapped { get; set; } = [];

    public List<AuditEntry> Audit { get; set; } = [];
}

/// <summary>
/// The mapping between two trees (a national one is about 10,600 links): one state, replaced whole, and held
/// indexed in memory so lineage reads interleave without touching storage.
/// </summary>
public sealed class TreeMappingGrain(
    [PersistentState("mapping", StorageNames.Default)] IPersistentState<TreeMappingState> state,
    TimeProvider clock,
    ILogger<TreeMappingGrain> logger) : Grain, ITreeMappingGrain
{
    private TreeMapping? _mapping;

    private (string From, string To) Trees => GrainKeys.ParseMapping(this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Links is { } links)
        {
            var (from, to) = Trees;
            _mapping = new TreeMapping(from, to, links.Select(l => new TreeLink(l.From, l.To, l.Share, l.Estimated)), state.State.Unmapped);
        }
        return Task.CompletedTask;
    }

    public Task<TreeMapping?> Get() => Task.FromResult(_mapping);

    public async Task Replace(TreeMapping mapping, KeyPrincipal by)
    {
        var (from, to) = Trees;
        if ((mapping.FromTree, mapping.ToTree) != (from, to))
        {
            throw new ArgumentException($"a mapping from '{mapping.FromTree}' to '{mapping.ToTree}' is not the mapping from '{from}' to '{to}'", nameof(mapping));
        }
        var previous = _mapping is null ? null : Counts(_mapping);
        state.State.Links = [.. mapping.Links.Select(l => new StoredLink(l.From, l.To, l.Share, l.Estimated))];
        state.State.Unmapped = [.. mapping.UnmappedLeaves];
        var entry = AuditEntry.Of(clock.GetUtcNow(), by, "mapping", previous is null ? "create" : "replace", null, null,
            GrainKeys.Mapping(from, to), Counts(mapping), previous);
        // A failed write deactivates the grain, which then reloads what is stored: until then reads keep the old mapping.
        await this.Write(GrainFactory, state, state.State.Audit, AuditSubjects.Mapping(from, to), entry);
        var before = _mapping;
        _mapping = mapping;
        _refreshing = RefreshAfter(_refreshing, before, mapping);
    }

    /// <summary>The leaves being told of the last replacement; each replacement's telling follows the one before.</summary>
    private Task _refreshing = Task.CompletedTask;

    private async Task RefreshAfter(Task previous, TreeMapping? before, TreeMapping after)
    {
        await previous;
        try
        {
            await Refresh(before, after);
        }
        catch (Exception e)
        {
            // A leaf not told reads its links when it next activates; until then it shows what it held.
            logger.LogWarning(e, "Telling the leaves of mapping {Mapping} about their new links failed", this.GetPrimaryKeyString());
        }
    }

    /// <summary>How many leaves are told at once that their links changed.</summary>
    private const int RefreshBatch = 256;

    /// <summary>
    /// Tells every leaf whose links the replacement changed (new leaves: their predecessors; old leaves: their
    /// successors) to read them again, so restated figures follow within seconds, not at the leaves' next
    /// activation. It runs after the replacement has answered: a national mapping touches some 14,000 leaves.
    /// </summary>
    private async Task Refresh(TreeMapping? before, TreeMapping after)
    {
        var (from, to) = Trees;
        static bool Same(IReadOnlyList<TreeLink> a, IReadOnlyList<TreeLink> b) => a.SequenceEqual(b);
        var newLeaves = after.NewLeaves.Concat(before?.NewLeaves ?? []).Distinct()
            .Where(l => before is null || !Same(before.Predecessors(l), after.Predecessors(l)))
            .Select(l => new UnitKey(to, l));
        var oldLeaves = after.OldLeaves.Concat(before?.OldLeaves ?? []).Distinct()
            .Where(l => before is null || !Same(before.Successors(l), after.Successors(l)))
            .Select(l => new UnitKey(from, l));
        foreach (var batch in newLeaves.Concat(oldLeaves).Chunk(RefreshBatch))
        {
            await Tell(batch);
        }
    }

    /// <summary>How often a batch of leaves is told again when telling it fails (a busy or failing silo), waiting longer each time.</summary>
    private const int RefreshAttempts = 5;

    /// <summary>Tells a batch of leaves to read their links again; telling twice is harmless, so a failed batch is told again.</summary>
    private async Task Tell(UnitKey[] batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Task.WhenAll(batch.Select(leaf => GrainFactory.Commune(leaf).RefreshLineage()));
                return;
            }
            catch (Exception e) when (attempt < RefreshAttempts)
            {
                logger.LogWarning(e, "Telling {Count} leaves of mapping {Mapping} about their new links failed; telling them again", batch.Length, this.GetPrimaryKeyString());
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }

    public Task<IReadOnlyList<TreeLink>> Predecessors(string newLeaf) => Task.FromResult(_mapping?.Predecessors(newLeaf) ?? []);

    public Task<IReadOnlyList<TreeLink>> Successors(string oldLeaf) => Task.FromResult(_mapping?.Successors(oldLeaf) ?? []);

    /// <summary>The trail gains one entry with every stored mapping, in the same write.</summary>
    public Task<int> GetVersion() => Task.FromResult(state.State.Audit.Count);

    public Task<IReadOnlyList<AuditEntry>> GetAudit() => AuditedWrite.Trail(state.State.Audit);

    /// <summary>What the audit trail says of a mapping: its counts, as the mapping's answer gives them.</summary>
    private static object Counts(TreeMapping mapping)
    {
        var summary = MappingSummary.Of(mapping);
        return new { summary.Links, summary.Full, summary.Partial, summary.Estimated, summary.UnmappedLeaves };
    }
}
