using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rules;

namespace Aggregation.Grains;

/// <summary>
/// The two phases of an all-or-nothing import. A reservation lives in memory only: the grain is kept active
/// while it is held, and if the grain is lost anyway nothing prepared was stored. Between Prepare and
/// Complete/Abort the period refuses submissions and approvals, so the checked report is what gets stored.
/// </summary>
public sealed partial class CommuneGrain
{
    private sealed class Reservation(string importId, StoredReport report, string? parent)
    {
        public string ImportId { get; } = importId;
        public StoredReport Report { get; } = report;
        public string? Parent { get; } = parent;
        public bool Committed { get; set; }

        /// <summary>The period's latest version before the import's was stored: what an abort puts back.</summary>
        public StoredReport? Replaced { get; set; }
        public IGrainTimer? Expiry { get; set; }
    }

    private readonly Dictionary<Period, Reservation> _reservations = [];

    private Refusal PeriodBusy(Period period) => new(RefusalKind.Busy, "period", RefusalCodes.PeriodBusy,
        $"{period} of unit '{Code}' is busy: an all-or-nothing import is in progress; retry shortly");

    public Task<SubmitResult> Prepare(Period period, ReportSubmission submission, string importId, UnitInfo? unit)
    {
        var (parent, report, answer) = Check(period, submission with { DryRun = false }, unit, Lineage());
        if (report is not null)
        {
            Hold(period, new Reservation(importId, report, parent));
        }
        return Task.FromResult(answer);
    }

    public async Task<SubmitResult> Commit(Period period, string importId)
    {
        if (Held(period, importId) is not { Committed: false } reservation)
        {
            return Refuse(new(RefusalKind.Busy, "period", RefusalCodes.ImportHoldExpired,
                $"the import's hold on {period} of unit '{Code}' has ended (it took longer than {ImportHold.Expiry.TotalSeconds:0} s); nothing stored"));
        }
        var replaced = Latest(period);
        var receipt = await Accept(period, reservation.Report, reservation.Parent, Lineage());
        reservation.Committed = true;
        reservation.Replaced = replaced;
        Hold(period, reservation); // the undo stays possible for a full hold from now
        return receipt;
    }

    public Task Complete(Period period, string importId)
    {
        if (Held(period, importId) is { } reservation)
        {
            Release(period, reservation);
        }
        return Task.CompletedTask;
    }

    public async Task Abort(Period period, string importId)
    {
        if (Held(period, importId) is not { } reservation)
        {
            return;
        }
        if (reservation.Committed)
        {
            var before = Before(period, nextYear: true);
            await Unstore(period, reservation.Report, reservation.Replaced);
            await PublishChanged(before, reservation.Parent);
        }
        Release(period, reservation);
    }

    private Reservation? Held(Period period, string importId) =>
        _reservations.TryGetValue(period, out var r) && r.ImportId == importId ? r : null;

    private void Hold(Period period, Reservation reservation)
    {
        reservation.Expiry?.Dispose();
        reservation.Expiry = this.RegisterGrainTimer(_ => Abort(period, reservation.ImportId),
            new GrainTimerCreationOptions(ImportHold.Expiry, Timeout.InfiniteTimeSpan));
        _reservations[period] = reservation;
        DelayDeactivation(ImportHold.Expiry + ImportHold.Expiry);
    }

    private void Release(Period period, Reservation reservation)
    {
        reservation.Expiry?.Dispose();
        _reservations.Remove(period);
    }

    /// <summary>
    /// Removes the import's own version from the log; while the reservation was held nothing else can have followed it,
    /// so the version it <paramref name="replaced"/> is the period's latest again. The new contribution version is stored
    /// first, so after any crash the leaf's version is still above the one parents saw with the import's report in it.
    /// </summary>
    private async Task Unstore(Period period, StoredReport report, StoredReport? replaced)
    {
        if (!ReferenceEquals(Latest(period), report))
        {
            return;
        }
        await WriteNewVersion(() => { });
        await log.Remove(GrainKeys.Unit(Key), period.ToString(), report.Version);
        if (replaced is null)
        {
            _latest.Remove(period.ToString());
        }
        else
        {
            _latest[period.ToString()] = replaced;
        }
    }
}
