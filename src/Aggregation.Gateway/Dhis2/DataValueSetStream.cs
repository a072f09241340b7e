using System.Globalization;
using System.Text.Json;
using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Units;

namespace Aggregation.Gateway.Dhis2;

/// <summary>A data value set as it is read back (the shape of <c>GET /api/dataValueSets</c>).</summary>
public sealed record DataValueSetOut(IReadOnlyList<DataValueOut> DataValues);

/// <summary>One stored element of a report as DHIS2 exports it: the value as text, the default option combos.</summary>
public sealed record DataValueOut(
    string DataElement, string Period, string OrgUnit, string CategoryOptionCombo, string AttributeOptionCombo,
    string Value, string StoredBy, DateTimeOffset LastUpdated, bool Followup);

/// <summary>
/// Writes the latest stored report of each leaf asked for (a unit itself, or every leaf under it with
/// <c>children</c>) as data values while reading them, a batch of leaves at a time: a national year is never
/// held whole in memory. A unit that is not a leaf stores no values of its own, so without <c>children</c> it gives none.
/// </summary>
public sealed class DataValueSetStream(
    IGrainFactory grains, IReadOnlyList<(UnitKey Unit, Period Period, bool IsLeaf)> wanted, bool children, IReadOnlySet<string>? elements)
    : IResult
{
    private const int Batch = 256;

    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(http.Response.Body);
        writer.WriteStartObject();
        writer.WriteStartArray("dataValues");
        foreach (var (unit, period, isLeaf) in wanted)
        {
            var leaves = isLeaf ? [unit]
                : children ? (await grains.LeavesUnder(unit)).Select(l => unit.WithCode(l.Code)).ToList()
                : [];
            foreach (var chunk in leaves.Chunk(Batch))
            {
                var reports = await Task.WhenAll(chunk.Select(leaf => grains.Commune(leaf).GetReport(period)));
                foreach (var report in reports.OfType<ReportView>())
                {
                    Write(writer, report);
                }
                await writer.FlushAsync(http.RequestAborted);
            }
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(http.RequestAborted);
    }

    private void Write(Utf8JsonWriter writer, ReportView report)
    {
        foreach (var (element, value) in report.Values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (elements is not null && !elements.Contains(element))
            {
                continue;
            }
            writer.WriteStartObject();
            writer.WriteString("dataElement", element);
            writer.WriteString("period", report.Period);
            writer.WriteString("orgUnit", report.Unit);
            writer.WriteString("categoryOptionCombo", "default");
            writer.WriteString("attributeOptionCombo", "default");
            writer.WriteString("value", value.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("storedBy", report.SubmittedBy);
            writer.WriteString("lastUpdated", report.SubmittedAt);
            writer.WriteBoolean("followup", false);
            writer.WriteEndObject();
        }
    }
}
