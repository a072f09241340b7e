using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aggregation.Domain.Rules;

/// <summary>
/// Something the product says about a value it accepted or computed: a report's warning, why an
/// indicator is null, a plan's contradiction, a goal seek's caveat. <see cref="Code"/> is stable
/// snake_case (every one is in <see cref="NoteCodes"/>), <see cref="Args"/> holds the values its words
/// are made of, by name. Clients translate the code with its args, never the English <see cref="Message"/>.
/// </summary>
public sealed record Note(string Code, IReadOnlyDictionary<string, NoteArg> Args, string Message)
{
    public static readonly IReadOnlyDictionary<string, NoteArg> NoArgs = new Dictionary<string, NoteArg>();

    /// <summary>A note whose words need no values.</summary>
    public Note(string code, string message) : this(code, NoArgs, message)
    {
    }

    /// <summary>A note with its args named in place: <c>Note.Of(code, words, ("from", 10m), ("to", 20m))</c>.</summary>
    public static Note Of(string code, string message, params IEnumerable<(string Name, NoteArg Value)> args) =>
        new(code, args.ToDictionary(a => a.Name, a => a.Value), message);

    public bool Equals(Note? other) =>
        other is not null && Code == other.Code && Message == other.Message && NoteArg.SameArgs(Args, other.Args);

    public override int GetHashCode() => HashCode.Combine(Code, Message, Args.Count);
}

/// <summary>
/// One value a note's words are made of: a number, a name (an element or indicator code, a cause's
/// code) or a list of names. In JSON it is simply that number, string or array of strings.
/// </summary>
[JsonConverter(typeof(NoteArgJsonConverter))]
public sealed class NoteArg : IEquatable<NoteArg>
{
    private NoteArg(decimal? number, string? name, IReadOnlyList<string>? names) => (Number, Name, Names) = (number, name, names);

    public decimal? Number { get; }

    public string? Name { get; }

    public IReadOnlyList<string>? Names { get; }

    public static implicit operator NoteArg(decimal number) => new(number, null, null);

    public static implicit operator NoteArg(string name) => new(null, name, null);

    public static NoteArg List(IEnumerable<string> names) => new(null, null, names.ToArray());

    /// <summary>Whichever of the three is given (a number wins, then a name), as it crossed a wire.</summary>
    public static NoteArg From(decimal? number, string? name, IReadOnlyList<string>? names) =>
        number is { } n ? n : name is not null ? name : List(names ?? []);

    public bool Equals(NoteArg? other) =>
        other is not null && Number == other.Number && Name == other.Name
        && (Names is null ? other.Names is null : other.Names is not null && Names.SequenceEqual(other.Names));

    public override bool Equals(object? obj) => Equals(obj as NoteArg);

    public override int GetHashCode() => HashCode.Combine(Number, Name, Names?.Count);

    public override string ToString() => Number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Name ?? string.Join(", ", Names ?? []);

    internal static bool SameArgs(IReadOnlyDictionary<string, NoteArg> a, IReadOnlyDictionary<string, NoteArg> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && kv.Value.Equals(other));
}

/// <summary>A note's argument as the plain JSON value it is; a number goes through the options' own decimal handling.</summary>
public sealed class NoteArgJsonConverter : JsonConverter<NoteArg>
{
    public override NoteArg Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => JsonSerializer.Deserialize<decimal>(ref reader, options),
        JsonTokenType.String => reader.GetString()!,
        JsonTokenType.StartArray => NoteArg.List(ReadNames(ref reader)),
        _ => throw new JsonException("a note's argument is a number, a string or an array of strings"),
    };

    private static List<string> ReadNames(ref Utf8JsonReader reader)
    {
        var names = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            names.Add(reader.GetString() ?? throw new JsonException("a note's list holds strings"));
        }
        return names;
    }

    public override void Write(Utf8JsonWriter writer, NoteArg value, JsonSerializerOptions options)
    {
        if (value.Number is { } number)
        {
            JsonSerializer.Serialize(writer, number, options);
        }
        else if (value.Name is { } name)
        {
            writer.WriteStringValue(name);
        }
        else
        {
            writer.WriteStartArray();
            foreach (var item in value.Names ?? [])
            {
                writer.WriteStringValue(item);
            }
            writer.WriteEndArray();
        }
    }
}
