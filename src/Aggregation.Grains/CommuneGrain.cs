using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Reports;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Temporal;
using Aggregation.Domain.Trees;
using Microsoft.Extensions.Logging;
using Aggregation.Domain.Units;

namespace Aggregation.Grains;

public sealed partial class CommuneGrain(
    [PersistentState("commune", StorageNames.Default)] IPersistentState<CommuneState> state,
    IReportLog log,
    IndicatorCatalog catalog,
    TimeProvider clock,
    ILogger<CommuneGrain> logger) : Grain, ICommuneGrain
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);
    private readonly HashSet<Period> _unpublished = [];
    // References are kept: making one allocates its key and reference again.
    private readonly Dictionary<(UnitKey Parent, int Year), IRollupGrain> _parentRollups = [];
    private IUnitGrain? _unitGrain;
    private IGrainTimer? _retry;

    private UnitKey? _key;

    private UnitKey Key => _key ??= UnitKey.Parse(this.GetPrimaryKeyString());

    private string Code => Key.Code;

    public async Task<SubmitResult> Submit(Period period, ReportSubmission submission, UnitInfo? unit)
    {
        // The leaf as it stands: the check reads it, and what the change moves is taken from it before the report is stored.
        var lineage = Lineage();
        var (parent, report, answer) = Check(period, submission, unit, lineage);
        return report is null || submission.DryRun ? answer : await Accept(period, report, parent, lineage) with { Counts = answer.Counts };
    }

    /// <summary>
    /// Everything a submission is checked against, in this grain's turn: the unit (as its unit grain passed it), approval, an import's
    /// reservation, the expected version, then the report that would result (merged over the latest one when
    /// asked) validated whole. Answers the report to store, or null with the refusal or "unchanged".
    /// </summary>
    private (string? Parent, StoredReport? Report, SubmitResult Answer) Check(Period period, ReportSubmission submission, UnitInfo? unit, LeafLineage lineage)
    {
        var timeline = lineage.Timeline;
        if (unit is null)
        {
            return (null, null, Refuse(Refusal.UnitNotFound(Code)));
        }
        if (!unit.IsLeaf)
        {
            return (null, null, Refuse(new(RefusalKind.Invalid, "unit", RefusalCodes.NotALeaf, $"unit '{Code}' has children; only leaf units report")));
        }
        if (OnOtherTree(period, lineage) is { } otherTree)
        {
            return (null, null, Refuse(otherTree));
        }
        if (Approved(period, timeline) is { } approval)
        {
            return (null, null, Refuse(new(RefusalKind.Locked, "period", RefusalCodes.PeriodLocked, approval.Derived
                ? $"{period} of unit '{Code}' is approved with the reports it is derived from ({Listed(timeline.ValueFor(period)!.Sources)}, last by {approval.ApprovedBy}); " +
                  "one of them must be unapproved before a report for the whole period"
                : $"{period} of unit '{Code}' was approved by {approval.ApprovedBy}; it must be unapproved before a new submission")));
        }
        if (_reservations.ContainsKey(period))
        {
            return (null, null, Refuse(PeriodBusy(period)));
        }
        var current = Latest(period);
        if (submission.ExpectedVersion is { } expected && expected != (current?.Version ?? 0))
        {
            return (null, null, Refuse(new(RefusalKind.Conflict, "expectedVersion", RefusalCodes.VersionConflict,
                $"expected version {expected} but the current version is {current?.Version ?? 0}"), current?.Version ?? 0));
        }
        var (values, counts) = submission.Merge
            ? Merged(current?.Values ?? new Dictionary<string, decimal>(), submission)
            : (new Dictionary<string, decimal>(submission.Values), null);
        var outcome = ReportValidator.Validate(catalog, values, timeline.ValueFor(period.SamePeriodLastYear)?.Values);
        if (!outcome.IsValid)
        {
            return (null, null, SubmitResult.Refused(Refusal.Invalid(outcome.FieldErrors), current?.Version));
        }
        if (submission.SkipIfUnchanged && current is not null && SameValues(current.Values, values))
        {
            return (null, null, new SubmitResult(SubmitStatus.Unchanged, null, [], current.Version, counts));
        }
        var report = new StoredReport
        {
            Version = (current?.Version ?? 0) + 1,
            Values = values,
            SubmittedBy = submission.SubmittedBy,
            SubmittedByKey = submission.SubmittedByKey,
            Warnings = outcome.Warnings.Select(w => new WarningView(w.Code, w.Element, w.Message, w.Args)).ToList(),
        };
        return (unit.Parent, report, new SubmitResult(SubmitStatus.Validated, null, [], current?.Version, counts));
    }

    /// <summary>
    /// The submission's values laid over <paramref name="current"/> as its strategy allows, its removals taken out,
    /// and what that does to each value named.
    /// </summary>
    private static (Dictionary<string, decimal> Values, ValueCounts Counts) Merged(IReadOnlyDictionary<string, decimal> current, ReportSubmission submission)
    {
        // Sized for every value at once: a report's values in a new period arrive into an empty one.
        var values = new Dictionary<string, decimal>(current.Count + submission.Values.Count);
        foreach (var (element, value) in current)
        {
            values[element] = value;
        }
        int imported = 0, updated = 0, ignored = 0, deleted = 0;
        foreach (var (element, value) in submission.Values)
        {
            var has = current.TryGetValue(element, out var stored);
            if (has ? submission.Strategy == MergeStrategy.Create || stored == value : submission.Strategy == MergeStrategy.Update)
            {
                ignored++;
                continue;
            }
            values[element] = value;
            if (has)
            {
                updated++;
            }
            else
            {
                imported++;
            }
        }
        foreach (var element in submission.Remove ?? [])
        {
            if (values.Remove(element))
            {
                deleted++;
            }
            else
            {
                ignored++;
            }
        }
        return (values, new ValueCounts(imported, updated, ignored, deleted));
    }

    /// <summary>Stores a checked report as the period's next version, then tells the parent.</summary>
    /// <param name="lineage">the leaf before the report is stored</param>
    private async Task<SubmitResult> Accept(Period period, StoredReport report, string? parent, LeafLineage lineage)
    {
        var before = Before(period, nextYear: true, lineage);
        report.SubmittedAt = clock.GetUtcNow();
        await Store(period, report);
        await PublishChanged(before, parent);
        return new SubmitResult(SubmitStatus.Accepted,
            new ReportReceipt(Code, period.ToString(), report.Version, report.SubmittedAt, report.Warnings), [], report.Version);
    }

    public Task<ReportView?> GetReport(Period period) => Task.FromResult(Latest(period)?.ToView(Code, period.ToString()));

    public Task<LeafReports> GetInputs(Period period) => Task.FromResult(Inputs(period));

    /// <summary>Read from the report log: the leaf holds only each period's latest version.</summary>
    public async Task<IReadOnlyList<ReportView>> GetHistory(Period period) =>
        (await Versions(period.ToString())).Select(r => r.Report.ToView(Code, r.Period)).ToList();

    public Task<bool> HasData() => Task.FromResult(_latest.Count > 0 || _reservations.Count > 0);

    public Task<IReadOnlyList<Period>> GetPeriods() =>
        Task.FromResult<IReadOnlyList<Period>>(_latest.Keys.Order(StringComparer.Ordinal).Select(Period.Parse).ToList());

    public async Task Republish()
    {
        var unit = await Unit.GetInfo();
        await Publish(StatedYears().SelectMany(Period.AllOf).ToList(), unit?.Parent);
    }

    /// <summary>The leaf's contribution for a period: nothing, without reading the year before, when it has no value for it.</summary>
    private Contribution Compute(Period period, LeafLineage? lineage = null)
    {
        lineage ??= Lineage();
        return lineage.Timeline.ValueFor(period) is null ? Contribution.Empty : Inputs(period, lineage).ToContribution(catalog);
    }

    private static bool SameValues(IReadOnlyDictionary<string, decimal> a, IReadOnlyDictionary<string, decimal> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private StoredReport? Latest(Period period) => _latest.GetValueOrDefault(period.ToString());

    private static SubmitResult Refuse(Refusal refusal, int? currentVersion = null) => SubmitResult.Refused([refusal], currentVersion);
}
