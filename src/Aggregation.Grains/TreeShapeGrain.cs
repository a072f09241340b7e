using Aggregation.Contracts;
using Aggregation.Domain.Units;

namespace Aggregation.Grains;

/// <summary>
/// A tree's units in one place for the standings. The units are read from the unit grains when first asked for,
/// not on activation, so a unit change before anyone asks costs nothing here; once read, every stored change is
/// applied as the unit grain reports it. A change arriving during the first read waits for it and is applied after.
/// </summary>
public sealed class TreeShapeGrain(TimeProvider clock) : Grain, ITreeShapeGrain
{
    private Dictionary<string, UnitDefinition>? _units;
    private long _version;
    private TreeShape? _shape;

    public async Task<TreeShape?> GetIfChanged(long version)
    {
        if (_units is null)
        {
            _units = (await GrainFactory.UnitsOf(this.GetPrimaryKeyString())).ToDictionary(u => u.Code);
            // Another activation's versions were other ticks: a caller holding one of them reads the units again.
            _version = clock.GetUtcNow().UtcTicks;
        }
        return version == _version ? null : _shape ??= new TreeShape(_version, [.. _units.Values]);
    }

    public Task Changed(UnitDefinition unit)
    {
        if (_units is not null && (!_units.TryGetValue(unit.Code, out var held) || held != unit))
        {
            _units[unit.Code] = unit;
            _version++;
            _shape = null;
        }
        return Task.CompletedTask;
    }
}
