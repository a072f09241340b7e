using System.Buffers.Text;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Aggregation.Grains;

namespace Aggregation.Silo.Storage;

/// <summary>
/// <see cref="IStoredUnits"/> over the ADO.NET provider's <c>OrleansStorage</c> table: the rows of
/// <see cref="UnitGrain"/>'s state for this service. Subclasses open the connection.
/// </summary>
/// <remarks>
/// Units are stored through <see cref="ExactKeyStorage"/>, which keeps every code as text (marked when
/// the provider would read it as a number). Stores written before it are read as follows.
/// The provider does not keep a string key as it is. Like Orleans, it first reads the key as a GUID
/// (32 hex digits), then as a 64-bit hexadecimal number, and stores only the number: "VN" is in
/// <c>GrainIdExtensionString</c>, but "296" is <c>GrainIdN1</c> = 0x296 with no string, and "08" is 8,
/// its leading zero gone. So a row's code is its string when it has one; else the code that a stored
/// unit names as its parent or child (exact text) and that maps to the row's numbers; else the
/// numbers written back in hex as Orleans writes them. Only a unit nobody names (a root without
/// children) with leading zeros or lower-case hex letters comes back spelled differently, and that
/// spelling still reads the same stored unit.
/// </remarks>
public abstract class StoredUnits(string serviceId) : IStoredUnits
{
    /// <summary>The state name in <see cref="UnitGrain"/>'s <c>[PersistentState]</c>, which the provider stores as <c>GrainTypeString</c>.</summary>
    public const string UnitStateName = "unit";

    // Valid for both SQLite and PostgreSQL (which folds the unquoted names to lower case).
    private const string Query = """
        SELECT GrainIdN0, GrainIdN1, GrainIdExtensionString, PayloadBinary
        FROM OrleansStorage
        WHERE GrainTypeString = @GrainTypeString AND ServiceId = @ServiceId
        """;

    private static readonly JsonGrainStateSerializer Serializer = new();

    /// <summary>A new, closed connection to the store.</summary>
    protected abstract DbConnection CreateConnection();

    public async Task<IReadOnlyList<string>> ListCodes()
    {
        var rows = new List<(StorageKey Key, UnitState? State)>();
        await using var connection = CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Query;
        AddParameter(command, "@GrainTypeString", UnitStateName);
        AddParameter(command, "@ServiceId", serviceId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var key = new StorageKey(reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2));
            rows.Add((key, reader.IsDBNull(3) ? null : Read(reader.GetFieldValue<byte[]>(3))));
        }
        return Resolve(rows);
    }

    private static IReadOnlyList<string> Resolve(List<(StorageKey Key, UnitState? State)> rows)
    {
        // Every code the stored units name, by the key the provider stores it under; ordinal order
        // makes the choice stable when two spellings share a key.
        var named = new Dictionary<StorageKey, string>();
        var names = rows.SelectMany(r => r.State is { } s ? [.. s.Children, s.Parent] : Array.Empty<string?>()).OfType<string>();
        foreach (var code in names.Distinct().Order(StringComparer.Ordinal))
        {
            named.TryAdd(KeyOf(code), code);
        }
        return rows
            .Select(r => r.Key.Extension?.TrimStart(ExactKeyStorage.Marker) ?? (named.TryGetValue(r.Key, out var code) ? code : Format(r.Key)))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Where the provider stores a string grain key (Orleans' <c>TryGetGuidKey</c>, then <c>TryGetIntegerKey</c>, then the string).</summary>
    private static StorageKey KeyOf(string code)
    {
        // Unit codes hold no '+', so there is never a key extension to split off.
        var utf8 = Encoding.UTF8.GetBytes(code);
        if (utf8.Length == 32 && Utf8Parser.TryParse(utf8, out Guid guid, out _, 'N'))
        {
            var bytes = guid.ToByteArray();
            return new StorageKey(BitConverter.ToInt64(bytes, 0), BitConverter.ToInt64(bytes, 8), null);
        }
        if (Utf8Parser.TryParse(utf8, out long number, out var length, 'X') && length == utf8.Length)
        {
            return new StorageKey(0, number, null);
        }
        return new StorageKey(0, 0, code);
    }

    /// <summary>A numeric key written back as Orleans writes one: a long in hex, or a GUID's 32 digits.</summary>
    private static string Format(StorageKey key) => key.N0 == 0
        ? key.N1.ToString("X", CultureInfo.InvariantCulture)
        : new Guid([.. BitConverter.GetBytes(key.N0), .. BitConverter.GetBytes(key.N1)]).ToString("N");

    private static UnitState? Read(byte[] payload)
    {
        try
        {
            return Serializer.Deserialize<UnitState>(new BinaryData(payload));
        }
        catch (JsonException)
        {
            // Only the names it holds are lost: the row's own key still lists the unit.
            return null;
        }
    }

    private static void AddParameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A row's key columns: <c>GrainIdN0</c>, <c>GrainIdN1</c>, <c>GrainIdExtensionString</c>.</summary>
    private readonly record struct StorageKey(long N0, long N1, string? Extension);
}
