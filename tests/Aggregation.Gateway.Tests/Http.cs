using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Aggregation.Gateway.Tests;

public static class Http
{
    public static async Task<(int Status, JsonElement Body, string? ContentType)> Send(HttpClient client, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType);
    }

    public static Task<(int Status, JsonElement Body, string? ContentType)> Get(HttpClient client, string path) => Send(client, HttpMethod.Get, path);

    public static Task<(int Status, JsonElement Body, string? ContentType)> Put(HttpClient client, string path, object body) =>
        Send(client, HttpMethod.Put, path, JsonSerializer.Serialize(body));

    /// <summary>A GET's 200 answer once it satisfies <paramref name="done"/> (what follows a change asynchronously, such as a restated view), within 30 seconds.</summary>
    public static async Task<JsonElement> OkOnce(HttpClient client, string path, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var (status, body, _) = await Get(client, path);
            if (status == 200 && done(body))
            {
                return body;
            }
            Assert.True(DateTime.UtcNow < deadline, $"GET {path} answered {status} and never as expected: {body}");
            await Task.Delay(100);
        }
    }

    public static async Task<JsonElement> Ok(HttpClient client, string path)
    {
        var (status, body, _) = await Get(client, path);
        Assert.True(status == 200, $"GET {path} answered {status}: {body}");
        return body;
    }

    /// <summary>
    /// A GET that answers 200 once the service is available again: while it answers 503 (after a kill -9 the cluster first
    /// declares the dead silo dead), the request is retried as the answer asks, for at most two minutes.
    /// </summary>
    public static async Task<JsonElement> OkOnceAvailable(HttpClient client, string path)
    {
        var until = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var (status, body, _) = await Get(client, path);
            if (status != 503 || DateTime.UtcNow > until)
            {
                Assert.True(status == 200, $"GET {path} answered {status}: {body}");
                return body;
            }
            await Task.Delay(500);
        }
    }

    public static decimal? Value(JsonElement indicators, string code) =>
        indicators.GetProperty("indicators").GetProperty(code).GetProperty("value") is { ValueKind: JsonValueKind.Number } v ? v.GetDecimal() : null;
}
