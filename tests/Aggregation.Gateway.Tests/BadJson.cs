using System.Globalization;
using System.Text;
using CsCheck;

namespace Aggregation.Gateway.Tests;

/// <summary>
/// JSON kept as text, so a body can hold what a serializer never writes: duplicate keys, 1e400,
/// lone surrogates, a hundred thousand digits.
/// </summary>
public abstract record J
{
    public sealed record Raw(string Json) : J;

    public sealed record Arr(J[] Items) : J;

    public sealed record Obj((string Name, J Value)[] Props) : J;

    public static J Str(string text) => new Raw(Quote(text));

    public static J Num(string literal) => new Raw(literal);

    public static J O(params (string, J)[] props) => new Obj(props);

    public static J A(params J[] items) => new Arr(items);

    public static string Text(J json) => json switch
    {
        Raw r => r.Json,
        Arr a => "[" + string.Join(",", a.Items.Select(Text)) + "]",
        Obj o => "{" + string.Join(",", o.Props.Select(p => Quote(p.Name) + ":" + Text(p.Value))) + "}",
        _ => throw new ArgumentOutOfRangeException(nameof(json)),
    };

    /// <summary>A JSON string; control characters and every surrogate (so lone ones too) as \u escapes.</summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' or '\\' => sb.Append('\\').Append(c),
                _ when c < ' ' || char.IsSurrogate(c) => sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => sb.Append(c),
            };
        }
        return sb.Append('"').ToString();
    }

    /// <summary>The value at <paramref name="path"/> (names, or indexes into arrays).</summary>
    public static J At(J root, string[] path) => path.Length == 0 ? root : root switch
    {
        Obj o => At(o.Props.First(p => p.Name == path[0]).Value, path[1..]),
        Arr a => At(a.Items[int.Parse(path[0], CultureInfo.InvariantCulture)], path[1..]),
        _ => throw new ArgumentException($"no {string.Join('/', path)}"),
    };

    /// <summary><paramref name="root"/> with the value at <paramref name="path"/> replaced.</summary>
    public static J Set(J root, string[] path, J value) => path.Length == 0 ? value : root switch
    {
        Obj o => new Obj(o.Props.Select(p => p.Name == path[0] ? (p.Name, Set(p.Value, path[1..], value)) : p).ToArray()),
        Arr a => new Arr(a.Items.Select((x, i) => i.ToString(CultureInfo.InvariantCulture) == path[0] ? Set(x, path[1..], value) : x).ToArray()),
        _ => throw new ArgumentException($"no {string.Join('/', path)}"),
    };

    /// <summary>The key at <paramref name="path"/> a second time, right after the first, holding <paramref name="value"/>.</summary>
    public static J Duplicate(J root, string[] path, J value) => path.Length == 1 && root is Obj obj
        ? new Obj(obj.Props.SelectMany(p => p.Name == path[0] ? new[] { p, (p.Name, value) } : [p]).ToArray())
        : Set(root, path[..^1], Duplicate(At(root, path[..^1]), path[^1..], value));
}

/// <summary>What a field holds, which decides the wrong values generated for it.</summary>
public enum Kind
{
    Name, Text, Code, Period, Element, Indicator, Role, Mode, Comparator, Date,
    Count, Target, Rate, Amount, GoalTarget, Version,
    Object, List,
}

/// <summary>A field of a body, and a valid value other than the base's (what a duplicate key carries).</summary>
public sealed record Field(string[] Path, Kind Kind, J Other)
{
    public static Field Of(string path, Kind kind, J other) => new(path.Split('/'), kind, other);

    public bool IsText => Kind <= Kind.Date;

    public bool IsNumber => Kind is >= Kind.Count and <= Kind.Version;

    public string Name => string.Join('/', Path);
}

/// <summary>A wrong value for a field, and whether the endpoint must refuse it (4xx) or only survive it (no 5xx).</summary>
public sealed record Bad(J Value, bool MayBeAccepted = false);

/// <summary>Wrong values by kind. Every refused value is refused whatever the rest of the body says.</summary>
public static class WrongValues
{
    private static readonly J[] NotText = [J.Num("1"), J.Num("-0"), J.Num("true"), J.Num("false"), J.O(), J.A(), J.A(J.Str("x")), J.Num("1e400")];
    private static readonly J[] NotNumber = [J.Str("abc"), J.Str(""), J.Str("NaN"), J.Num("true"), J.O(), J.A(), J.A(J.Num("1"))];

    /// <summary>A JSON value of another type; null only where the field is required (a null parent is a root, a null version no check).</summary>
    public static J[] Types(Kind kind) => kind switch
    {
        Kind.Code => NotText,
        Kind.Date => [J.Num("1"), J.Num("true"), J.O(), J.A(), J.Str("tomorrow"), J.Str("2031-13-01"), J.Str("")],
        <= Kind.Comparator => [.. NotText, J.Num("null")],
        Kind.Version => NotNumber,
        <= Kind.GoalTarget => [.. NotNumber, J.Num("null")],
        Kind.Object => [J.A(), J.Num("1"), J.Str("x"), J.Num("true"), J.Num("null")],
        _ => [J.O(), J.Num("1"), J.Str("x"), J.Num("null")],
    };

    // Beyond decimal (1e400, max + 1), below its resolution (5e-324, 1e-30: they would silently become 0).
    private static readonly string[] Unrepresentable = ["1e400", "-1e400", "1E+400", "5e-324", "-5e-324", "1e-30", "79228162514264337593543950336", "-79228162514264337593543950336"];

    /// <summary>Numbers at the edges: the refused ones, and for what-if inputs edge values that may be answered.</summary>
    public static Bad[] Extremes(Kind kind) => kind switch
    {
        Kind.Count => [.. Refused(Unrepresentable), .. Refused("-1", "0.5", "1000000000000000.5", "1000000000000001", "79228162514264337593543950335", "-79228162514264337593543950335", "1E+29")],
        Kind.Target => Refused(Unrepresentable),
        Kind.Rate => Refused([.. Unrepresentable, "-5", "-0.001"]),
        Kind.Amount => [.. Refused([.. Unrepresentable, "1000000000000001", "79228162514264337593543950335", "-79228162514264337593543950335"]),
            .. Answerable("-0", "0", "1e15", "-1e15", "0.000001", "1000000000000000")],
        Kind.GoalTarget => [.. Refused(Unrepresentable),
            .. Answerable("79228162514264337593543950335", "-79228162514264337593543950335", "1000000000000001", "-0", "0", "1e15", "-1e15")],
        Kind.Version => Refused("1e400", "5e-324", "1.5", "79228162514264337593543950335", "-1", "2147483648"),
        Kind.Date => [.. new[] { "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-14:00", "2031-02-30T00:00:00Z", "10000-01-01T00:00:00Z", "2031-01-01T25:00:00Z" }
            .Select(d => new Bad(J.Str(d)))],
        _ => [],
    };

    private static Bad[] Refused(params string[] literals) => [.. literals.Select(l => new Bad(J.Num(l)))];

    private static Bad[] Answerable(params string[] literals) => [.. literals.Select(l => new Bad(J.Num(l), MayBeAccepted: true))];

    /// <summary>Characters no name, code or period may hold: C0 and C1 controls, DEL, lone surrogates.</summary>
    public static readonly char[] Controls = ['\0', '\u0001', '\u0007', '\b', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009f', '\ud800', '\udbff', '\udc00', '\udfff'];

    /// <summary>Byte sequences that are not UTF-8: a stray continuation byte, 0xFF, an overlong NUL, an encoded surrogate, a cut sequence.</summary>
    public static readonly byte[][] NotUtf8 = [[0x80], [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF8, 0x88, 0x80, 0x80, 0x80]];

    public static Gen<T> Pick<T>(IReadOnlyList<T> items) => Gen.Int[0, items.Count - 1].Select(i => items[i]);
}
