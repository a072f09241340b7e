namespace Aggregation.Domain.Units;

/// <summary>
/// A unit as the service addresses it: a code within a tree (codes are reused from one tree to the next,
/// so the code alone names a unit only within its tree). A unit's parent and children are in its tree.
/// The key text is the code alone in <see cref="DefaultTree"/> and <c>{code}@{tree}</c> in any other;
/// '@' never occurs in a code, and no key names the default tree explicitly, so every key has one text.
/// </summary>
public readonly record struct UnitKey
{
    /// <summary>The tree of an installation with no trees defined.</summary>
    public const string DefaultTree = "default";

    private const char TreeMark = '@';

    public UnitKey(string tree, string code)
    {
        Tree = Checked(tree, nameof(tree));
        Code = Checked(code, nameof(code));
    }

    public string Tree { get; }

    public string Code { get; }

    /// <summary>The unit <paramref name="code"/> of the default tree.</summary>
    public static UnitKey InDefaultTree(string code) => new(DefaultTree, code);

    /// <summary>Another unit of this unit's tree: its parent or one of its children.</summary>
    public UnitKey WithCode(string code) => new(Tree, code);

    public bool IsInDefaultTree => Tree == DefaultTree;

    /// <summary>The key text: <see cref="Code"/> in the default tree, <c>{code}@{tree}</c> otherwise.</summary>
    public override string ToString() => IsInDefaultTree ? Code : $"{Code}{TreeMark}{Tree}";

    public static bool TryParse(string? text, out UnitKey key)
    {
        key = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var mark = text.IndexOf(TreeMark);
        var (code, tree) = mark < 0 ? (text, DefaultTree) : (text[..mark], text[(mark + 1)..]);
        if (!IsKeyPart(code) || !IsKeyPart(tree) || (mark >= 0 && tree == DefaultTree))
        {
            return false;
        }
        key = new UnitKey(tree, code);
        return true;
    }

    public static UnitKey Parse(string text) =>
        TryParse(text, out var key) ? key : throw new FormatException($"'{text}' is not a unit key ('code' or 'code@tree')");

    /// <summary>
    /// A tree or code fits in key text when it is not empty and holds neither the tree mark nor the
    /// separator composite grain keys use ('/'); what makes a valid unit code is <see cref="UnitCode"/>'s rule.
    /// </summary>
    private static bool IsKeyPart(string? part) => !string.IsNullOrEmpty(part) && part.IndexOf(TreeMark) < 0 && part.IndexOf('/') < 0;

    private static string Checked(string part, string name) =>
        IsKeyPart(part) ? part : throw new ArgumentException($"'{part}' cannot be part of a unit key: empty, or holds '@' or '/'", name);
}
