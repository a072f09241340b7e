using Aggregation.Contracts;
using Orleans.Concurrency;
using Aggregation.Domain.Units;

namespace Aggregation.Grains;

/// <summary>
/// Serialises moves. Reentrant, so creates and renames never queue behind a move; a move waits for the one
/// before it to store its parent, so its cycle check reads every parent as stored. A create or rename that
/// turns out to be a move (the unit moved meanwhile) is answered <see cref="UnitChangeStatus.NeedsMoveLock"/>
/// by the unit and asked again under the lock.
/// </summary>
[Reentrant]
public sealed class UnitHierarchyGrain : Grain, IUnitHierarchyGrain
{
    private readonly SemaphoreSlim _moves = new(1, 1);

    private string Tree => this.GetPrimaryKeyString();

    public async Task<UnitChange> Upsert(string code, UnitInput input, KeyPrincipal by)
    {
        var unit = GrainFactory.Unit(new UnitKey(Tree, code));
        var current = await unit.GetInfo();
        if (current is null || current.Parent == input.Parent)
        {
            var change = await unit.Upsert(input, by, moveLockHeld: false);
            if (change.Status != UnitChangeStatus.NeedsMoveLock)
            {
                return change;
            }
        }
        await _moves.WaitAsync();
        try
        {
            return await unit.Upsert(input, by, moveLockHeld: true);
        }
        finally
        {
            _moves.Release();
        }
    }
}
