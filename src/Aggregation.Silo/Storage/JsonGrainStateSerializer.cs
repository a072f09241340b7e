using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Orleans.Storage;

namespace Aggregation.Silo.Storage;

/// <summary>
/// Grain-state serializer for <c>AdoNetGrainStorageOptions.GrainStorageSerializer</c>, based on
/// System.Text.Json.
/// </summary>
/// <remarks>
/// Why not the provider's default: Orleans' default storage serializer (Newtonsoft.Json) writes
/// <c>"$type": "Namespace.Type, Assembly"</c> into every stored object and collection, so renaming
/// a state type, moving it to another namespace or assembly makes the stored state unreadable.
/// Here the shape of the JSON is decided only by the type the grain asks for
/// (<c>IPersistentState&lt;T&gt;</c>): the payload carries property names and values and nothing
/// else, so types can be renamed or moved freely, and the rows stay readable by anything that
/// reads JSON.
/// The price: no polymorphism by default. A property declared as a base type or <c>object</c>
/// stores only what the declared type exposes, unless the base type opts in with
/// <c>[JsonPolymorphic]</c>/<c>[JsonDerivedType(typeof(X), "stable-name")]</c>, whose discriminators
/// are strings we choose, not .NET names.
/// </remarks>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    /// <summary>The options every state is written and read with; read-only.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = CreateOptions();

    public BinaryData Serialize<T>(T? input) =>
        new(JsonSerializer.SerializeToUtf8Bytes(input, SerializerOptions));

    // A stored JSON "null" comes back as null, and the provider then hands the grain a T from
    // Orleans' activator, exactly as for a grain that was never written. For a record without a
    // parameterless constructor that instance has every member at its default, non-nullable
    // collections included, so state types should guard against it (or check RecordExists).
    public T? Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return JsonSerializer.Deserialize<T>(input.ToMemory().Span, SerializerOptions);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        // Web defaults: camelCase names, case-insensitive reads. Decimals are written with all
        // their digits and scale (1.10m stays 1.10m), so money-like values survive a round trip.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // One NaN or infinity in an aggregate must not make the whole grain unsaveable.
            NumberHandling = JsonNumberHandling.AllowReadingFromString
                | JsonNumberHandling.AllowNamedFloatingPointLiterals,
            // Enum members by name: reordering or inserting members must not silently change
            // stored meaning; renaming one fails loudly instead.
            Converters = { new JsonStringEnumConverter() },
            // The payload goes into a database column, never into HTML, so non-ASCII text
            // (place names) is kept readable instead of becoming \uXXXX escapes.
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        };

        // Unknown JSON properties are skipped and missing ones get defaults (the library's
        // defaults, left as they are): that is what lets a state type gain or lose a property
        // without a data migration.
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
