using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Aggregation.Contracts;
using Aggregation.Domain.Rules;
using Aggregation.Silo;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Aggregation.Gateway.Apis;

/// <summary>
/// Ranking answers as this gateway last wrote them, by question, each under the stamp of the indicator grain's answer.
/// Asked again, the grain is given the stamp held and answers "unchanged" while its figures and the plans it judged
/// against stay the same; the kept JSON is written then. A ranking of every commune of the country (1.4 MiB) is so
/// written once per change rather than once per request, and crosses between silos only when it changed. Bounded by
/// <c>Aggregation:Standings:KeptRankingBytes</c>, least recently used first out; 0 keeps nothing.
/// </summary>
public sealed class KeptRankings : IDisposable
{
    private sealed record Question(string Grain, StandingsQuery Query, RankingOrder Order, int? Top, bool Exact);

    private sealed record Kept(string Stamp, byte[] Json);

    private readonly MemoryCache? _kept;
    private readonly JsonTypeInfo _json;

    public KeptRankings(AggregationOptions options, IOptions<JsonOptions> json)
    {
        var bytes = options.Standings.KeptRankingBytes;
        _kept = bytes > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = bytes }) : null;
        _json = json.Value.SerializerOptions.GetTypeInfo(typeof(RankingView));
    }

    /// <summary>The ranking as JSON, rounded unless <paramref name="exact"/>, or why there is none.</summary>
    public async Task<(byte[]? Json, Refusal? Refusal)> Rank(IIndicatorGrain grain, StandingsQuery query, RankingOrder order, int? top, bool exact)
    {
        var question = new Question(grain.GetPrimaryKeyString(), query, order, top, exact);
        var held = _kept?.Get<Kept>(question);
        var answer = await grain.Rank(query, order, top, held?.Stamp);
        if (answer.Unchanged)
        {
            return held is not null && answer.Stamp == held.Stamp
                ? (held.Json, null)
                : throw new InvalidOperationException($"the indicator grain answered 'unchanged' for stamp {answer.Stamp}, held {held?.Stamp}");
        }
        if (answer.Refusal is { } refusal)
        {
            return (null, refusal);
        }
        var written = JsonSerializer.SerializeToUtf8Bytes(Rounded.Answer(answer.Value!, exact), _json);
        if (_kept is not null && answer.Stamp is { } stamp)
        {
            _kept.Set(question, new Kept(stamp, written), new MemoryCacheEntryOptions { Size = written.Length });
        }
        return (written, null);
    }

    public void Dispose() => _kept?.Dispose();
}
