using System.Collections.Concurrent;
using Aggregation.Domain.Units;

namespace Aggregation.Grains;

/// <summary>The rollup grains active in this silo, so they can be told to re-pull after another silo fails.</summary>
public sealed class ActiveRollups
{
    private readonly ConcurrentDictionary<(UnitKey Unit, int Year), byte> _keys = new();

    public void Add(UnitKey unit, int year) => _keys.TryAdd((unit, year), 0);

    public void Remove(UnitKey unit, int year) => _keys.TryRemove((unit, year), out _);

    /// <summary>The unit and year of each active rollup.</summary>
    public IReadOnlyCollection<(UnitKey Unit, int Year)> Keys => _keys.Keys.ToList();
}
