using Aggregation.Contracts;
using Aggregation.Domain.Trees;

namespace Aggregation.Grains;

/// <summary>One tree as stored: its id, the day it comes into force and its name.</summary>
public sealed record StoredTree(string Id, DateOnly ValidFrom, string Name);

public sealed class TreeBookState
{
    public List<StoredTree> Trees { get; set; } = [];

    public List<AuditEntry> Audit { get; set; } = [];
}

/// <summary>
/// The installation's trees. Changes are rare and small, so the book is one grain: every read of a
/// period's tree asks it (answers interleave), and a change is written with its audit entry.
/// </summary>
public sealed class TreeBookGrain(
    [PersistentState("trees", StorageNames.Default)] IPersistentState<TreeBookState> state,
    TimeProvider clock) : Grain, ITreeBookGrain
{
    private TreeBook Book => state.State.Trees.Count == 0
        ? TreeBook.Empty
        : new TreeBook(state.State.Trees.Select(t => new TreeInfo(t.Id, t.ValidFrom, t.Name)));

    public Task<IReadOnlyList<TreeInfo>> GetTrees() => Task.FromResult(Book.Trees);

    public async Task<TreePut> Put(TreeInfo tree, KeyPrincipal by)
    {
        var book = state.State.Trees.Count == 0 ? TreeBook.Empty : Book;
        if (book.ProblemsWith(tree) is [var problem, ..])
        {
            return new TreePut(Refusal.Invalid(problem), false);
        }
        var old = state.State.Trees.FirstOrDefault(t => t.Id == tree.Id);
        if (old is not null && old.ValidFrom != tree.ValidFrom && await HasUnits(tree.Id))
        {
            return new TreePut(Refusal.Of(RefusalKind.Conflict, TreeRules.InUse.At("validFrom")), false);
        }
        if (old is not null && old == new StoredTree(tree.Id, tree.ValidFrom, tree.Name))
        {
            return new TreePut(null, false);
        }
        state.State.Trees = [.. state.State.Trees.Where(t => t.Id != tree.Id), new StoredTree(tree.Id, tree.ValidFrom, tree.Name)];
        var entry = AuditEntry.Of(clock.GetUtcNow(), by, "tree", old is null ? "create" : "update", null, null, tree.Id,
            new { tree.ValidFrom, tree.Name }, old is null ? null : new { old.ValidFrom, old.Name });
        await this.Write(GrainFactory, state, state.State.Audit, AuditSubjects.Trees, entry);
        return new TreePut(null, old is null);
    }

    public Task<IReadOnlyList<AuditEntry>> GetAudit() => AuditedWrite.Trail(state.State.Audit);

    private async Task<bool> HasUnits(string tree) =>
        (await GrainFactory.GetGrain<IUnitRootsGrain>(0).List()).Any(root => root.Tree == tree);
}
