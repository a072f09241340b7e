namespace Aggregation.Tests.Shared;

/// <summary>
/// The worked example of docs/trees.md: tree <c>t2023</c> with district 296 Bình Giang's five communes of province
/// 30 (and Gia Tân of district 297, which no link takes on), tree <c>t2025</c> where they became Xã Bình Giang
/// (10966) and, for the other half of Vĩnh Hồng, Xã Kẻ Sặt (10945) of province 31; the mapping between the trees
/// and the 2023 reports that give Bình Giang a restated poverty rate of 314 / 9,000 = 3.488889 %.
/// </summary>
public static class BinhGiangExample
{
    public const string Units2023 = """
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

    public const string Units2025 = """
        code,name,level,parent
        VN,Việt Nam,nation,
        31,Thành phố Hải Phòng,province,VN
        10966,Xã Bình Giang,commune,31
        10945,Xã Kẻ Sặt,commune,31
        """;

    public const string Mapping = """
        from,to,link
        10966,10966,full
        10963,10966,full
        10978,10966,full
        10984,10966,full
        10960,10966,partial
        10960,10945,partial
        """;

    /// <summary>households, poor households, new-rural criteria met in 2023.</summary>
    public static readonly Dictionary<string, (int Households, int Poor, int Criteria)> Reports2023 = new()
    {
        ["10966"] = (2000, 60, 19), ["10963"] = (1500, 45, 19), ["10978"] = (1800, 90, 17), ["10984"] = (2200, 44, 19),
        ["10960"] = (3000, 150, 18), ["11020"] = (1000, 10, 19),
    };
}
