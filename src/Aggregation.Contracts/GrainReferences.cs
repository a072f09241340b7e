namespace Aggregation.Contracts;

/// <summary>
/// Grain references by string key, made without reading the interface's attributes each time: Orleans'
/// <c>GetGrain&lt;T&gt;(string)</c> resolves the interface by reflection on every call, which a national bulk
/// year pays several times per report (the gateway's unit grain, the unit's leaf, the leaf's parent of a new year).
/// The first reference of each interface is made that way; its grain type and interface type are kept and reused.
/// </summary>
public static class GrainReferences
{
    public static T Reference<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey
    {
        if (Resolved<T>.Types is { } types)
        {
            return (T)grains.GetGrain(GrainId.Create(types.Grain, IdSpan.Create(key)), types.Interface);
        }
        var grain = grains.GetGrain<T>(key);
        // A client that has not yet seen the cluster's grain types may get a stand-in (a system type): that one is not kept.
        if ((object)grain is GrainReference reference && !reference.GrainId.Type.ToString()!.StartsWith(GrainTypePrefix.SystemPrefix, StringComparison.Ordinal))
        {
            Resolved<T>.Types = new(reference.GrainId.Type, reference.InterfaceType);
        }
        return grain;
    }

    /// <summary>An object, so that a reference made on another thread reads both types or none, never half of them.</summary>
    private sealed record Kept(GrainType Grain, GrainInterfaceType Interface);

    private static class Resolved<T>
    {
        public static Kept? Types;
    }
}
