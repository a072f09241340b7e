namespace Aggregation.Domain.Rollup;

/// <summary>
/// A total that parts are replaced in, one after another, read far less often than it changes: a parent's
/// total for one period while its children's updates arrive. Each <see cref="Replace"/> takes the old part away
/// and adds the new one in place, key by key, exactly as <see cref="Contribution.Replace"/> does; the immutable
/// <see cref="Total"/> is made only when read, and kept until the next change.
/// </summary>
public sealed class RunningTotal
{
    private readonly Dictionary<string, ElementTotal> _elements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Components> _indicators = new(StringComparer.Ordinal);
    private int _leaves;
    private int _flagged;
    private int _approved;
    private int _estimated;
    private Contribution? _total = Contribution.Empty;

    /// <summary>The total as it now stands.</summary>
    public Contribution Total => _total ??= new Contribution(_leaves, _flagged, Contribution.Sorted(_elements), Contribution.Sorted(_indicators), _approved, _estimated);

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
        DropEmpty(_elements, e => e.IsNone());
        DropEmpty(_indicators, i => i.IsNone());
    }

    private static void DropEmpty<T>(Dictionary<string, T> entries, Func<T, bool> isEmpty)
    {
        foreach (var (key, value) in entries)
        {
            if (isEmpty(value))
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
            var held = _elements.GetValueOrDefault(key);
            _elements[key] = sign > 0 ? held?.Combine(value) ?? value : (held ?? ElementTotal.Zero).Minus(value);
        }
        foreach (var (key, value) in part.Indicators)
        {
            var held = _indicators.GetValueOrDefault(key);
            _indicators[key] = sign > 0 ? held?.Combine(value) ?? value : (held ?? Components.Zero).Minus(value);
        }
    }
}
