using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aggregation.Gateway.Dhis2;

/// <summary>
/// A DHIS2 data value set as it is posted: set-wide <see cref="Period"/>, <see cref="OrgUnit"/> and
/// <see cref="AttributeOptionCombo"/> that each value may override. <see cref="DataSet"/> and
/// <see cref="CompleteDate"/> are read and not used (the product has one report per unit and period).
/// </summary>
public sealed record DataValueSetIn(
    string? DataSet,
    string? Period,
    string? OrgUnit,
    string? CompleteDate,
    string? AttributeOptionCombo,
    List<DataValueIn>? DataValues);

/// <summary>
/// One posted data value; <see cref="Value"/> is the text of a JSON string or number (null when absent or null). Read
/// through settable properties rather than a constructor: a national year is 200,000 of them, each read without the
/// state a constructor's arguments need.
/// </summary>
public sealed class DataValueIn
{
    [JsonConverter(typeof(RepeatedTextConverter))]
    public string? DataElement { get; init; }

    [JsonConverter(typeof(RepeatedTextConverter))]
    public string? Period { get; init; }

    [JsonConverter(typeof(RepeatedTextConverter))]
    public string? OrgUnit { get; init; }

    public string? CategoryOptionCombo { get; init; }
    public string? AttributeOptionCombo { get; init; }

    [JsonConverter(typeof(DataValueTextConverter))]
    public string? Value { get; init; }

    public string? Comment { get; init; }
}

/// <summary>A value as DHIS2 sends it, a string or a number, kept as its text; true and false stay text too, to be refused as not numbers.</summary>
public sealed class DataValueTextConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => throw new JsonException("a value is a string or a number"),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>
/// A string that repeats from value to value (an element code, a period, the unit of the values before): read once
/// and handed out again while it repeats, from a small table per thread keyed by its UTF-8 bytes, so a national year
/// makes a few thousand strings where it named 600,000.
/// </summary>
public sealed class RepeatedTextConverter : JsonConverter<string?>
{
    private const int Slots = 256;
    private const int LongestKept = 64;

    [ThreadStatic]
    private static (byte[] Utf8, string Text)[]? _seen;

    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException(); // the serializer words it as any other value of the wrong type, with its path
        }
        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > LongestKept)
        {
            return reader.GetString();
        }
        var utf8 = reader.ValueSpan;
        var hash = new HashCode();
        hash.AddBytes(utf8);
        var seen = _seen ??= new (byte[], string)[Slots];
        ref var slot = ref seen[hash.ToHashCode() & (Slots - 1)];
        if (slot.Utf8 is null || !utf8.SequenceEqual(slot.Utf8))
        {
            slot = (utf8.ToArray(), Encoding.UTF8.GetString(utf8));
        }
        return slot.Text;
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>DHIS2's answer to an import: the web message around the import summary.</summary>
public sealed record ValueSetAnswer(string HttpStatus, int HttpStatusCode, string Status, string Message, ValueSetSummary Response);

/// <summary>
/// DHIS2's import summary of a data value set. <see cref="Status"/>: SUCCESS, WARNING (some values refused) or
/// ERROR (values refused and nothing stored).
/// </summary>
public sealed record ValueSetSummary(
    string ResponseType,
    string Status,
    ValueSetImportOptions ImportOptions,
    string Description,
    ImportCount ImportCount,
    IReadOnlyList<ValueSetConflict> Conflicts,
    string DataSetComplete);

/// <summary>The options the import ran with, as DHIS2 echoes them.</summary>
public sealed record ValueSetImportOptions(bool DryRun, string ImportStrategy, ValueSetIdSchemes IdSchemes);

/// <summary>The identifiers the import read: element and unit codes.</summary>
public sealed record ValueSetIdSchemes(string IdScheme);

/// <summary>Data values counted once each: imported (new to the report), updated (changed), ignored (unchanged or refused), deleted.</summary>
public sealed record ImportCount(int Imported, int Updated, int Ignored, int Deleted);

/// <summary>
/// A refusal. <see cref="Object"/> names the orgUnit and period as <c>orgUnit/period</c>, with <c>/dataElement</c> when
/// one value is at fault; <see cref="Value"/> says what is wrong; <see cref="ErrorCode"/> is the product's refusal code;
/// <see cref="Property"/> the field of the data value; <see cref="Indexes"/> the positions of the values concerned in
/// <c>dataValues</c>, from 0.
/// </summary>
public sealed record ValueSetConflict(string Object, string Value, string? ErrorCode, string? Property, IReadOnlyList<int> Indexes);
