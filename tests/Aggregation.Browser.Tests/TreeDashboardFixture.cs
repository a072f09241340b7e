using System.Text;
using static Aggregation.Gateway.Tests.Http;
using static Aggregation.Tests.Shared.BinhGiangExample;

namespace Aggregation.Browser.Tests;

/// <summary>
/// The dashboard on an installation with two trees (SPEC section 10), set up over HTTP on a store without the
/// sample: <c>t2023</c> (from 2020) with district 296 Bình Giang's five communes of province 30 and Gia Tân of
/// district 297, which no link takes on; <c>t2025</c> (from 1 July 2025) where they became Xã Bình Giang (10966)
/// and, for the other half of Vĩnh Hồng, Xã Kẻ Sặt (10945) of province 31; the mapping between them and the
/// 2023 reports of docs/trees.md's worked example, which give Bình Giang a restated poverty rate of 3.488889 %.
/// </summary>
public sealed class TreeDashboardFixture : DashboardFixture
{
    protected override bool SeedSample => false;

    protected override async Task Seed()
    {
        foreach (var (id, day, name, units) in new[] { ("t2023", "2020-01-01", "Danh mục 2020", Units2023), ("t2025", "2025-07-01", "Danh mục 2025", Units2025) })
        {
            var (status, body, _) = await Put(Api, $"/api/trees/{id}", new { validFrom = day, name });
            Assert.True(status == 201, $"PUT tree {id}: {status} {body}");
            await PostCsv($"/api/trees/{id}/units", units);
        }
        foreach (var (code, (households, poor, criteria)) in Reports2023)
        {
            var (status, body, _) = await Put(Api, $"/api/units/{code}/reports/2023",
                new { values = new { households, poor_households = poor, ntm_criteria_met = criteria } });
            Assert.True(status == 200, $"PUT {code} 2023: {status} {body}");
        }
        await PostCsv("/api/trees/t2025/mapping?from=t2023", Mapping);
    }

    private async Task PostCsv(string path, string csv)
    {
        using var response = await Api.PostAsync(path, new StringContent(csv, Encoding.UTF8, "text/csv"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode && !body.Contains("\"conflicts\":[{", StringComparison.Ordinal), $"POST {path}: {(int)response.StatusCode} {body}");
    }
}
