using System.Collections.Concurrent;

namespace Aggregation.Grains;

/// <summary>The rollup grains active in this silo, so they can be told to re-pull after another silo fails.</summary>
public sealed class ActiveRollups
{
    private readonly ConcurrentDictionary<string, byte> _keys = new();

    public void Add(string key) => _keys.TryAdd(key, 0);

    public void Remove(string key) => _keys.TryRemove(key, out _);

    public IReadOnlyCollection<string> Keys => _keys.Keys.ToList();
}
