using System.Collections.Concurrent;
using Aggregation.Contracts;
using Aggregation.Domain.Trees;
using Aggregation.Domain.Units;

namespace Aggregation.Gateway.Import;

/// <summary>What a tree load did, or would do (<see cref="DryRun"/>); with any conflict it stored nothing.</summary>
public sealed record TreeLoadSummary(int Rows, int Created, int Updated, int Unchanged, bool DryRun, IReadOnlyList<RowConflict> Conflicts);

/// <summary>
/// Loads a tree's units from a file (SPEC section 10), planned by <see cref="TreeLoad.Plan"/> against the
/// units the tree has. A national tree loads in seconds because new units are not added one by one under
/// their parents (each addition would rewrite the parent): they are created deepest first, many at once,
/// each in one write that already lists its new children, and their audit notes go to the day's index in
/// one write per bucket. Only what touches existing units goes through the doors that keep the hierarchy's
/// invariants: a new unit under an existing one is adopted by it (a leaf with reports refuses), and an
/// existing unit that changes is upserted through <see cref="IUnitHierarchyGrain"/> (a move re-parents its
/// data, approved data refuses it).
/// </summary>
public sealed class TreeLoader(IGrainFactory grains, KeyPrincipal caller, TimeProvider clock)
{
    private const int InFlight = 64;

    public async Task<TreeLoadSummary> Load(string tree, IReadOnlyList<IReadOnlyList<string>> records, bool dryRun, CancellationToken ct)
    {
        var existing = (await grains.UnitsOf(tree)).ToDictionary(u => u.Code, StringComparer.Ordinal);
        var plan = TreeLoad.Plan(records, existing.Values);
        var conflicts = plan.IsValid ? await LeavesWithReports(tree, plan, existing) : [.. plan.Conflicts];
        if (conflicts.Count == 0 && !dryRun)
        {
            // Once storing starts the load runs to its end, even if the caller stops waiting.
            conflicts = await Apply(tree, plan, CancellationToken.None);
        }
        return new TreeLoadSummary(plan.Rows, plan.Created, plan.Updated, plan.Unchanged, dryRun, conflicts);
    }

    /// <summary>Rows that would give children to an existing leaf holding reports: such a leaf takes none.</summary>
    private async Task<List<RowConflict>> LeavesWithReports(string tree, TreeLoadPlan plan, Dictionary<string, UnitDefinition> existing)
    {
        var parents = existing.Values.Where(u => u.Parent is not null).Select(u => u.Parent!).ToHashSet(StringComparer.Ordinal);
        var adopting = plan.Units
            .Where(u => u.Change != LoadChange.Unchanged && u.Unit.Parent is { } p && existing.ContainsKey(p) && !parents.Contains(p)
                && existing.GetValueOrDefault(u.Unit.Code)?.Parent != p)
            .GroupBy(u => u.Unit.Parent!)
            .ToList();
        var withReports = await Task.WhenAll(adopting.Select(async g => (Children: g, HasData: await grains.Commune(new UnitKey(tree, g.Key)).HasData())));
        return [.. withReports.Where(w => w.HasData).SelectMany(w => w.Children).Select(u => new RowConflict(u.Row, TreeLoad.ParentColumn, u.Unit.Parent,
            $"unit '{u.Unit.Parent}' has reports of its own and cannot take children", Domain.Rules.RefusalCodes.HasReports)).OrderBy(c => c.Row)];
    }

    private async Task<List<RowConflict>> Apply(string tree, TreeLoadPlan plan, CancellationToken ct)
    {
        var conflicts = new ConcurrentBag<RowConflict>();
        var created = plan.Units.Where(u => u.Change == LoadChange.Created).ToList();
        var at = clock.GetUtcNow();
        await Note(tree, created, at, ct);
        var stored = await Create(tree, created, at, conflicts, ct);
        // New units under existing ones: the existing parent adopts each in its own turn.
        await Parallel.ForEachAsync(created.Where(u => u.Unit.Parent is { } p && !stored.ContainsKey(p) && stored.ContainsKey(u.Unit.Code)),
            Options(ct), async (u, _) =>
            {
                if (await grains.Unit(new UnitKey(tree, u.Unit.Parent!)).AttachChild(stored[u.Unit.Code]) is { } refused)
                {
                    conflicts.Add(new RowConflict(u.Row, TreeLoad.ParentColumn, u.Unit.Parent, refused.Message, refused.Code));
                }
            });
        await Update(tree, plan.Units.Where(u => u.Change == LoadChange.Updated).ToList(), conflicts, ct);
        return [.. conflicts.OrderBy(c => c.Row)];
    }

    /// <summary>Notes every new unit in the audit index of the day, one write per bucket, before any of them is stored.</summary>
    private async Task Note(string tree, List<LoadedUnit> created, DateTimeOffset at, CancellationToken ct)
    {
        var buckets = created.Select(u => AuditSubjects.Unit(new UnitKey(tree, u.Unit.Code)))
            .GroupBy(subject => GrainKeys.Audit(at, subject))
            .ToList();
        await Parallel.ForEachAsync(buckets, Options(ct), async (bucket, _) => await grains.GetGrain<IAuditGrain>(bucket.Key).NoteAll([.. bucket]));
    }

    /// <summary>
    /// Creates the new units deepest first: a unit's wave is its height among the new units, so every new
    /// child is stored, and its summary known, before its parent is written listing it.
    /// </summary>
    private async Task<ConcurrentDictionary<string, ChildSummary>> Create(
        string tree, List<LoadedUnit> created, DateTimeOffset at, ConcurrentBag<RowConflict> conflicts, CancellationToken ct)
    {
        var isNew = created.Select(u => u.Unit.Code).ToHashSet(StringComparer.Ordinal);
        var children = created.Where(u => u.Unit.Parent is { } p && isNew.Contains(p)).ToLookup(u => u.Unit.Parent!, u => u.Unit.Code, StringComparer.Ordinal);
        var height = new Dictionary<string, int>(StringComparer.Ordinal);
        // The plan lists parents before children, so from its end every child's height is known before its parent's.
        foreach (var unit in Enumerable.Reverse(created))
        {
            height[unit.Unit.Code] = children[unit.Unit.Code].Select(c => height[c] + 1).DefaultIfEmpty(0).Max();
        }
        var stored = new ConcurrentDictionary<string, ChildSummary>(StringComparer.Ordinal);
        foreach (var wave in created.GroupBy(u => height[u.Unit.Code]).OrderBy(w => w.Key))
        {
            await Parallel.ForEachAsync(wave, Options(ct), async (u, _) =>
            {
                var known = children[u.Unit.Code].Where(stored.ContainsKey).Select(c => stored[c]).ToList();
                var unit = new NewUnit(u.Unit.Name.Trim(), u.Unit.Level.Trim(), u.Unit.Parent, u.Kind, known);
                if (await grains.Unit(new UnitKey(tree, u.Unit.Code)).Create(unit, caller, at) is { } info)
                {
                    stored[u.Unit.Code] = new ChildSummary(info.Code, info.LeafCount, info.IsLeaf, info.Name, info.UnitCount);
                }
                else
                {
                    conflicts.Add(new RowConflict(u.Row, TreeLoad.CodeColumn, u.Unit.Code,
                        $"unit '{u.Unit.Code}' was created under another parent while the file was loaded; load the file again", Domain.Rules.RefusalCodes.VersionConflict));
                }
            });
        }
        return stored;
    }

    /// <summary>
    /// Existing units that change go through the hierarchy's door: renames many at once, moves one after
    /// another in the plan's order (parents first), as the door serialises them anyway.
    /// </summary>
    private async Task Update(string tree, List<LoadedUnit> updated, ConcurrentBag<RowConflict> conflicts, CancellationToken ct)
    {
        var current = await Task.WhenAll(updated.Select(u => grains.Unit(new UnitKey(tree, u.Unit.Code)).GetInfo()));
        var moves = updated.Where((u, i) => current[i]?.Parent != u.Unit.Parent).ToList();
        async ValueTask Upsert(LoadedUnit u)
        {
            var change = await grains.UpsertUnit(new UnitKey(tree, u.Unit.Code), new UnitInput(u.Unit.Name, u.Unit.Level, u.Unit.Parent, u.Kind), caller);
            foreach (var refusal in change.Refusals)
            {
                var column = refusal.Field is TreeLoad.NameColumn or TreeLoad.LevelColumn or TreeLoad.ParentColumn ? refusal.Field : TreeLoad.CodeColumn;
                conflicts.Add(new RowConflict(u.Row, column, column == TreeLoad.ParentColumn ? u.Unit.Parent : u.Unit.Code, refusal.Message, refusal.Code));
            }
        }
        await Parallel.ForEachAsync(updated.Except(moves), Options(ct), async (u, _) => await Upsert(u));
        foreach (var move in moves)
        {
            await Upsert(move);
        }
    }

    private static ParallelOptions Options(CancellationToken ct) => new() { MaxDegreeOfParallelism = InFlight, CancellationToken = ct };
}
