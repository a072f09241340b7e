using Orleans.Runtime;
using Orleans.Storage;

namespace Aggregation.Silo.Storage;

/// <summary>
/// Keeps grains whose string keys differ apart in the ADO.NET store. The provider stores a string key
/// that reads as a hexadecimal number (or a GUID) as that number, so "01", "001" and "1" — a province,
/// a district and a commune in GSO codes — or "AB" and "ab" would share one row. Such keys are stored
/// under the key with a leading <see cref="Marker"/>, which the provider keeps as text; keys it keeps
/// exactly (the canonical form of the number, "VN", "296/2023") are passed through unchanged.
/// </summary>
public sealed class ExactKeyStorage(IGrainStorage inner) : IGrainStorage
{
    /// <summary>Never in a unit code, a GUID or a hexadecimal number.</summary>
    public const char Marker = '~';

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, StoredId(grainId), grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(stateName, StoredId(grainId), grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, StoredId(grainId), grainState);

    /// <summary>The id the provider is given: the grain's own when the provider keeps its key exactly, else the marked one.</summary>
    public static GrainId StoredId(GrainId grainId) => KeptExactly(grainId)
        ? grainId
        : GrainId.Create(grainId.Type, Marker + grainId.Key.ToString());

    /// <summary>Whether the provider's reading of the key (as Orleans' key extensions read it) gives the key back.</summary>
    private static bool KeptExactly(GrainId grainId)
    {
        if (grainId.TryGetGuidKey(out var guid, out var guidExtension))
        {
            return grainId.Key.Equals(GrainIdKeyExtensions.CreateGuidKey(guid, guidExtension));
        }
        if (grainId.TryGetIntegerKey(out var number, out var numberExtension))
        {
            return grainId.Key.Equals(GrainIdKeyExtensions.CreateIntegerKey(number, numberExtension));
        }
        return true;
    }
}
