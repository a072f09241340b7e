using System.Collections.Concurrent;

namespace Aggregation.Grains;

/// <summary>The indicator grains active in this silo, so they can be told to read the rollups again after another silo fails.</summary>
public sealed class ActiveIndicators
{
    private readonly ConcurrentDictionary<string, byte> _keys = new();

    public void Add(string key) => _keys.TryAdd(key, 0);

    public void Remove(string key) => _keys.TryRemove(key, out _);

    public IReadOnlyCollection<string> Keys => _keys.Keys.ToList();
}
