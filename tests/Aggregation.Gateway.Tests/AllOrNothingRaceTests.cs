using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using static Aggregation.Gateway.Tests.Http;
using static Aggregation.Tests.Shared.SampleUnits;

namespace Aggregation.Gateway.Tests;

/// <summary>An all-or-nothing import raced by approvals and submissions of the same rows: it stores every row or none.</summary>
public sealed class AllOrNothingRaceTests(SqliteSampleGateway gateway, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<SqliteSampleGateway>
{
    private const int Imported = 1001;
    private const int Racing = 1002;
    private readonly HttpClient _client = gateway.Client;

    [Fact]
    public async Task AnAllOrNothingImportRacedByApprovalsAndSubmissionsStoresEveryRowOrNone()
    {
        var random = new Random(15);
        var outcomes = new List<string>();
        for (var round = 0; round < 12; round++)
        {
            var period = (2050 + round).ToString();
            await Task.WhenAll(BinhGiang.Select(u => Put(_client, $"/api/units/{u}/reports/{period}", new { values = new { households = 1000, poor_households = 10 } })));

            var csv = "unit,period,households\n" + string.Concat(BinhGiang.Select(u => $"{u},{period},{Imported}\n"));
            var import = Import(csv);
            var racers = BinhGiang.OrderBy(_ => random.Next()).Take(3).Select(async (unit, i) =>
            {
                await Task.Delay(random.Next(0, 25));
                var racer = i == 0
                    ? await Put(_client, $"/api/units/{unit}/reports/{period}", new { values = new { households = Racing, poor_households = 10 } })
                    : await Send(_client, HttpMethod.Post, $"/api/units/{unit}/approvals/{period}");
                Assert.True(racer.Status is 200 or 409, $"{unit}: {racer.Status} {racer.Body}");
                return $"{(i == 0 ? "PUT" : "approve")} {racer.Status}";
            }).ToList();
            var raced = await Task.WhenAll(racers);
            var summary = await import;

            var stored = 0;
            foreach (var unit in BinhGiang)
            {
                var history = (await Ok(_client, $"/api/units/{unit}/reports/{period}/history")).EnumerateArray();
                stored += history.Any(v => v.GetProperty("values").GetProperty("households").GetDecimal() == Imported) ? 1 : 0;
            }
            var conflicts = summary.GetProperty("conflicts").GetArrayLength();
            outcomes.Add($"{period}: stored {stored}, answered updated {summary.GetProperty("updated").GetInt32()}, conflicts {conflicts}; {string.Join(", ", raced)}");
            output.WriteLine(outcomes[^1]);
            Assert.True(stored == 0 || stored == BinhGiang.Length, string.Join("\n", outcomes));
            Assert.Equal(stored, summary.GetProperty("updated").GetInt32());
            Assert.Equal(stored == 0, conflicts > 0);
            var verify = await Send(_client, HttpMethod.Post, $"/api/admin/verify/296/{period}");
            Assert.Equal(0, verify.Body.GetProperty("drift").GetArrayLength());
        }
    }

    private async Task<JsonElement> Import(string csv)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
        using var response = await _client.PostAsync("/api/import/reports?strategy=all-or-nothing", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 200, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
