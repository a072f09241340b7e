using Aggregation.Contracts;
using Aggregation.Domain.Rules;
using Aggregation.Silo.Storage;

namespace Aggregation.Grains.Tests;

/// <summary>
/// Stored state is plain JSON without .NET type names. These payloads are what earlier builds
/// wrote; every later build must read them back unchanged.
/// </summary>
public sealed class StoredStateFormatTests
{
    private readonly JsonGrainStateSerializer _serializer = new();

    private const string CommunePayload = """
        {"reports":{"2023":[
          {"version":1,"values":{"households":1000,"poor_households":10,"income_total":812.25},
           "submittedAt":"2026-11-28T10:00:00+00:00","submittedBy":"anonymous",
           "warnings":[{"code":"large_change","element":"households","message":"households moved"}]},
          {"version":2,"values":{"households":1000,"poor_households":12,"income_total":812.25},
           "submittedAt":"2026-11-28T11:00:00+00:00","submittedBy":"anonymous","warnings":[]}]},
         "contributionVersion":638999000000000000}
        """;

    private const string UnitPayload = """{"exists":true,"name":"Huyện Bình Giang","level":"district","parent":"30","children":["10945","10951"]}""";

    private const string PlanPayload = """{"exists":true,"targets":{"poverty_rate":{"comparator":"<","value":0.88}},"updatedAt":"2026-11-28T10:00:00+00:00"}""";

    private const string InstallationPayload = """{"initialized":true,"how":"sample","at":"2026-11-28T10:00:00+00:00"}""";

    [Fact]
    public void CommuneStateFromAnEarlierBuildReadsBack()
    {
        var state = _serializer.Deserialize<CommuneState>(BinaryData.FromString(CommunePayload))!;
        var versions = state.Reports["2023"];
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal(812.25m, versions[1].Values["income_total"]);
        Assert.Equal("large_change", versions[0].Warnings.Single().Code);
        Assert.Equal(638999000000000000L, state.ContributionVersion);
    }

    [Fact]
    public void AWarningKeepsItsArgsAndOneStoredBeforeArgsHasNone()
    {
        var state = _serializer.Deserialize<CommuneState>(BinaryData.FromString(CommunePayload))!;
        var earlier = state.Reports["2023"][0];
        Assert.Null(earlier.Warnings.Single().Args);

        earlier.Warnings[0] = earlier.Warnings[0] with
        {
            Args = new Dictionary<string, NoteArg> { ["element"] = "households", ["from"] = 1000.50m, ["inputs"] = NoteArg.List(["a", "b[-1]"]) },
        };
        var written = _serializer.Serialize(state).ToString();
        Assert.Contains("\"args\":{\"element\":\"households\",\"from\":1000.50,\"inputs\":[\"a\",\"b[-1]\"]}", written);
        var args = _serializer.Deserialize<CommuneState>(BinaryData.FromString(written))!.Reports["2023"][0].Warnings.Single().Args!;
        Assert.Equal(("households", 1000.50m), (args["element"].Name, args["from"].Number));
        Assert.Equal(["a", "b[-1]"], args["inputs"].Names);
    }

    [Fact]
    public void UnitPlanAndInstallationStatesFromAnEarlierBuildReadBack()
    {
        var unit = _serializer.Deserialize<UnitState>(BinaryData.FromString(UnitPayload))!;
        Assert.Equal(("Huyện Bình Giang", "30", 2), (unit.Name, unit.Parent, unit.Children.Count));
        var plan = _serializer.Deserialize<PlanState>(BinaryData.FromString(PlanPayload))!;
        Assert.Equal(0.88m, plan.Targets["poverty_rate"].Value);
        Assert.True(_serializer.Deserialize<InstallationState>(BinaryData.FromString(InstallationPayload))!.Initialized);
    }

    [Fact]
    public void AUnitsAuditTrailRoundTrips()
    {
        var unit = _serializer.Deserialize<UnitState>(BinaryData.FromString(UnitPayload))!;
        Assert.Empty(unit.Audit);
        var entry = new AuditEntry(DateTimeOffset.Parse("2026-11-28T10:00:00+00:00"), "admin", "bootstrap administrator", "unit", "create", "VN", null, null,
            """{"name":"Việt Nam"}""", null);
        unit.Audit.Add(entry);
        var again = _serializer.Deserialize<UnitState>(_serializer.Serialize(unit))!;
        Assert.Equal(entry, Assert.Single(again.Audit));
    }

    [Fact]
    public void WrittenStateCarriesNoDotNetTypeNamesAndRoundTrips()
    {
        var state = _serializer.Deserialize<CommuneState>(BinaryData.FromString(CommunePayload))!;
        var written = _serializer.Serialize(state).ToString();
        Assert.DoesNotContain("$type", written);
        Assert.DoesNotContain("Aggregation.", written);
        var again = _serializer.Deserialize<CommuneState>(BinaryData.FromString(written))!;
        Assert.Equal(12m, again.Reports["2023"][1].Values["poor_households"]);
        Assert.Equal(written, _serializer.Serialize(again).ToString());
    }
}
