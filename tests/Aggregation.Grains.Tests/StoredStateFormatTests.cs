using System.Text.Json;
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

    // An earlier build kept every report version here too; those are rows of the report log now and the key is skipped.
    private const string CommunePayload = """
        {"reports":{"2023":[{"version":1,"values":{"households":1000},"submittedAt":"2026-11-28T10:00:00+00:00","submittedBy":"anonymous","warnings":[]}]},
         "contributionVersion":638999000000000000,
         "approvals":{"2023":{"approvedBy":"district 296 (key k1)","approvedAt":"2026-11-29T10:00:00+00:00"}}}
        """;

    // The warnings column of a report log row.
    private const string WarningsColumn = """[{"code":"large_change","element":"households","message":"households moved"}]""";

    private const string UnitPayload = """{"exists":true,"name":"Huyện Bình Giang","level":"district","parent":"30","children":["10945","10951"]}""";

    private const string PlanPayload = """{"exists":true,"targets":{"poverty_rate":{"comparator":"<","value":0.88}},"updatedAt":"2026-11-28T10:00:00+00:00"}""";

    private const string InstallationPayload = """{"initialized":true,"how":"sample","at":"2026-11-28T10:00:00+00:00"}""";

    [Fact]
    public void CommuneStateFromAnEarlierBuildReadsBack()
    {
        var state = _serializer.Deserialize<CommuneState>(BinaryData.FromString(CommunePayload))!;
        Assert.Equal(638999000000000000L, state.ContributionVersion);
        Assert.Equal("district 296 (key k1)", state.Approvals!["2023"].ApprovedBy);
        Assert.DoesNotContain("reports", _serializer.Serialize(state).ToString());
    }

    [Fact]
    public void AWarningKeepsItsArgsAndOneStoredBeforeArgsHasNone()
    {
        var options = JsonGrainStateSerializer.SerializerOptions;
        var warnings = JsonSerializer.Deserialize<List<WarningView>>(WarningsColumn, options)!;
        Assert.Null(warnings.Single().Args);

        warnings[0] = warnings[0] with
        {
            Args = new Dictionary<string, NoteArg> { ["element"] = "households", ["from"] = 1000.50m, ["inputs"] = NoteArg.List(["a", "b[-1]"]) },
        };
        var written = JsonSerializer.Serialize(warnings, options);
        Assert.Contains("\"args\":{\"element\":\"households\",\"from\":1000.50,\"inputs\":[\"a\",\"b[-1]\"]}", written);
        var args = JsonSerializer.Deserialize<List<WarningView>>(written, options)!.Single().Args!;
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
        Assert.Equal(DateTimeOffset.Parse("2026-11-29T10:00:00+00:00"), again.Approvals!["2023"].ApprovedAt);
        Assert.Equal(written, _serializer.Serialize(again).ToString());
    }
}
