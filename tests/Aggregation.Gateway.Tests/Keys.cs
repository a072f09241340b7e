using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Aggregation.Gateway.Tests;

/// <summary>Keys created through the API for tests, and requests that show status, headers and body.</summary>
public static class Keys
{
    /// <summary>Creates a key with the admin client and answers its bearer token and id.</summary>
    public static async Task<(string Token, string Id)> Create(HttpClient admin, string name, string role, string unit, DateTimeOffset? expiresAt = null)
    {
        var (status, body, _) = await Http.Send(admin, HttpMethod.Post, "/api/keys",
            JsonSerializer.Serialize(new { name, role, unit, expiresAt }));
        Assert.True(status == 201, $"creating a {role} key answered {status}: {body}");
        return (body.GetProperty("secret").GetString()!, body.GetProperty("id").GetString()!);
    }

    /// <summary>A response in full: status, headers, media type and body text.</summary>
    public sealed record Answer(int Status, HttpResponseHeaders Headers, string? ContentType, string Text)
    {
        public JsonElement Json => JsonDocument.Parse(Text).RootElement.Clone();
    }

    /// <summary>Sends with <paramref name="token"/> as the bearer key (or the client's own header when null).</summary>
    public static async Task<Answer> Send(HttpClient client, HttpMethod method, string path, string? body = null, string? token = null,
        string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await client.SendAsync(request);
        return new((int)response.StatusCode, response.Headers, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }
}
