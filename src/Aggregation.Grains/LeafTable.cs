using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Aggregation.Grains;

/// <summary>
/// A value per leaf code, kept in <see cref="Parts"/> small dictionaries chosen by the code's hash. One dictionary of
/// every leaf of the nation (10,599 before the 2025 reform) grows through arrays of up to a megabyte, each on the large
/// object heap, and allocations there make the garbage collector sweep the whole heap; in parts, a nation's leaves stay
/// in arrays of tens of kilobytes each, and a period few leaves report stays small (each part starts at its share of
/// the leaves expected).
/// </summary>
internal sealed class LeafTable<TValue>
{
    /// <summary>
    /// A power of two. With an indicator grain's 48-byte values, a nation of up to about 15,000 leaves keeps every part's
    /// array under the large object heap's 85,000 bytes (a part grows to the next prime above twice its size).
    /// </summary>
    public const int Parts = 32;

    private readonly Dictionary<string, TValue>[] _parts = new Dictionary<string, TValue>[Parts];

    /// <param name="expected">the leaves it is expected to hold, spread over the parts; more are taken as they come</param>
    public LeafTable(int expected = 0)
    {
        var each = (expected + Parts - 1) / Parts;
        for (var i = 0; i < Parts; i++)
        {
            _parts[i] = new Dictionary<string, TValue>(each, StringComparer.Ordinal);
        }
    }

    /// <summary>Keeps <paramref name="value"/> for <paramref name="leaf"/> unless an equal or newer version is held; true when kept.</summary>
    public bool KeepNewer(string leaf, TValue value, Func<TValue, long> version) => Part(leaf).KeepNewer(leaf, value, version);

    public bool TryGetValue(string leaf, [MaybeNullWhen(false)] out TValue value) => Part(leaf).TryGetValue(leaf, out value);

    /// <summary>The bytes of the largest part's entries array: a key, a hash and a link, and the value, per entry it has room for.</summary>
    internal int LargestPartBytes() => _parts.Max(p => p.EnsureCapacity(0)) * (IntPtr.Size + 2 * sizeof(int) + Unsafe.SizeOf<TValue>());

    private Dictionary<string, TValue> Part(string leaf) => _parts[StringComparer.Ordinal.GetHashCode(leaf) & (Parts - 1)];
}
