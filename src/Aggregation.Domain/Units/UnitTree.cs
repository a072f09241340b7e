namespace Aggregation.Domain.Units;

/// <summary>An in-memory hierarchy: used to load units in order and to recompute rollups from leaves.</summary>
public sealed class UnitTree
{
    private readonly Dictionary<string, UnitDefinition> _units;
    private readonly Dictionary<string, List<string>> _children = [];

    public UnitTree(IEnumerable<UnitDefinition> units)
    {
        _units = units.ToDictionary(u => u.Code);
        foreach (var unit in _units.Values.Where(u => u.Parent is not null))
        {
            if (!_units.ContainsKey(unit.Parent!))
            {
                throw new ArgumentException($"unit '{unit.Code}' has unknown parent '{unit.Parent}'");
            }
            if (!_children.TryGetValue(unit.Parent!, out var list))
            {
                _children[unit.Parent!] = list = [];
            }
            list.Add(unit.Code);
        }
        foreach (var unit in _units.Values)
        {
            if (Ancestors(unit.Code).Take(_units.Count + 1).Count() > _units.Count)
            {
                throw new ArgumentException($"unit '{unit.Code}' is part of a cycle");
            }
        }
    }

    public IReadOnlyCollection<UnitDefinition> Units => _units.Values;

    public UnitDefinition this[string code] => _units[code];

    public IReadOnlyList<string> Children(string code) => _children.TryGetValue(code, out var c) ? c : [];

    public bool IsLeaf(string code) => Children(code).Count == 0;

    public IEnumerable<string> Ancestors(string code)
    {
        for (var p = _units[code].Parent; p is not null; p = _units[p].Parent)
        {
            yield return p;
        }
    }

    public IEnumerable<string> LeavesUnder(string code) =>
        IsLeaf(code) ? [code] : Children(code).SelectMany(LeavesUnder);

    /// <summary>Units ordered so that every parent comes before its children.</summary>
    public IEnumerable<UnitDefinition> TopDown() =>
        _units.Values.OrderBy(u => Ancestors(u.Code).Count()).ThenBy(u => u.Code, StringComparer.Ordinal);
}
