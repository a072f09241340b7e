namespace Aggregation.Tests.Shared;

/// <summary>
/// The sample's communes: those of districts 296 Bình Giang and 295 Cẩm Giàng as they were in 2023
/// (16 + 17), by GSO code.
/// </summary>
public static class SampleUnits
{
    public static readonly string[] BinhGiang =
    [
        "10945", "10951", "10954", "10960", "10963", "10966", "10969", "10972",
        "10975", "10978", "10981", "10984", "10987", "10990", "10993", "10996",
    ];

    public static readonly string[] CamGiang =
    [
        "10888", "10891", "10894", "10897", "10900", "10903", "10906", "10909", "10912",
        "10918", "10924", "10927", "10930", "10933", "10936", "10939", "10942",
    ];
}
