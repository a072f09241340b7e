using System.Globalization;
using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Plans;
using Microsoft.Extensions.Logging;
using Aggregation.Domain.Units;

namespace Aggregation.Grains;

public sealed class PlanState
{
    public bool Exists { get; set; }
    public Dictionary<string, StoredTarget> Targets { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Every change of this plan, with who and the targets before.</summary>
    public List<AuditEntry> Audit { get; set; } = [];
}

public sealed class StoredTarget
{
    public string Comparator { get; set; } = "";
    public decimal Value { get; set; }
}

public sealed class PlanGrain(
    [PersistentState("plan", StorageNames.Default)] IPersistentState<PlanState> state,
    IndicatorCatalog catalog,
    TimeProvider clock,
    ILogger<PlanGrain> logger) : Grain, IPlanGrain
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    private const int Attempts = 3;

    public async Task<PlanResult> Set(IReadOnlyDictionary<string, PlanTargetInput> targets, KeyPrincipal by)
    {
        var (unit, year) = GrainKeys.ParsePlan(this.GetPrimaryKeyString());
        if (await GrainFactory.Unit(unit).GetInfo() is null)
        {
            return new PlanResult(null, [Refusal.UnitNotFound(unit.Code)]);
        }
        var (built, errors) = PlanRules.Build(catalog, targets.ToDictionary(t => t.Key, t => new TargetInput(t.Value.Comparator, t.Value.Value)));
        if (errors.Count > 0)
        {
            return new PlanResult(null, Refusal.Invalid(errors));
        }
        var previous = _view?.Targets;
        state.State.Exists = true;
        state.State.Targets = built.ToDictionary(t => t.Key, t => new StoredTarget { Comparator = t.Value.Comparator.ToSymbol(), Value = t.Value.Value });
        state.State.UpdatedAt = clock.GetUtcNow();
        var saved = View();
        await this.Write(GrainFactory, state, state.State.Audit, AuditSubjects.Plan(unit, year), AuditEntry.Of(
            state.State.UpdatedAt, by, "plan", previous is null ? "create" : "update", unit.Code, year.ToString(CultureInfo.InvariantCulture), null, saved.Targets, previous));
        _view = saved;
        await TellBook(unit, year, saved);
        return new PlanResult(saved, []);
    }

    /// <summary>
    /// Comparisons and what-if read plans from the year's book, so a stored change goes there
    /// before the change is acknowledged. Should the book stay unreachable, the change is stored
    /// but the answer is an error: sending the plan again puts it in the book.
    /// </summary>
    private async Task TellBook(UnitKey unit, int year, PlanView plan)
    {
        var book = GrainFactory.GetGrain<IPlanBookGrain>(year);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await book.Changed(unit, plan);
                return;
            }
            catch (Exception e) when (attempt < Attempts)
            {
                logger.LogWarning(e, "Telling the plan book of {Year} about {Unit} failed; retrying", year, unit);
                await Task.Delay(RetryDelay);
            }
        }
    }

    /// <summary>The stored plan as shown, built once per change (comparisons and what-if ask every child's plan); never a change not yet stored.</summary>
    private PlanView? _view;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _view = state.State.Exists ? View() : null;
        return base.OnActivateAsync(cancellationToken);
    }

    public Task<PlanView?> Get() => Task.FromResult(_view);

    public Task<IReadOnlyList<AuditEntry>> GetAudit() => AuditedWrite.Trail(state.State.Audit);

    private PlanView View()
    {
        var (unit, year) = GrainKeys.ParsePlan(this.GetPrimaryKeyString());
        var targets = Targets(state.State);
        return new PlanView(unit.Code, year,
            targets.ToDictionary(t => t.Key, t => new TargetView(t.Value.Comparator.ToSymbol(), t.Value.Value)),
            state.State.UpdatedAt,
            PlanRules.CheckConsistency(targets).Select(w => new PlanWarningView(w.Code, w.Indicators, w.Message, w.Args)).ToList());
    }

    private static Dictionary<string, Target> Targets(PlanState s) => s.Targets.ToDictionary(
        t => t.Key,
        t => Target.FromText(t.Value.Comparator, t.Value.Value));
}
