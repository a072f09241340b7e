using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Aggregation.Contracts;
using Aggregation.Domain.Security;
using Microsoft.Extensions.DependencyInjection;
using static Aggregation.Gateway.Tests.Keys;

namespace Aggregation.Gateway.Tests;

/// <summary>Keys: shown once, stored as hashes, expiring, revocable, validated; the bootstrap key when none is configured.</summary>
public sealed class KeysOnSqlite(SqliteSampleGateway gateway) : KeyTests(gateway, "sqlite"), IClassFixture<SqliteSampleGateway>;

public sealed class KeysOnPostgres(PostgresSampleGateway gateway) : KeyTests(gateway, "postgres"), IClassFixture<PostgresSampleGateway>;

public abstract class KeyTests(SampleGateway gateway, string provider)
{
    private readonly HttpClient _admin = gateway.Client;
    private readonly HttpClient _bare = gateway.Factory.ClientWithKey(null);

    [Fact]
    public async Task TheSecretIsShownOnceAndNeverListed()
    {
        var (token, id) = await Create(_admin, "Kẻ Sặt officer", "reporter", "10945");
        Assert.Matches($"^agg_{id}_[A-Za-z0-9_-]{{43}}$", token); // 256 random bits, base64url
        var list = await Send(_admin, HttpMethod.Get, "/api/keys");
        var secretPart = token[$"agg_{id}_".Length..];
        Assert.DoesNotContain(secretPart, list.Text);
        var key = list.Json.EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);
        Assert.Equal(["createdAt", "createdBy", "expiresAt", "id", "name", "revokedAt", "role", "unit"],
            key.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("reporter", key.GetProperty("role").GetString());
        Assert.Equal("10945", key.GetProperty("unit").GetString());
        Assert.Equal(200, (await Send(_bare, HttpMethod.Get, "/api/units/10945/reports/2023", token: token)).Status);
        // The same id with another secret is refused.
        Assert.Equal(401, (await Send(_bare, HttpMethod.Get, "/api/units/10945/reports/2023", token: $"agg_{id}_{new string('A', 43)}")).Status);
    }

    [Fact]
    public async Task ARevokedKeyIs401AtOnce()
    {
        var (token, id) = await Create(_admin, "to revoke", "analyst", "296");
        Assert.Equal(200, (await Send(_bare, HttpMethod.Get, "/api/units/296", token: token)).Status);
        var revoked = await Send(_admin, HttpMethod.Delete, $"/api/keys/{id}");
        Assert.Equal(200, revoked.Status);
        Assert.Equal(JsonValueKind.String, revoked.Json.GetProperty("revokedAt").ValueKind);
        var answer = await Send(_bare, HttpMethod.Get, "/api/units/296", token: token);
        Assert.Equal(401, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Contains(answer.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal(404, (await Send(_admin, HttpMethod.Delete, "/api/keys/ffffffffffff")).Status);
    }

    [Fact]
    public async Task AnExpiredKeyIs401()
    {
        var (token, _) = await Create(_admin, "short-lived", "analyst", "296", DateTimeOffset.UtcNow.AddSeconds(2));
        Assert.Equal(200, (await Send(_bare, HttpMethod.Get, "/api/units/296", token: token)).Status);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(401, (await Send(_bare, HttpMethod.Get, "/api/units/296", token: token)).Status);
    }

    [Theory]
    [InlineData("""{"name":"x","role":"superuser","unit":"296"}""", "role")]
    [InlineData("""{"name":"x","role":"reporter","unit":"296"}""", "unit")]
    [InlineData("""{"name":"x","role":"analyst","unit":"99999"}""", "unit")]
    [InlineData("""{"name":"x","role":"analyst","unit":"'; DROP TABLE keys;--"}""", "unit")]
    [InlineData("""{"name":"x","role":"analyst"}""", "unit")]
    [InlineData("""{"name":"","role":"analyst","unit":"296"}""", "name")]
    [InlineData("""{"name":"a\u0007b","role":"analyst","unit":"296"}""", "name")]
    [InlineData("""{"name":"x","role":"analyst","unit":"296","expiresAt":"2001-01-01T00:00:00Z"}""", "expiresAt")]
    [InlineData("""{"name":"x","role":"admin","unit":"296"}""", "unit")]
    public async Task InvalidKeysAreRefusedNamingTheFieldAndNothingIsStored(string body, string field)
    {
        var before = (await Send(_admin, HttpMethod.Get, "/api/keys")).Text;
        var answer = await Send(_admin, HttpMethod.Post, "/api/keys", body);
        Assert.Equal(422, answer.Status);
        Assert.True(answer.Json.GetProperty("errors").TryGetProperty(field, out _), answer.Text);
        Assert.Equal(before, (await Send(_admin, HttpMethod.Get, "/api/keys")).Text);
    }

    /// <summary>An admin key reads everything, so a unit on it would be a scope that is not enforced.</summary>
    [Fact]
    public async Task AnAdminKeyWithAUnitIsRefusedBecauseAdministratorsAreNotScoped()
    {
        var answer = await Send(_admin, HttpMethod.Post, "/api/keys", """{"name":"district admin","role":"admin","unit":"296"}""");
        Assert.Equal(422, answer.Status);
        Assert.Equal("administrator keys are not scoped to a unit", answer.Json.GetProperty("errors").GetProperty("unit")[0].GetString());
        var (token, _) = await Create(_admin, "national admin", "admin", "");
        var me = await Send(_bare, HttpMethod.Get, "/api/keys/me", token: token);
        Assert.Equal("", me.Json.GetProperty("unit").GetString());
    }

    /// <summary>An admin key stored with a unit before such keys were refused says what it is: unscoped.</summary>
    [Fact]
    public async Task AnAdminKeyStoredWithAUnitShowsNoScope()
    {
        var grains = gateway.Factory.Services.GetRequiredService<IGrainFactory>();
        var (id, secret) = (ApiKeyToken.NewId(), ApiKeyToken.NewSecret());
        var by = new KeyPrincipal("admin", "administrator (configured)", "admin", "");
        Assert.True(await grains.GetGrain<IApiKeyGrain>(id).Create(new NewApiKey("old district admin", "admin", "296", null, ApiKeyToken.Hash(secret), by.Signature()), by));
        var me = await Send(_bare, HttpMethod.Get, "/api/keys/me", token: ApiKeyToken.Format(id, secret));
        Assert.Equal(200, me.Status);
        Assert.Equal("admin", me.Json.GetProperty("role").GetString());
        Assert.Equal("", me.Json.GetProperty("unit").GetString());
        var listed = (await Send(_admin, HttpMethod.Get, "/api/keys")).Json.EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);
        Assert.Equal("", listed.GetProperty("unit").GetString());
    }

    [Fact]
    public async Task OpenEndpointsNeedNoKey()
    {
        foreach (var path in new[] { "/health/live", "/health/ready", "/", "/index.html", "/js/app.js", "/css/app.css", "/openapi/v1.json" })
        {
            Assert.True((await Send(_bare, HttpMethod.Get, path)).Status == 200, path);
        }
        Assert.Equal(401, (await Send(_bare, HttpMethod.Get, "/api/catalog")).Status);
    }

    [Fact]
    public async Task TheOpenApiDocumentSaysHowToSendAKey()
    {
        using var document = JsonDocument.Parse((await Send(_bare, HttpMethod.Get, "/openapi/v1.json")).Text);
        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.True(document.RootElement.GetProperty("security")[0].TryGetProperty("Bearer", out _));
    }

    /// <summary>
    /// No configured key: the first start prints a generated admin key once, which then works; a restart
    /// prints nothing and the key still works (only its hash was kept).
    /// </summary>
    [Fact]
    public async Task WithoutAConfiguredKeyTheFirstStartPrintsABootstrapKeyOnce()
    {
        var store = GatewayStore.New(provider).WithoutAdminKey();
        try
        {
            var (first, firstOutput, client) = await StartPrinting(store);
            string token;
            try
            {
                token = await WaitForToken(firstOutput);
                client.DefaultRequestHeaders.Authorization = new("Bearer", token);
                Assert.Equal(200, (int)(await client.GetAsync("/api/keys")).StatusCode);
            }
            finally
            {
                await Processes.Stop(first);
            }
            var (second, secondOutput, again) = await StartPrinting(store);
            try
            {
                again.DefaultRequestHeaders.Authorization = new("Bearer", token);
                Assert.Equal(200, (int)(await again.GetAsync("/api/units/VN")).StatusCode);
                Assert.DoesNotContain(secondOutput, line => line.Contains("agg_admin_", StringComparison.Ordinal));
                again.DefaultRequestHeaders.Authorization = new("Bearer", GatewayFactory.AdminKey);
                Assert.Equal(401, (int)(await again.GetAsync("/api/units/VN")).StatusCode);
            }
            finally
            {
                await Processes.Stop(second);
            }
        }
        finally
        {
            store.Delete();
        }
    }

    private static async Task<(Process, ConcurrentQueue<string>, HttpClient)> StartPrinting(GatewayStore store)
    {
        var output = new ConcurrentQueue<string>();
        var (process, client) = await Processes.StartGateway(store, output);
        return (process, output, client);
    }

    private static async Task<string> WaitForToken(ConcurrentQueue<string> output)
    {
        for (var i = 0; i < 100; i++)
        {
            if (output.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"agg_admin_[A-Za-z0-9_-]+")).FirstOrDefault(m => m.Success) is { } m)
            {
                return m.Value;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("no bootstrap key was printed:\n" + string.Join("\n", output));
    }
}
