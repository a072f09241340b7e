using System.Text;
using System.Text.Json;
using static Aggregation.Gateway.Tests.Keys;

namespace Aggregation.Gateway.Tests;

/// <summary>Rate limits, body sizes, JSON depth, CORS, hostile codes and names, and concurrent writers.</summary>
public sealed class LimitsOnSqlite(SqliteSampleGateway gateway) : LimitsTests(gateway, "sqlite"), IClassFixture<SqliteSampleGateway>;

public sealed class LimitsOnPostgres(PostgresSampleGateway gateway) : LimitsTests(gateway, "postgres"), IClassFixture<PostgresSampleGateway>;

public abstract class LimitsTests(SampleGateway gateway, string provider)
{
    private readonly HttpClient _admin = gateway.Client;

    [Fact]
    public async Task EachKeyHasItsOwnRateLimitAnsweredWith429AndRetryAfter()
    {
        var store = GatewayStore.New(provider);
        try
        {
            await using var factory = new GatewayFactory(store, settings: new Dictionary<string, string>
            {
                ["Aggregation:Security:RateLimit:PermitsPerSecond"] = "1",
                ["Aggregation:Security:RateLimit:Burst"] = "3",
            });
            var admin = factory.CreateClient();
            var (analyst, _) = await Create(admin, "other key", "analyst", "296"); // the admin bucket's first permit
            var statuses = new List<int>();
            for (var i = 0; i < 3; i++)
            {
                statuses.Add((await Send(admin, HttpMethod.Get, "/api/catalog")).Status);
            }
            Assert.Equal([200, 200, 429], statuses);
            var refused = await Send(admin, HttpMethod.Get, "/api/catalog");
            Assert.Equal(429, refused.Status);
            Assert.Equal("application/problem+json", refused.ContentType);
            Assert.Equal("rate_limited", refused.Json.GetProperty("code").GetString());
            Assert.True(int.Parse(refused.Headers.RetryAfter!.ToString()) >= 1);
            // Another key has its own bucket.
            Assert.Equal(200, (await Send(admin, HttpMethod.Get, "/api/catalog", token: analyst)).Status);
            // After the refill, the admin key works again.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Assert.Equal(200, (await Send(admin, HttpMethod.Get, "/api/catalog")).Status);
        }
        finally
        {
            store.Delete();
        }
    }

    [Fact]
    public async Task TheDefaultRateLimitLetsANationalBurstThrough()
    {
        var statuses = await Task.WhenAll(Enumerable.Range(0, 256).Select(async _ => (await Send(_admin, HttpMethod.Get, "/api/catalog")).Status));
        Assert.All(statuses, s => Assert.Equal(200, s));
    }

    [Fact]
    public async Task BodyLimitsAndCorsOriginsAreConfigurable()
    {
        var store = GatewayStore.New(provider);
        try
        {
            await using var factory = new GatewayFactory(store, settings: new Dictionary<string, string>
            {
                ["Aggregation:Security:MaxBodyBytes"] = "4096",
                ["Aggregation:Security:MaxImportBytes"] = "16384",
                ["Aggregation:Security:MaxDataValueSetBytes"] = "8192",
                ["Aggregation:Security:CorsOrigins:0"] = "https://thongke.example",
            });
            var admin = factory.CreateClient();
            var padded = "{\"values\":{\"households\":1},\"pad\":\"" + new string('x', 5000) + "\"}";
            var tooBig = await SendExpecting(admin, HttpMethod.Put, "/api/units/10945/reports/2023", padded, "application/json");
            Assert.Equal(413, tooBig.Status);
            Assert.Equal("application/problem+json", tooBig.ContentType);
            Assert.Equal("payload_too_large", tooBig.Json.GetProperty("code").GetString());

            // The import endpoint has its own, larger limit: 5 kB passes it (and is read), 20 kB does not.
            var csv = "Mã đơn vị (unit),Kỳ báo cáo (period),Tổng số hộ (households)\n" + string.Concat(Enumerable.Repeat("10945,2023,4000\n", 300));
            Assert.InRange(Encoding.UTF8.GetByteCount(csv), 4097, 16384);
            Assert.Equal(200, (await SendExpecting(admin, HttpMethod.Post, "/api/import/reports?dryRun=true", csv, "text/csv")).Status);
            var hugeCsv = csv + string.Concat(Enumerable.Repeat("10969,2023,4000\n", 1000));
            Assert.Equal(413, (await SendExpecting(admin, HttpMethod.Post, "/api/import/reports?dryRun=true", hugeCsv, "text/csv")).Status);
            // Data value sets have their own limit too: 5 kB passes, 9 kB does not, and nothing of it is stored.
            string ValueSet(int values) => "{\"period\":\"2023\",\"orgUnit\":\"10945\",\"dataValues\":[" +
                string.Join(",", Enumerable.Range(0, values).Select(i => $"{{\"dataElement\":\"households\",\"value\":\"{20000 + i}\"}}")) + "]}";
            Assert.InRange(Encoding.UTF8.GetByteCount(ValueSet(110)), 4097, 8192);
            var fits = await SendExpecting(admin, HttpMethod.Post, "/api/dataValueSets?dryRun=true", ValueSet(110), "application/json");
            Assert.True(fits.Status == 200, fits.Text);
            var tooBigSet = await SendExpecting(admin, HttpMethod.Post, "/api/dataValueSets", ValueSet(200), "application/json");
            Assert.Equal(413, tooBigSet.Status);
            Assert.Equal("payload_too_large", tooBigSet.Json.GetProperty("code").GetString());
            Assert.Single((await Send(admin, HttpMethod.Get, "/api/units/10945/reports/2023/history")).Json.EnumerateArray());

            // CORS only for the configured origin.
            using var allowed = new HttpRequestMessage(HttpMethod.Get, "/api/catalog");
            allowed.Headers.Add("Origin", "https://thongke.example");
            using var allowedAnswer = await admin.SendAsync(allowed);
            Assert.Equal("https://thongke.example", allowedAnswer.Headers.GetValues("Access-Control-Allow-Origin").Single());
            using var other = new HttpRequestMessage(HttpMethod.Get, "/api/catalog");
            other.Headers.Add("Origin", "https://evil.example");
            using var otherAnswer = await admin.SendAsync(other);
            Assert.False(otherAnswer.Headers.Contains("Access-Control-Allow-Origin"));
        }
        finally
        {
            store.Delete();
        }
    }

    [Theory]
    [InlineData("/api/units/10945/reports/2023", "PUT")]
    [InlineData("/api/what-if", "POST")]
    [InlineData("/api/keys", "POST")]
    public async Task DeeplyNestedBodiesAre400Problems(string path, string method)
    {
        var nested = new string('[', 40) + new string(']', 40);
        var body = $"{{\"values\":{{\"households\":{nested}}},\"unit\":\"296\",\"name\":{nested}}}";
        var answer = await Send(_admin, new HttpMethod(method), path, body);
        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Contains("depth", answer.Json.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CorsIsClosedByDefault()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/catalog");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var answer = await _admin.SendAsync(preflight);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/catalog");
        get.Headers.Add("Origin", "https://evil.example");
        using var read = await _admin.SendAsync(get);
        Assert.False(read.Headers.Contains("Access-Control-Allow-Origin"));
    }

    public static TheoryData<string> HostileCodes => new()
    {
        "'; DROP TABLE orleansstorage;--", "10945' OR '1'='1", "Xã", "a\u200Db", "\u202E123", "👍", "a b", new string('a', 33), "..", "a/b",
    };

    [Theory]
    [MemberData(nameof(HostileCodes))]
    public async Task HostileUnitCodesAre400AndStoreNothing(string code)
    {
        var path = "/api/units/" + Uri.EscapeDataString(code);
        var put = await Send(_admin, HttpMethod.Put, path, """{"name":"x","level":"commune","parent":"296"}""");
        Assert.True(put.Status is 400 or 404, $"{code}: {put.Status} {put.Text}");
        Assert.Equal("application/problem+json", put.ContentType);
        var unit = (await Send(_admin, HttpMethod.Get, "/api/units/296")).Json;
        Assert.DoesNotContain(unit.GetProperty("children").EnumerateArray(), c => c.GetProperty("code").GetString() == code);
        var report = await Send(_admin, HttpMethod.Put, path + "/reports/2023", """{"values":{"households":1}}""");
        Assert.True(report.Status is 400 or 404, $"{code}: {report.Status}");
    }

    public static TheoryData<string, string> ExactNames => new()
    {
        { "sql", "Xã '; DROP TABLE orleansstorage;-- \" \\ %" },
        { "rtl", "Xã \u200Fמבחן\u200E Mới" },
        { "zwj", "Xã 👨\u200D👩\u200D👧 Mới" },
        { "emoji", "Xã 🌾🏞️" },
        { "nfc", "Xã Tân Việt".Normalize(NormalizationForm.FormC) },
        { "nfd", "Xã Tân Việt".Normalize(NormalizationForm.FormD) },
        { "max", new string('ệ', 200) },
    };

    [Theory]
    [MemberData(nameof(ExactNames))]
    public async Task UnusualNamesAreStoredExactly(string tag, string name)
    {
        var code = "name-" + tag + "-" + provider;
        var put = await Send(_admin, HttpMethod.Put, $"/api/units/{code}", JsonSerializer.Serialize(new { name, level = "commune", parent = "296" }));
        Assert.True(put.Status == 200, put.Text);
        var read = (await Send(_admin, HttpMethod.Get, $"/api/units/{code}")).Json.GetProperty("name").GetString();
        Assert.Equal(name, read, StringComparer.Ordinal); // byte for byte: NFD stays NFD
        var scenario = await Send(_admin, HttpMethod.Post, "/api/scenarios",
            JsonSerializer.Serialize(new { name, unit = "296", period = "2023", overrides = Array.Empty<object>() }));
        Assert.Equal(201, scenario.Status);
        Assert.Equal(name, scenario.Json.GetProperty("name").GetString(), StringComparer.Ordinal);
        var key = await Send(_admin, HttpMethod.Post, "/api/keys", JsonSerializer.Serialize(new { name, role = "analyst", unit = "296" }));
        Assert.Equal(201, key.Status);
        Assert.Equal(name, key.Json.GetProperty("name").GetString(), StringComparer.Ordinal);
    }

    public static TheoryData<string, string> RefusedNames => new()
    {
        { "control", "Xã\u0007Mới" },
        { "newline", "Xã\nMới" },
        { "null", "Xã\u0000Mới" },
        { "too long", new string('a', 201) },
        { "blank", "   " },
    };

    [Theory]
    [MemberData(nameof(RefusedNames))]
    public async Task BadNamesAre422NamingTheField(string tag, string name)
    {
        var code = "bad-" + tag.Replace(' ', '-');
        var put = await Send(_admin, HttpMethod.Put, $"/api/units/{code}", JsonSerializer.Serialize(new { name, level = "commune", parent = "296" }));
        Assert.Equal(422, put.Status);
        Assert.True(put.Json.GetProperty("errors").TryGetProperty("name", out _), put.Text);
        Assert.Equal(404, (await Send(_admin, HttpMethod.Get, $"/api/units/{code}")).Status);
        var key = await Send(_admin, HttpMethod.Post, "/api/keys", JsonSerializer.Serialize(new { name, role = "analyst", unit = "296" }));
        Assert.Equal(422, key.Status);
        Assert.True(key.Json.GetProperty("errors").TryGetProperty("name", out _), key.Text);
    }

    [Fact]
    public async Task ALoneSurrogateInANameIsRefusedNot500()
    {
        var put = await Send(_admin, HttpMethod.Put, "/api/units/surrogate", "{\"name\":\"X\\ud800\",\"level\":\"commune\",\"parent\":\"296\"}");
        Assert.True(put.Status is 400 or 422, $"{put.Status} {put.Text}");
        Assert.Equal(404, (await Send(_admin, HttpMethod.Get, "/api/units/surrogate")).Status);
    }

    [Fact]
    public async Task OfTwentyConcurrentSubmissionsWithTheSameExpectedVersionExactlyOneWins()
    {
        const string path = "/api/units/10960/reports/2023";
        var current = (await Send(_admin, HttpMethod.Get, path)).Json.GetProperty("version").GetInt32();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Send(_admin, HttpMethod.Put, path,
            JsonSerializer.Serialize(new { values = new { households = 3000 + i, poor_households = 30 }, expectedVersion = current }))));
        var winner = Assert.Single(answers, a => a.Status == 200);
        Assert.Equal(19, answers.Count(a => a.Status == 409));
        Assert.All(answers.Where(a => a.Status == 409), a => Assert.True(a.Json.GetProperty("errors").TryGetProperty("expectedVersion", out _)));
        var stored = (await Send(_admin, HttpMethod.Get, path)).Json;
        Assert.Equal(current + 1, stored.GetProperty("version").GetInt32());
        Assert.Equal(winner.Json.GetProperty("version").GetInt32(), stored.GetProperty("version").GetInt32());
        Assert.Equal(current + 1, (await Send(_admin, HttpMethod.Get, path + "/history")).Json.GetArrayLength());
    }

    /// <summary>Waits for the server's verdict before sending a body it may refuse (otherwise the client can see a broken pipe, not the 413).</summary>
    private static async Task<Answer> SendExpecting(HttpClient client, HttpMethod method, string path, string body, string contentType)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.ExpectContinue = true;
        using var response = await client.SendAsync(request);
        return new((int)response.StatusCode, response.Headers, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }
}
