using Aggregation.Domain.Rules;

namespace Aggregation.Contracts;

/// <summary>
/// A report's warning: the note's code and args to translate, the element it concerns, the words.
/// <see cref="Args"/> is null on warnings stored before warnings carried them.
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.warning")]
public sealed record WarningView(
    [property: Id(0)] string Code,
    [property: Id(1)] string? Element,
    [property: Id(2)] string Message,
    [property: Id(3)] IReadOnlyDictionary<string, NoteArg>? Args = null);

/// <summary>One stored version of a leaf's report.</summary>
[GenerateSerializer, Immutable, Alias("agg.report")]
public sealed record ReportView(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Period,
    [property: Id(2)] int Version,
    [property: Id(3)] IReadOnlyDictionary<string, decimal> Values,
    [property: Id(4)] DateTimeOffset SubmittedAt,
    [property: Id(5)] string SubmittedBy,
    [property: Id(6)] IReadOnlyList<WarningView> Warnings,
    [property: Id(7)] string? SubmittedByKey = null);

/// <summary>
/// A report to submit. <see cref="DryRun"/> validates without storing; <see cref="SkipIfUnchanged"/>
/// stores no new version when the values equal the current ones (imports are idempotent);
/// <see cref="Merge"/> lays the values over the latest stored report, in the same grain turn as the
/// version check, and validates the result as a whole (an import row's empty cell keeps the stored value).
/// With <see cref="Merge"/>, <see cref="Remove"/> names elements taken out of the merged report and
/// <see cref="Strategy"/> limits which values apply (DHIS2's import strategies); the result then counts them.
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.report-submission")]
public sealed record ReportSubmission(
    [property: Id(0)] IReadOnlyDictionary<string, decimal> Values,
    [property: Id(1)] int? ExpectedVersion,
    [property: Id(2)] string SubmittedBy,
    [property: Id(3)] bool DryRun = false,
    [property: Id(4)] bool SkipIfUnchanged = false,
    [property: Id(5)] string? SubmittedByKey = null,
    [property: Id(6)] bool Merge = false,
    [property: Id(7)] IReadOnlyList<string>? Remove = null,
    [property: Id(8)] MergeStrategy Strategy = MergeStrategy.CreateAndUpdate);

/// <summary>
/// Which values of a merged submission apply: all of them, only elements the report does not have yet
/// (<see cref="Create"/>), or only elements it has (<see cref="Update"/>); the others are ignored.
/// </summary>
public enum MergeStrategy { CreateAndUpdate, Create, Update }

/// <summary>
/// What a merged submission does to each value it names: <see cref="Imported"/> (an element the report did not
/// have), <see cref="Updated"/> (a changed value), <see cref="Deleted"/>, or <see cref="Ignored"/> (unchanged,
/// or left alone by the strategy). Counted as if stored for a dry run.
/// </summary>
[GenerateSerializer, Immutable, Alias("agg.value-counts")]
public sealed record ValueCounts(
    [property: Id(0)] int Imported,
    [property: Id(1)] int Updated,
    [property: Id(2)] int Ignored,
    [property: Id(3)] int Deleted);

/// <summary>
/// <see cref="Validated"/>: a dry run that would be accepted (or a prepared import row); <see cref="Unchanged"/>:
/// same values, nothing stored; <see cref="Refused"/>: nothing stored, the refusals say why.
/// </summary>
public enum SubmitStatus { Accepted, Validated, Unchanged, Refused }

/// <summary>The receipt of a submission, or its refusals (one per element that breaks a rule).</summary>
[GenerateSerializer, Immutable, Alias("agg.submit-result")]
public sealed record SubmitResult(
    [property: Id(0)] SubmitStatus Status,
    [property: Id(1)] ReportReceipt? Receipt,
    [property: Id(4)] IReadOnlyList<Refusal> Refusals,
    [property: Id(3)] int? CurrentVersion,
    [property: Id(5)] ValueCounts? Counts = null)
{
    public static SubmitResult Refused(IReadOnlyList<Refusal> refusals, int? currentVersion = null) =>
        new(SubmitStatus.Refused, null, refusals, currentVersion);
}

[GenerateSerializer, Immutable, Alias("agg.report-receipt")]
public sealed record ReportReceipt(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Period,
    [property: Id(2)] int Version,
    [property: Id(3)] DateTimeOffset AcceptedAt,
    [property: Id(4)] IReadOnlyList<WarningView> Warnings);
