using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Aggregation.Bench;

/// <summary>Latencies of one kind of request, summarised as percentiles.</summary>
public sealed class Latencies
{
    private readonly List<double> _ms = [];

    public int Count
    {
        get
        {
            lock (_ms)
            {
                return _ms.Count;
            }
        }
    }

    public void Add(double milliseconds)
    {
        lock (_ms)
        {
            _ms.Add(milliseconds);
        }
    }

    public LatencySummary Summary()
    {
        lock (_ms)
        {
            return LatencySummary.Of(_ms);
        }
    }
}

/// <summary>JSON over HTTP to the gateway; a 503 (the cluster is settling) is retried and counted.</summary>
public static class Http
{
    private static int _retries;

    public static int Retries => _retries;

    /// <param name="body">An object sent as JSON, or a byte[] of JSON already serialised.</param>
    /// <param name="timed">Takes the request's latency: from sending it until the answer's last byte has arrived (the client's parsing is not the service's time).</param>
    /// <param name="answered">Called with each successful answer and its size in bytes (headers, size).</param>
    /// <param name="parse">False where the answer is only timed: it is read into a pooled buffer and dropped, so the client allocates next to nothing per request and its garbage collections stay out of the latencies.</param>
    public static async Task<JsonElement> Send(HttpClient client, HttpMethod method, string path, object? body = null,
        Latencies? timed = null, Action<HttpResponseMessage, int>? answered = null, bool parse = true)
    {
        var start = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is byte[] json)
            {
                // Serialised before the clock started: the client's own work stays out of the timing.
                request.Content = new ByteArrayContent(json) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            }
            else if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var (buffer, length) = await ReadBody(response.Content);
            try
            {
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 50)
                {
                    Interlocked.Increment(ref _retries);
                    await Task.Delay(200);
                    continue;
                }
                timed?.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    var text = Encoding.UTF8.GetString(buffer, 0, length);
                    throw new InvalidOperationException($"{method} {path} → {(int)response.StatusCode}: {text[..Math.Min(text.Length, 400)]}");
                }
                answered?.Invoke(response, length);
                return parse && length > 0 ? JsonDocument.Parse(buffer.AsSpan(0, length).ToArray()).RootElement : default;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>The whole body, in a buffer from the shared pool (return it), and its length.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBody(HttpContent content)
    {
        await using var stream = await content.ReadAsStreamAsync();
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }
            var read = await stream.ReadAsync(buffer.AsMemory(length));
            if (read == 0)
            {
                return (buffer, length);
            }
            length += read;
        }
    }

    public static Task<JsonElement> Get(HttpClient client, string path, Latencies? timed = null, bool parse = true) =>
        Send(client, HttpMethod.Get, path, timed: timed, parse: parse);

    public static Task<JsonElement> Put(HttpClient client, string path, object body, Latencies? timed = null, bool parse = true) =>
        Send(client, HttpMethod.Put, path, body, timed, parse: parse);

    public static Task<JsonElement> Post(HttpClient client, string path, object? body = null, Latencies? timed = null,
        Action<HttpResponseMessage, int>? answered = null, bool parse = true) =>
        Send(client, HttpMethod.Post, path, body, timed, answered, parse);

    /// <summary>The duration a <c>Server-Timing</c> header gives for <paramref name="metric"/>, in milliseconds, or null.</summary>
    public static double? ServerTiming(HttpResponseMessage response, string metric)
    {
        if (!response.Headers.TryGetValues("Server-Timing", out var values))
        {
            return null;
        }
        foreach (var entry in values.SelectMany(v => v.Split(',')))
        {
            var parts = entry.Trim().Split(';');
            var duration = parts.Skip(1).Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("dur=", StringComparison.Ordinal));
            if (parts[0] == metric && duration is not null
                && double.TryParse(duration[4..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ms))
            {
                return ms;
            }
        }
        return null;
    }

    /// <summary>Runs work over items with at most `concurrency` in flight.</summary>
    public static Task ForEach<T>(IEnumerable<T> items, int concurrency, Func<T, Task> work) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (item, _) => await work(item));
}
