using System.Text;
using static Aggregation.Gateway.Tests.Http;

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
    private const string Units2023 = """
        code,name,level,parent
        VN,Việt Nam,nation,
        30,Tỉnh Hải Dương,province,VN
        296,Huyện Bình Giang,district,30
        10966,Xã Tân Việt,commune,296
        10963,Xã Long Xuyên,commune,296
        10978,Xã Hồng Khê,commune,296
        10984,Xã Cổ Bì,commune,296
        10960,Xã Vĩnh Hồng,commune,296
        297,Huyện Gia Lộc,district,30
        11020,Xã Gia Tân,commune,297
        """;

    private const string Units2025 = """
        code,name,level,parent
        VN,Việt Nam,nation,
        31,Thành phố Hải Phòng,province,VN
        10966,Xã Bình Giang,commune,31
        10945,Xã Kẻ Sặt,commune,31
        """;

    private const string Mapping = """
        from,to,link
        10966,10966,full
        10963,10966,full
        10978,10966,full
        10984,10966,full
        10960,10966,partial
        10960,10945,partial
        """;

    /// <summary>households, poor households, new-rural criteria met in 2023.</summary>
    private static readonly Dictionary<string, (int Households, int Poor, int Criteria)> Reports2023 = new()
    {
        ["10966"] = (2000, 60, 19), ["10963"] = (1500, 45, 19), ["10978"] = (1800, 90, 17), ["10984"] = (2200, 44, 19),
        ["10960"] = (3000, 150, 18), ["11020"] = (1000, 10, 19),
    };

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
