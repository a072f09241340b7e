using Aggregation.Domain.Units;

namespace Aggregation.Gateway.Apis;

/// <summary>The one place a unit code in a request (route, query or body) becomes the unit it names.</summary>
public static class RequestUnits
{
    /// <summary>The unit a request names by a valid unit code: the unit of that code in the default tree, the installation's one tree.</summary>
    public static UnitKey Key(string code) => UnitKey.InDefaultTree(code);
}
