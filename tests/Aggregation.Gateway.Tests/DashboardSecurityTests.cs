using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using static Aggregation.Gateway.Tests.Keys;

namespace Aggregation.Gateway.Tests;

/// <summary>
/// The Orleans Dashboard at /orleans (host name, silo addresses, grain state, the live log at /orleans/Trace)
/// opens only for administrator keys, sent as HTTP Basic (what a browser asks for) or as a bearer key.
/// </summary>
public sealed class DashboardSecurityTests(SqliteSampleGateway gateway) : IClassFixture<SqliteSampleGateway>
{
    private static readonly string[] Paths = ["/orleans", "/orleans/", "/orleans/index.html", "/orleans/Trace", "/orleans/ClusterStats",
        "/orleans/DashboardCounters", "/orleans/GrainTypes", "/orleans/GrainState?grainId=admin&grainType=Aggregation.Grains.ApiKeyGrain"];

    private readonly HttpClient _admin = gateway.Client;
    private readonly HttpClient _bare = gateway.Factory.ClientWithKey(null);

    [Fact]
    public async Task WithoutAKeyEveryDashboardPathIs401WithABasicChallenge()
    {
        foreach (var path in Paths)
        {
            var (status, headers, body) = await Open(path, null);
            Assert.True(status == 401, $"{path} answered {status}");
            Assert.Equal("Basic realm=\"Aggregation\"", Assert.Single(headers.WwwAuthenticate).ToString());
            Assert.DoesNotContain("silo", body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("Basic", "anyone:not-the-admin-key")]
    [InlineData("Basic", "admin:agg_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Basic", "no-colon-at-all")]
    [InlineData("Basic", null)]
    [InlineData("Bearer", "not-the-admin-key")]
    [InlineData("Digest", "username=\"x\"")]
    public async Task AWrongKeyIs401(string scheme, string? credentials)
    {
        var parameter = scheme == "Basic" ? (credentials is null ? "%%%not-base64" : Base64(credentials)) : credentials;
        foreach (var path in new[] { "/orleans/", "/orleans/Trace" })
        {
            var (status, headers, _) = await Open(path, new AuthenticationHeaderValue(scheme, parameter));
            Assert.True(status == 401, $"{scheme} {credentials} on {path} answered {status}");
            Assert.Equal("Basic realm=\"Aggregation\"", Assert.Single(headers.WwwAuthenticate).ToString());
        }
    }

    [Theory]
    [InlineData("reporter", "10945")]
    [InlineData("analyst", "VN")]
    [InlineData("approver", "30")]
    public async Task OtherRolesAre403EvenThroughBasic(string role, string unit)
    {
        var (token, _) = await Create(_admin, $"dashboard {role}", role, unit);
        foreach (var path in Paths)
        {
            foreach (var header in new[] { BasicHeader("officer", token), new AuthenticationHeaderValue("Bearer", token) })
            {
                var (status, _, body) = await Open(path, header);
                Assert.True(status == 403, $"{role} via {header.Scheme} on {path} answered {status}");
                Assert.Contains($"the role '{role}' may not do this", body);
            }
        }
    }

    [Fact]
    public async Task TheBootstrapKeyOpensTheDashboardThroughBasicWithAnyUserNameAndThroughBearer()
    {
        foreach (var header in new[] { BasicHeader("", GatewayFactory.AdminKey), BasicHeader("ops", GatewayFactory.AdminKey),
                     new AuthenticationHeaderValue("Bearer", GatewayFactory.AdminKey) })
        {
            var (page, _, html) = await Open("/orleans/", header);
            Assert.Equal(200, page);
            Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
            var (stats, _, json) = await Open("/orleans/ClusterStats", header);
            Assert.Equal(200, stats);
            Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(json).RootElement.ValueKind);
            Assert.Equal(200, (await Open("/orleans/Trace", header)).Status);
        }
    }

    [Fact]
    public async Task ACreatedAdminKeyOpensTheDashboardAndLosesItWhenRevoked()
    {
        var (token, id) = await Create(_admin, "operations", "admin", "");
        Assert.Equal(200, (await Open("/orleans/", BasicHeader("ops", token))).Status);
        Assert.Equal(200, (await Open("/orleans/Trace", new AuthenticationHeaderValue("Bearer", token))).Status);
        Assert.Equal(200, (await Send(_admin, HttpMethod.Delete, $"/api/keys/{id}")).Status);
        Assert.Equal(401, (await Open("/orleans/Trace", BasicHeader("ops", token))).Status);
    }

    [Fact]
    public async Task TheApiStillTakesOnlyBearerKeys()
    {
        var (status, headers, _) = await Open("/api/catalog", BasicHeader("ops", GatewayFactory.AdminKey));
        Assert.Equal(401, status);
        Assert.Contains(headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task TheOpenApiDocumentListsNoDashboardPath()
    {
        using var document = JsonDocument.Parse((await Send(_bare, HttpMethod.Get, "/openapi/v1.json")).Text);
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/keys", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/orleans", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ADisabledDashboardIs404EvenForTheAdministrator()
    {
        var store = GatewayStore.NewSqlite();
        try
        {
            await using var factory = new GatewayFactory(store, seedSample: false,
                new Dictionary<string, string> { ["Aggregation:Dashboard:Enabled"] = "false" });
            using var client = factory.ClientWithKey(null);
            foreach (var path in Paths)
            {
                foreach (var header in new[] { BasicHeader("ops", GatewayFactory.AdminKey), new AuthenticationHeaderValue("Bearer", GatewayFactory.AdminKey), null })
                {
                    Assert.True((await Open(client, path, header)).Status == 404, $"{path} with {header?.Scheme ?? "no key"}");
                }
            }
            Assert.Equal(200, (await Open(client, "/api/catalog", new AuthenticationHeaderValue("Bearer", GatewayFactory.AdminKey))).Status);
        }
        finally
        {
            store.Delete();
        }
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static AuthenticationHeaderValue BasicHeader(string user, string password) => new("Basic", Base64($"{user}:{password}"));

    private Task<(int Status, HttpResponseHeaders Headers, string Body)> Open(string path, AuthenticationHeaderValue? authorization) =>
        Open(_bare, path, authorization);

    /// <summary>Status, headers and (except for the endless log stream at /Trace) the body.</summary>
    private static async Task<(int Status, HttpResponseHeaders Headers, string Body)> Open(HttpClient client, string path, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = authorization;
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var status = (int)response.StatusCode;
        var body = status == 200 && path.EndsWith("/Trace", StringComparison.Ordinal) ? "" : await response.Content.ReadAsStringAsync();
        return (status, response.Headers, body);
    }
}
