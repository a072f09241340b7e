using System.Runtime.InteropServices;

namespace Aggregation.Grains;

/// <summary>
/// What the standings keep of each leaf and period: only the newest version, so a retried or reordered message can
/// never put an older one back. One rule for the rollups' notes, the feed's outboxes and the indicator grains.
/// </summary>
internal static class NewestVersions
{
    /// <summary>Keeps <paramref name="value"/> under <paramref name="key"/> unless an equal or newer version is held; true when kept.</summary>
    public static bool KeepNewer<TKey, TValue>(this Dictionary<TKey, TValue> held, TKey key, TValue value, Func<TValue, long> version)
        where TKey : notnull
    {
        // One lookup for both the check and the store: a national year passes every leaf through here at each level.
        ref var kept = ref CollectionsMarshal.GetValueRefOrAddDefault(held, key, out var exists);
        if (exists && version(kept!) >= version(value))
        {
            return false;
        }
        kept = value;
        return true;
    }
}
