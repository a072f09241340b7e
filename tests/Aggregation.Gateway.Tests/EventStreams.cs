using System.Net.Http.Headers;
using System.Net.ServerSentEvents;

namespace Aggregation.Gateway.Tests;

/// <summary>An open server-sent event stream read as a browser's <c>fetch</c> reads it: its answer, then event after event.</summary>
public sealed class EventStreams : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseItem<string>> _events;
    private readonly CancellationTokenSource _closed = new();

    private EventStreams(HttpClient client, HttpResponseMessage response, Stream body)
    {
        (_client, _response) = (client, response);
        _events = SseParser.Create(body).EnumerateAsync(_closed.Token).GetAsyncEnumerator(_closed.Token);
    }

    public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

    /// <summary>The households of the unit in an <c>indicators</c> event's data.</summary>
    public static decimal Households(string data) =>
        System.Text.Json.JsonDocument.Parse(data).RootElement.GetProperty("elements").GetProperty("households").GetDecimal();

    /// <summary>Indicator <paramref name="code"/> of the unit in an <c>indicators</c> event's data.</summary>
    public static System.Text.Json.JsonElement Indicator(string data, string code) =>
        System.Text.Json.JsonDocument.Parse(data).RootElement.GetProperty("indicators").GetProperty(code).Clone();

    /// <summary>
    /// Opens a stream with the key <paramref name="token"/> (the administrator's without one) on a client of its own:
    /// a test client holds one connection to the gateway, which an open stream would keep from every other request.
    /// </summary>
    public static async Task<EventStreams> Open(GatewayFactory gateway, string path, string? token = null, string? lastEventId = null)
    {
        var client = token is null ? gateway.CreateClient() : gateway.ClientWithKey(token);
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return new EventStreams(client, response, await response.Content.ReadAsStreamAsync());
    }

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The next event; a stream silent for 30 seconds fails the test.</summary>
    public Task<SseItem<string>> Next() => Next(DateTime.UtcNow + Patience);

    private async Task<SseItem<string>> Next(DateTime deadline)
    {
        var next = _events.MoveNextAsync().AsTask();
        var left = deadline - DateTime.UtcNow;
        Assert.True(await Task.WhenAny(next, Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero)) == next, $"the event awaited did not come within {Patience.TotalSeconds} seconds");
        Assert.True(await next, "the stream ended");
        return _events.Current;
    }

    /// <summary>
    /// Events until one satisfies <paramref name="done"/>, which it answers; none within 30 seconds fails the test (keep-alive
    /// events, every 15 seconds, would otherwise keep a test waiting for an event that never comes).
    /// </summary>
    public async Task<SseItem<string>> Until(Func<SseItem<string>, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var item = await Next(deadline);
            if (done(item))
            {
                return item;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closed.CancelAsync();
        _response.Dispose();
        _client.Dispose();
        _closed.Dispose();
    }
}
