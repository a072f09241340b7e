using Aggregation.Contracts;

namespace Aggregation.Grains;

/// <summary>Stored form of a unit. Leaf counts are not stored: they are pulled from the children on activation.</summary>
public sealed class UnitState
{
    public bool Exists { get; set; }
    public string Name { get; set; } = "";
    public string Level { get; set; } = "";
    public string? Parent { get; set; }

    /// <summary>The unit's type as its tree's list names it (Xã, Phường, …); null when never given.</summary>
    public string? Kind { get; set; }
    public List<string> Children { get; set; } = [];

    /// <summary>A move stored but not yet carried through (the old parent still lists the unit or holds its data); completed on the next turn.</summary>
    public PendingMove? Moving { get; set; }

    /// <summary>Every create and update of this unit, with who and the value before.</summary>
    public List<AuditEntry> Audit { get; set; } = [];
}

/// <summary>The parent a unit left, until the old parent has let go of it and its data reached the new ancestors.</summary>
public sealed class PendingMove
{
    public string? From { get; set; }
}
