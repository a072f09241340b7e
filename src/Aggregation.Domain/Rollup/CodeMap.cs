using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Aggregation.Domain.Rollup;

/// <summary>
/// An immutable map from element or indicator code to a value, its codes in ordinal order: what a
/// <see cref="Contribution"/> holds. Two arrays, with value-type sums inline in the second, so a map is three
/// allocations whatever the catalogue's size (a sorted tree is one node per code), and merging two maps is one linear walk.
/// </summary>
public sealed class CodeMap<T> : IReadOnlyDictionary<string, T>, IEquatable<CodeMap<T>>
    where T : IEquatable<T>
{
    public static readonly CodeMap<T> Empty = new([], []);

    private readonly string[] _codes;
    private readonly T[] _values;

    /// <param name="codes">distinct codes in ordinal order, kept as given (not copied)</param>
    private CodeMap(string[] codes, T[] values)
    {
        _codes = codes;
        _values = values;
    }

    /// <summary>The entries, whatever their order; a code given twice is refused.</summary>
    public static CodeMap<T> Of(IEnumerable<KeyValuePair<string, T>> entries)
    {
        var count = entries.TryGetNonEnumeratedCount(out var known) ? known : 4;
        var codes = new List<string>(count);
        var values = new List<T>(count);
        foreach (var (code, value) in entries)
        {
            codes.Add(code);
            values.Add(value);
        }
        return Of(codes.ToArray(), values.ToArray());
    }

    /// <summary>Takes the two arrays (not copied) and sorts them together by code; a code given twice is refused.</summary>
    public static CodeMap<T> Of(string[] codes, T[] values)
    {
        if (codes.Length != values.Length)
        {
            throw new ArgumentException("as many codes as values", nameof(values));
        }
        if (codes.Length == 0)
        {
            return Empty;
        }
        Array.Sort(codes, values, StringComparer.Ordinal);
        for (var i = 1; i < codes.Length; i++)
        {
            if (string.CompareOrdinal(codes[i - 1], codes[i]) == 0)
            {
                throw new ArgumentException($"the code '{codes[i]}' is given twice", nameof(codes));
            }
        }
        return new CodeMap<T>(codes, values);
    }

    public int Count => _codes.Length;

    public bool IsEmpty => _codes.Length == 0;

    public IEnumerable<string> Keys => _codes;

    public IEnumerable<T> Values => _values;

    public T this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no entry for '{key}'");

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out T value)
    {
        var at = IndexOf(key);
        value = at >= 0 ? _values[at] : default;
        return at >= 0;
    }

    /// <summary>The code's value, or the default of <typeparamref name="T"/> (for sums: zero) when the map holds none.</summary>
    public T? GetValueOrDefault(string key)
    {
        var at = IndexOf(key);
        return at >= 0 ? _values[at] : default;
    }

    /// <summary>Only the entries <paramref name="keep"/> holds for: the map itself when that is all of them.</summary>
    public CodeMap<T> Only(Func<T, bool> keep)
    {
        var kept = 0;
        foreach (var value in _values)
        {
            kept += keep(value) ? 1 : 0;
        }
        if (kept == _values.Length)
        {
            return this;
        }
        var codes = new string[kept];
        var values = new T[kept];
        for (int i = 0, j = 0; i < _values.Length; i++)
        {
            if (keep(_values[i]))
            {
                (codes[j], values[j]) = (_codes[i], _values[i]);
                j++;
            }
        }
        return new CodeMap<T>(codes, values);
    }

    /// <summary>Every value changed by <paramref name="map"/>, the codes as they are (shared, not copied).</summary>
    public CodeMap<T> MapValues(Func<T, T> map)
    {
        var values = new T[_values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = map(_values[i]);
        }
        return new CodeMap<T>(_codes, values);
    }

    /// <summary>
    /// Both maps in one walk: a code in both is <paramref name="both"/> of the two values, a code only in
    /// <paramref name="b"/> is <paramref name="onlyB"/> of its value, a code only in <paramref name="a"/> keeps its value.
    /// </summary>
    public static CodeMap<T> Merge(CodeMap<T> a, CodeMap<T> b, Func<T, T, T> both, Func<T, T> onlyB)
    {
        if (b.IsEmpty)
        {
            return a;
        }
        var codes = new string[a.Count + b.Count];
        var values = new T[codes.Length];
        int i = 0, j = 0, n = 0;
        while (i < a.Count || j < b.Count)
        {
            var order = i == a.Count ? 1 : j == b.Count ? -1 : string.CompareOrdinal(a._codes[i], b._codes[j]);
            (codes[n], values[n]) = order < 0 ? (a._codes[i], a._values[i++])
                : order > 0 ? (b._codes[j], onlyB(b._values[j++]))
                : (a._codes[i], both(a._values[i++], b._values[j++]));
            n++;
        }
        if (n < codes.Length)
        {
            Array.Resize(ref codes, n);
            Array.Resize(ref values, n);
        }
        return new CodeMap<T>(codes, values);
    }

    private int IndexOf(string key)
    {
        int low = 0, high = _codes.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var order = string.CompareOrdinal(_codes[middle], key);
            if (order == 0)
            {
                return middle;
            }
            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return -1;
    }

    public bool Equals(CodeMap<T>? other)
    {
        if (other is null || other.Count != Count)
        {
            return false;
        }
        for (var i = 0; i < _codes.Length; i++)
        {
            if (!string.Equals(_codes[i], other._codes[i], StringComparison.Ordinal) || !_values[i].Equals(other._values[i]))
            {
                return false;
            }
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as CodeMap<T>);

    public override int GetHashCode() => HashCode.Combine(Count, Count == 0 ? null : _codes[0]);

    /// <summary>Walks the entries in code order without allocating.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, T>> IEnumerable<KeyValuePair<string, T>>.GetEnumerator()
    {
        for (var i = 0; i < _codes.Length; i++)
        {
            yield return KeyValuePair.Create(_codes[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<KeyValuePair<string, T>>)this).GetEnumerator();

    public struct Enumerator(CodeMap<T> map)
    {
        private int _at = -1;

        public readonly KeyValuePair<string, T> Current => KeyValuePair.Create(map._codes[_at], map._values[_at]);

        public bool MoveNext() => ++_at < map._codes.Length;
    }
}
