using Aggregation.Contracts;
using Aggregation.Domain.Trees;

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
    TimeProvider clock) : Grain, ITreeMappingGrain
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
        _mapping = mapping;
    }

    public Task<IReadOnlyList<TreeLink>> Predecessors(string newLeaf) => Task.FromResult(_mapping?.Predecessors(newLeaf) ?? []);

    public Task<IReadOnlyList<TreeLink>> Successors(string oldLeaf) => Task.FromResult(_mapping?.Successors(oldLeaf) ?? []);

    public Task<IReadOnlyList<AuditEntry>> GetAudit() => AuditedWrite.Trail(state.State.Audit);

    /// <summary>What the audit trail says of a mapping: its counts, as the mapping's answer gives them.</summary>
    private static object Counts(TreeMapping mapping)
    {
        var summary = MappingSummary.Of(mapping);
        return new { summary.Links, summary.Full, summary.Partial, summary.Estimated, summary.UnmappedLeaves };
    }
}
