using System.Collections.Concurrent;
using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Units;
using Aggregation.Gateway.Apis;
using Aggregation.Gateway.Import;
using Aggregation.Gateway.Security;

namespace Aggregation.Gateway.Dhis2;

/// <summary>
/// A DHIS2 data value set into reports. The values are grouped by (orgUnit, period); each group becomes one
/// merged submission to its leaf (one new report version holding the report's other elements unchanged), checked
/// and stored in one grain turn, so a group is stored whole or not at all. Groups go to their leaves concurrently,
/// and the leaves' writes reach the store together.
/// </summary>
public sealed class DataValueSetImporter(IGrainFactory grains, IndicatorCatalog catalog, Scopes scopes, RequestUnits units, KeyPrincipal caller)
{
    public const string CreateAndUpdate = "CREATE_AND_UPDATE";
    public const string Create = "CREATE";
    public const string Update = "UPDATE";
    public const string Delete = "DELETE";

    /// <summary>DHIS2's strategies, with the older names it still takes.</summary>
    public static string? Strategy(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        null or "" or CreateAndUpdate or "NEW_AND_UPDATES" => CreateAndUpdate,
        Create or "NEW" => Create,
        Update or "UPDATES" => Update,
        Delete or "DELETES" => Delete,
        _ => null,
    };

    /// <summary>The values of one (orgUnit, period): the last value per element wins, an empty one removes the element.</summary>
    /// <param name="size">the values a report usually holds (the catalogue's elements), so a group's collections are made once</param>
    private sealed class Group(string orgUnit, Period period, int size)
    {
        public string OrgUnit { get; } = orgUnit;
        public Period Period { get; } = period;
        public Dictionary<string, (decimal Value, string Text, int Index)> Values { get; } = new(size);
        public Dictionary<string, int> Removes { get; } = [];
        public List<int> Indexes { get; } = new(size);

        /// <summary>Values named more than once: the earlier ones are ignored.</summary>
        public int Superseded { get; set; }
        public bool Faulty { get; set; }
        public string Object => $"{OrgUnit}/{Period}";

        public void Set(string element, decimal value, string text, int index)
        {
            Superseded += Values.Remove(element) | Removes.Remove(element) ? 1 : 0;
            Values[element] = (value, text, index);
        }

        public void Remove(string element, int index)
        {
            Superseded += Values.Remove(element) | Removes.Remove(element) ? 1 : 0;
            Removes[element] = index;
        }

        public string? TextOf(string element) => Values.TryGetValue(element, out var v) ? v.Text : null;

        public IReadOnlyList<int> IndexesOf(string element) =>
            Values.TryGetValue(element, out var v) ? [v.Index] : Removes.TryGetValue(element, out var r) ? [r] : Indexes;
    }

    public async Task<ValueSetSummary> Import(DataValueSetIn set, string strategy, bool dryRun, CancellationToken ct)
    {
        var conflicts = new ConcurrentBag<ValueSetConflict>();
        var groups = Grouped(set, strategy, conflicts, out var ungrouped);
        var counts = new ConcurrentBag<ImportCount>();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = LeafWrites.AtOnce, CancellationToken = ct },
            async (group, _) => counts.Add(await Send(group, strategy, dryRun, conflicts)));
        var total = counts.Aggregate(new ImportCount(0, 0, ungrouped, 0),
            (a, b) => new ImportCount(a.Imported + b.Imported, a.Updated + b.Updated, a.Ignored + b.Ignored, a.Deleted + b.Deleted));
        var stored = total.Imported + total.Updated + total.Deleted;
        var status = conflicts.IsEmpty ? "SUCCESS" : stored > 0 ? "WARNING" : "ERROR";
        var ordered = conflicts.OrderBy(c => c.Indexes.Count > 0 ? c.Indexes[0] : int.MaxValue).ThenBy(c => c.Object, StringComparer.Ordinal).ToList();
        return new ValueSetSummary("ImportSummary", status, new ValueSetImportOptions(dryRun, strategy, new ValueSetIdSchemes("CODE")),
            "Import process completed successfully", total, ordered, "false");
    }

    /// <summary>
    /// The values by (orgUnit, period), each checked on its own first: a value without a unit or period counts as
    /// ignored in <paramref name="ungrouped"/>; any other value at fault marks its group, which is then stored not at all.
    /// </summary>
    private List<Group> Grouped(DataValueSetIn set, string strategy, ConcurrentBag<ValueSetConflict> conflicts, out int ungrouped)
    {
        var groups = new Dictionary<(string, Period), Group>();
        ungrouped = 0;
        var values = set.DataValues ?? [];
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            var orgUnit = value.OrgUnit ?? set.OrgUnit;
            var periodText = value.Period ?? set.Period;
            if (!UnitCode.IsValid(orgUnit))
            {
                conflicts.Add(new(orgUnit ?? "", FieldRules.UnitCodeRequired.Message, FieldRules.UnitCodeRequired.Code, "orgUnit", [i]));
                ungrouped++;
                continue;
            }
            if (!Period.TryParse(periodText, out var period))
            {
                conflicts.Add(new($"{orgUnit}/{periodText}", $"period {FieldRules.Period.Message}", FieldRules.Period.Code, "period", [i]));
                ungrouped++;
                continue;
            }
            if (!groups.TryGetValue((orgUnit!, period), out var group))
            {
                groups[(orgUnit!, period)] = group = new Group(orgUnit!, period, catalog.Elements.Count);
            }
            group.Indexes.Add(i);
            if (Fault(value, value.AttributeOptionCombo ?? set.AttributeOptionCombo) is { } fault)
            {
                group.Faulty = true;
                conflicts.Add(new(value.DataElement is null ? group.Object : $"{group.Object}/{value.DataElement}", fault.Rule.Message, fault.Rule.Code, fault.Property, [i]));
                continue;
            }
            var element = value.DataElement!;
            if (strategy == Delete || string.IsNullOrWhiteSpace(value.Value))
            {
                group.Remove(element, i);
                continue;
            }
            if (!ReportSheet.Exactly(value.Value.Trim(), out var number, out var problem))
            {
                group.Faulty = true;
                conflicts.Add(new($"{group.Object}/{element}", $"'{value.Value}' {problem!.Message}", problem.Code, "value", [i]));
                continue;
            }
            group.Set(element, number, value.Value, i);
        }
        return groups.Values.ToList();
    }

    /// <summary>What is wrong with a value whatever the report it lands in: its element, its option combos.</summary>
    private (Rule Rule, string Property)? Fault(DataValueIn value, string? attributeOptionCombo)
    {
        if (string.IsNullOrWhiteSpace(value.DataElement))
        {
            return (FieldRules.Required, "dataElement");
        }
        if (catalog.FindElement(value.DataElement) is null)
        {
            return (FieldRules.UnknownElement, "dataElement");
        }
        if (!IsDefault(value.CategoryOptionCombo))
        {
            return (OnlyDefault, "categoryOptionCombo");
        }
        return IsDefault(attributeOptionCombo) ? null : (OnlyDefault, "attributeOptionCombo");
    }

    private static readonly Rule OnlyDefault = new(RefusalCodes.UnsupportedOptionCombo,
        "only the default category and attribute option combo is kept: leave it out or send 'default'");

    private static bool IsDefault(string? combo) => string.IsNullOrEmpty(combo) || combo.Equals("default", StringComparison.OrdinalIgnoreCase);

    /// <summary>One group to its leaf: stored (or checked, on a dry run) whole, or refused whole with its conflicts.</summary>
    private async Task<ImportCount> Send(Group group, string strategy, bool dryRun, ConcurrentBag<ValueSetConflict> conflicts)
    {
        var named = group.Indexes.Count;
        if (group.Faulty)
        {
            return new ImportCount(0, 0, named, 0);
        }
        var unit = units.ForPeriod(group.OrgUnit, group.Period);
        if (!await scopes.Covers(caller, unit))
        {
            conflicts.Add(new(group.Object, Access.OutOfScope(caller, group.OrgUnit), ProblemCodes.Forbidden, "orgUnit", group.Indexes));
            return new ImportCount(0, 0, named, 0);
        }
        var submission = new ReportSubmission(group.Values.ToDictionary(v => v.Key, v => v.Value.Value), null, caller.Signature(),
            DryRun: dryRun, SkipIfUnchanged: true, SubmittedByKey: caller.Id, Merge: true, Remove: group.Removes.Keys.ToList(),
            Strategy: strategy switch { Create => MergeStrategy.Create, Update => MergeStrategy.Update, _ => MergeStrategy.CreateAndUpdate });
        var result = await grains.Unit(unit).Submit(group.Period, submission);
        if (result.Status == SubmitStatus.Refused)
        {
            foreach (var refusal in result.Refusals)
            {
                var element = refusal.Field is { } field && catalog.FindElement(field) is not null ? field : null;
                conflicts.Add(element is null
                    ? new(group.Object, refusal.Message, refusal.Code, refusal.Field is "unit" ? "orgUnit" : refusal.Field, group.Indexes)
                    : new($"{group.Object}/{element}", group.TextOf(element) is { } text ? $"'{text}' {refusal.Message}" : $"{refusal.Message} (the stored report's value)",
                        refusal.Code, "value", group.IndexesOf(element)));
            }
            return new ImportCount(0, 0, named, 0);
        }
        var counts = result.Counts ?? throw new InvalidOperationException("a merged submission is answered with its counts");
        return new ImportCount(counts.Imported, counts.Updated, counts.Ignored + group.Superseded, counts.Deleted);
    }
}
