namespace Aggregation.Domain.Scenarios;

/// <summary>
/// Which overrides a scenario applies to which leaf. An override aimed at a leaf always applies to it; one
/// aimed at a unit above reaches every leaf under it but only those it has something to work on
/// (<see cref="ElementOverride.AppliesTo"/>), so one leaf that never reported an element does not fail the scenario.
/// </summary>
public sealed class ScenarioPlan
{
    private sealed record Planned(int Index, ElementOverride Override, bool Scoped);

    private readonly Dictionary<string, List<Planned>> _byLeaf = new(StringComparer.Ordinal);

    /// <summary>Adds override number <paramref name="index"/>, aimed at <paramref name="target"/>, which covers <paramref name="leaves"/>.</summary>
    public void Add(int index, ElementOverride change, string target, IReadOnlyCollection<string> leaves)
    {
        var scoped = leaves.Count > 1 || leaves.Any(l => l != target);
        foreach (var leaf in leaves)
        {
            if (!_byLeaf.TryGetValue(leaf, out var list))
            {
                _byLeaf[leaf] = list = [];
            }
            list.Add(new Planned(index, change, scoped));
        }
    }

    /// <summary>Every leaf some override reaches.</summary>
    public IEnumerable<string> Leaves => _byLeaf.Keys;

    /// <summary>The overrides that apply to a leaf with this report and the one before it, in the order given; empty when none does.</summary>
    public IReadOnlyList<ElementOverride> For(string leaf, IReadOnlyDictionary<string, decimal>? current, IReadOnlyDictionary<string, decimal>? previous) =>
        _byLeaf.TryGetValue(leaf, out var list)
            ? list.Where(p => !p.Scoped || p.Override.AppliesTo(current, previous)).Select(p => p.Override).ToList()
            : [];

    /// <summary>The index of the first override of <paramref name="element"/> reaching <paramref name="leaf"/>: where a refusal of it is reported.</summary>
    public int IndexOf(string leaf, string element) =>
        _byLeaf.TryGetValue(leaf, out var list) ? list.FirstOrDefault(p => p.Override.Element == element)?.Index ?? 0 : 0;
}
