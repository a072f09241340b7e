namespace Aggregation.Domain.Rollup;

/// <summary>
/// A total that parts are replaced in, one after another, read far less often than it changes: a parent's
/// total for one period while its children's updates arrive. Each <see cref="Replace"/> takes the old part away
/// and adds the new one in place, key by key, exactly as <see cref="Contribution.Replace"/> does; the immutable
/// <see cref="Total"/> is made only when read, and kept until the next change.
/// </summary>
public sealed class RunningTotal
{
    /// <summary>One code's sums, changed in place: an update allocates nothing for a code the total already holds.</summary>
    private sealed class Sums
    {
        public decimal First;
        public decimal Second;
        public int Count;
        public int Derived;

        public bool IsNone => Count == 0 && First == 0m && Second == 0m && Derived == 0;

        public void Add(int sign, decimal first, decimal second, int count, int derived)
        {
            if (sign > 0)
            {
                (First, Second, Count, Derived) = (First + first, Second + second, Count + count, Derived + derived);
            }
            else
            {
                (First, Second, Count, Derived) = (First - first, Second - second, Count - count, Derived - derived);
            }
        }
    }

    private readonly Dictionary<string, Sums> _elements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Sums> _indicators = new(StringComparer.Ordinal);
    private int _leaves;
    private int _flagged;
    private int _approved;
    private int _estimated;
    private Contribution? _total = Contribution.Empty;

    /// <summary>The total as it now stands.</summary>
    public Contribution Total => _total ??= new Contribution(_leaves, _flagged,
        Made(_elements, s => new ElementTotal(s.First, s.Count, s.Derived)),
        Made(_indicators, s => new Components(s.First, s.Second, s.Count, s.Derived)),
        _approved, _estimated);

    /// <summary>Starts again from the sum of <paramref name="parts"/>.</summary>
    public void Reset(IEnumerable<Contribution> parts)
    {
        _elements.Clear();
        _indicators.Clear();
        (_leaves, _flagged, _approved, _estimated) = (0, 0, 0, 0);
        foreach (var part in parts)
        {
            Add(part, 1);
        }
        Changed();
    }

    /// <summary>Swaps <paramref name="old"/> for <paramref name="replacement"/>: the old part is taken away first, then the new one added.</summary>
    public void Replace(Contribution old, Contribution replacement)
    {
        Add(old, -1);
        Add(replacement, 1);
        Changed();
    }

    /// <summary>Takes a part away.</summary>
    public void Subtract(Contribution part)
    {
        Add(part, -1);
        Changed();
    }

    /// <summary>
    /// Drops the entries that came to nothing, as a <see cref="Contribution"/> holds none, so the next change
    /// starts from what <see cref="Contribution.Replace"/> would have started from.
    /// </summary>
    private void Changed()
    {
        _total = null;
        DropEmpty(_elements);
        DropEmpty(_indicators);
    }

    private static void DropEmpty(Dictionary<string, Sums> entries)
    {
        foreach (var (key, value) in entries)
        {
            if (value.IsNone)
            {
                entries.Remove(key);
            }
        }
    }

    private void Add(Contribution part, int sign)
    {
        _leaves += sign * part.ReportingLeaves;
        _flagged += sign * part.FlaggedLeaves;
        _approved += sign * part.ApprovedLeaves;
        _estimated += sign * part.EstimatedLeaves;
        foreach (var (key, value) in part.Elements)
        {
            Held(_elements, key).Add(sign, value.Sum, 0m, value.Reporters, value.Derived);
        }
        foreach (var (key, value) in part.Indicators)
        {
            Held(_indicators, key).Add(sign, value.Numerator, value.Denominator, value.Contributors, value.Derived);
        }
    }

    private static Sums Held(Dictionary<string, Sums> entries, string key)
    {
        if (!entries.TryGetValue(key, out var sums))
        {
            entries[key] = sums = new Sums();
        }
        return sums;
    }

    private static CodeMap<T> Made<T>(Dictionary<string, Sums> entries, Func<Sums, T> made) where T : IEquatable<T>
    {
        var codes = new string[entries.Count];
        var values = new T[entries.Count];
        var at = 0;
        foreach (var (key, sums) in entries)
        {
            (codes[at], values[at]) = (key, made(sums));
            at++;
        }
        return CodeMap<T>.Of(codes, values);
    }
}
