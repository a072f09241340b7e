namespace Aggregation.Domain.Rules;

/// <summary>
/// Every code a refusal or a field error can carry, wherever it is decided (the domain's rules, a grain, the
/// gateway, an import), said once: a refused request's <c>code</c> or <c>fieldErrors[].code</c>, an import
/// conflict's <c>code</c>. Clients (the dashboard among them) translate these, never the English words;
/// docs/problems.md lists them. The problem codes that only name an HTTP status are the gateway's own.
/// </summary>
public static class RefusalCodes
{
    // A value that breaks a rule of the catalogue or of numbers.

    /// <summary>A field (or the body, or a report's values) is missing or empty.</summary>
    public const string Required = "required";

    /// <summary>A name that is not an element of the catalogue.</summary>
    public const string UnknownElement = "unknown_element";

    /// <summary>A name that is not an indicator of the catalogue.</summary>
    public const string UnknownIndicator = "unknown_indicator";

    /// <summary>A value (or a target, or an override's result) below zero where none can be.</summary>
    public const string Negative = "negative";

    /// <summary>A value beyond 1e15 in magnitude, beyond a decimal, or above the element's maximum.</summary>
    public const string OutOfRange = "out_of_range";

    /// <summary>A count that is not a whole number.</summary>
    public const string NotAnInteger = "not_an_integer";

    /// <summary>A value that is not a number: a JSON string or null, NaN, Infinity, a cell that is no number.</summary>
    public const string NotANumber = "not_a_number";

    /// <summary>A number that would be rounded to be kept as a decimal.</summary>
    public const string InexactNumber = "inexact_number";

    /// <summary>A value with more decimal places than <see cref="Limits.MaxDecimals"/>.</summary>
    public const string TooManyDecimals = "too_many_decimals";

    /// <summary>
    /// The start of an element's code above the element that bounds it (<c>exceeds_households</c> for
    /// <c>poor_households</c>); <see cref="Exceeds"/> makes one.
    /// </summary>
    public const string ExceedsPrefix = "exceeds_";

    /// <summary>The code of a value above the element <paramref name="bound"/>, which bounds it in the same report.</summary>
    public static string Exceeds(string bound) => ExceedsPrefix + bound;

    // Plans.

    /// <summary>A target below what its indicator can be (a growth below −100 %).</summary>
    public const string BelowMinimum = "below_minimum";

    /// <summary>A comparator other than <c>&gt;=</c>, <c>&gt;</c>, <c>&lt;=</c>, <c>&lt;</c>, <c>=</c> or <c>info</c>.</summary>
    public const string InvalidComparator = "invalid_comparator";

    /// <summary>A JSON target that is neither a number nor <c>{comparator, value}</c>.</summary>
    public const string InvalidTarget = "invalid_target";

    /// <summary>A plan year outside 1900–2999.</summary>
    public const string InvalidYear = "invalid_year";

    /// <summary>A unit without a plan for the year (404).</summary>
    public const string PlanNotFound = "plan_not_found";

    /// <summary>A plan import's <c>year</c> cell other than the path's year.</summary>
    public const string YearMismatch = "year_mismatch";

    // Units and periods.

    /// <summary>Not a unit code (1–32 of A-Z, a-z, 0-9, '_', '-'), or an import row without one.</summary>
    public const string InvalidCode = "invalid_code";

    /// <summary>Not a period id such as 2023, 2023S1, 2023Q1, 202301 or 2023YTD09.</summary>
    public const string InvalidPeriod = "invalid_period";

    /// <summary>A unit name that is empty, too long or not valid text.</summary>
    public const string InvalidName = "invalid_name";

    /// <summary>A unit level that is empty, too long or has control characters.</summary>
    public const string InvalidLevel = "invalid_level";

    /// <summary>The unit in the path or the body does not exist (404 in the path, 422 in the body).</summary>
    public const string UnitNotFound = "unit_not_found";

    /// <summary>A unit's new parent does not exist.</summary>
    public const string ParentNotFound = "parent_not_found";

    /// <summary>A move or a parent that would put a unit under itself.</summary>
    public const string Cycle = "cycle";

    /// <summary>A unit with children asked to report, or a reporter key scoped to a unit with children.</summary>
    public const string NotALeaf = "not_a_leaf";

    /// <summary>A unit with reports of its own asked to take children (409).</summary>
    public const string HasReports = "has_reports";

    /// <summary>
    /// A unit that does not exist or is not under the one asked about: an override's or a lever's unit under the
    /// scenario's unit, a plan import's unit under the path's unit.
    /// </summary>
    public const string UnitNotUnder = "unit_not_under";

    // Reports, approvals and imports of reports.

    /// <summary>The unit has no report for the period (404).</summary>
    public const string ReportNotFound = "report_not_found";

    /// <summary>A report's <c>expectedVersion</c> is not the current version (409; the problem gives <c>currentVersion</c>).</summary>
    public const string VersionConflict = "version_conflict";

    /// <summary>The period is approved and refuses changes until it is unapproved (409).</summary>
    public const string PeriodLocked = "period_locked";

    /// <summary>An all-or-nothing import holds the period; retry shortly (409).</summary>
    public const string PeriodBusy = "period_busy";

    /// <summary>An all-or-nothing import held a period longer than its hold lasts, so nothing of it is stored.</summary>
    public const string ImportHoldExpired = "import_hold_expired";

    /// <summary>A leaf asked to approve a period it has no report for (409).</summary>
    public const string NothingToApprove = "nothing_to_approve";

    /// <summary>A leaf asked to approve or unapprove a period it derives from sub-periods; its sources are approved instead (409).</summary>
    public const string DerivedPeriod = "derived_period";

    /// <summary>A unit is approved only once all its children are (409).</summary>
    public const string ChildrenNotApproved = "children_not_approved";

    /// <summary>The parent is approved: unapprove it before this unit, or before moving a unit out of or into it (409).</summary>
    public const string ParentApproved = "parent_approved";

    /// <summary>An import row that names a unit (and period) an earlier row names too; none of them is imported.</summary>
    public const string RepeatedRow = "repeated_row";

    /// <summary>An import cell such as <c>1,234</c>: a thousands separator or a decimal comma?</summary>
    public const string AmbiguousNumber = "ambiguous_number";

    /// <summary>An import with an empty file.</summary>
    public const string EmptyFile = "empty_file";

    /// <summary>An import file that is neither readable CSV nor xlsx.</summary>
    public const string UnreadableFile = "unreadable_file";

    /// <summary>A multipart/form-data body that cannot be read.</summary>
    public const string UnreadableMultipart = "unreadable_multipart";

    // Scenarios, what-if and series.

    /// <summary>No saved scenario with this id (404).</summary>
    public const string ScenarioNotFound = "scenario_not_found";

    /// <summary>An override without exactly one of <c>set</c>, <c>scale</c>, <c>delta</c>, <c>growth</c>.</summary>
    public const string InvalidOverride = "invalid_override";

    /// <summary>A scale or delta on an element the leaf did not report.</summary>
    public const string NotReported = "not_reported";

    /// <summary>A growth on an element without a value for the same period of the year before.</summary>
    public const string NoPreviousValue = "no_previous_value";

    /// <summary>More overrides or lever units than one request may carry; a series longer than it may be.</summary>
    public const string TooMany = "too_many";

    /// <summary>A goal seek's lever mode other than <c>scale</c> or <c>growth</c>.</summary>
    public const string InvalidMode = "invalid_mode";

    /// <summary>A goal seek's lever with both or neither of <c>under</c> and <c>units</c>.</summary>
    public const string InvalidLever = "invalid_lever";

    /// <summary>A goal seek's lever units that are too many or not unit codes.</summary>
    public const string InvalidUnits = "invalid_units";

    /// <summary>A series' <c>to</c> that is not of the type of its <c>from</c>.</summary>
    public const string PeriodTypeMismatch = "period_type_mismatch";

    /// <summary>A series' <c>to</c> before its <c>from</c>.</summary>
    public const string BeforeFrom = "before_from";

    // Keys and the audit.

    /// <summary>No API key with this id (404).</summary>
    public const string KeyNotFound = "key_not_found";

    /// <summary>A key id that is not one.</summary>
    public const string InvalidKeyId = "invalid_key_id";

    /// <summary>A role other than admin, analyst, approver or reporter.</summary>
    public const string InvalidRole = "invalid_role";

    /// <summary>An administrator key given a unit.</summary>
    public const string AdminNotScoped = "admin_not_scoped";

    /// <summary>A key's expiry that is not in the future.</summary>
    public const string InThePast = "in_the_past";

    /// <summary>A freshly drawn key id exists already; retry (409).</summary>
    public const string KeyIdCollision = "key_id_collision";

    /// <summary>An audit <c>from</c> or <c>to</c> that is not a date or time.</summary>
    public const string InvalidTime = "invalid_time";

    // A request that cannot be read.

    /// <summary>A JSON object that repeats a key.</summary>
    public const string DuplicateKey = "duplicate_key";

    /// <summary>A body that is not valid JSON.</summary>
    public const string InvalidJson = "invalid_json";

    /// <summary>A JSON value of another type than expected.</summary>
    public const string WrongType = "wrong_type";

    /// <summary>A query or route value that is not one of the allowed ones.</summary>
    public const string InvalidValue = "invalid_value";

    // Trees, tree loads and mappings (SPEC section 10).

    /// <summary>No tree with the id (404).</summary>
    public const string TreeNotFound = "tree_not_found";

    /// <summary>A tree's day cannot change once it has units: the day decides which tree a period's reports go to (409).</summary>
    public const string TreeInUse = "tree_in_use";

    /// <summary>A view or mapping that would carry figures onto an older tree, or between a tree and itself (422).</summary>
    public const string NotNewer = "not_newer_tree";

    /// <summary>A mapping from an older tree that is not the one right before the newer tree: each step is mapped, and steps compose (422).</summary>
    public const string NotPrevious = "not_previous_tree";

    /// <summary>Another tree has the id.</summary>
    public const string DuplicateTree = "duplicate_tree";

    /// <summary>Another tree comes into force the same day.</summary>
    public const string SameValidFrom = "same_valid_from";

    /// <summary>A tree's <c>validFrom</c> that is not a day written yyyy-MM-dd.</summary>
    public const string InvalidDate = "invalid_date";

    /// <summary>A file's header lacks a column it needs (a mapping: <c>share</c> or <c>link</c>).</summary>
    public const string MissingColumn = "missing_column";

    /// <summary>A file's header names a column the file kind does not have.</summary>
    public const string UnknownColumn = "unknown_column";

    /// <summary>A file's header names a column twice.</summary>
    public const string RepeatedColumn = "repeated_column";

    /// <summary>A row has a cell beyond the header's columns.</summary>
    public const string BeyondHeader = "beyond_header";

    /// <summary>A unit kind (Xã, Phường, …) longer than 64 characters or with control characters.</summary>
    public const string InvalidKind = "invalid_kind";

    /// <summary>A tree load would give the tree a second unit without a parent.</summary>
    public const string SecondRoot = "second_root";

    /// <summary>A parent whose level is not above its child's.</summary>
    public const string LevelOrder = "level_order";

    /// <summary>A mapping share that is not a number above 0 and at most 1.</summary>
    public const string InvalidShare = "invalid_share";

    /// <summary>A mapping link that is neither <c>full</c> nor <c>partial</c>.</summary>
    public const string InvalidLink = "invalid_link";

    /// <summary>A mapping row linking the same two leaves as an earlier row.</summary>
    public const string RepeatedLink = "repeated_link";

    /// <summary>The shares of one old leaf sum above 1, or leave nothing for its links without a share (422; args leaf, sum).</summary>
    public const string SharesAboveOne = "shares_above_one";

    // Standings (SPEC section 11).

    /// <summary>A ranking, distribution or standing asked at a level no unit under the scope has (422, field <c>level</c>).</summary>
    public const string LevelNotUnder = "level_not_under";

    // Data value sets (SPEC section 12).

    /// <summary>A data value with a category or attribute option combo other than absent or <c>default</c> (a conflict, property <c>categoryOptionCombo</c> or <c>attributeOptionCombo</c>).</summary>
    public const string UnsupportedOptionCombo = "unsupported_option_combo";

    /// <summary>Every code above, in the order they are declared (<see cref="ExceedsPrefix"/> starts a family, not a code).</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Required, UnknownElement, UnknownIndicator, Negative, OutOfRange, NotAnInteger, NotANumber, InexactNumber, TooManyDecimals,
        BelowMinimum, InvalidComparator, InvalidTarget, InvalidYear, PlanNotFound, YearMismatch,
        InvalidCode, InvalidPeriod, InvalidName, InvalidLevel, UnitNotFound, ParentNotFound, Cycle, NotALeaf, HasReports, UnitNotUnder,
        ReportNotFound, VersionConflict, PeriodLocked, PeriodBusy, ImportHoldExpired, NothingToApprove, DerivedPeriod, ChildrenNotApproved, ParentApproved,
        RepeatedRow, AmbiguousNumber, EmptyFile, UnreadableFile, UnreadableMultipart,
        ScenarioNotFound, InvalidOverride, NotReported, NoPreviousValue, TooMany, InvalidMode, InvalidLever, InvalidUnits, PeriodTypeMismatch, BeforeFrom,
        KeyNotFound, InvalidKeyId, InvalidRole, AdminNotScoped, InThePast, KeyIdCollision, InvalidTime,
        DuplicateKey, InvalidJson, WrongType, InvalidValue,
        TreeNotFound, TreeInUse, NotNewer, NotPrevious, DuplicateTree, SameValidFrom, InvalidDate, MissingColumn, UnknownColumn, RepeatedColumn, BeyondHeader, InvalidKind, SecondRoot, LevelOrder, InvalidShare, InvalidLink, RepeatedLink, SharesAboveOne,
        LevelNotUnder,
        UnsupportedOptionCombo,
    ];
}
