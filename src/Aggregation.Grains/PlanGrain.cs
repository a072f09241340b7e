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

    /// <summary>Counts the stored changes: an import's restore puts a plan back only if nothing was stored since.</summary>
    public int Version { get; set; }

    /// <summary>Every change of this plan, with who and the targets before.</summary>
    public List<AuditEntry> Audit { get; set; } = [];
}

public sealed class StoredTarget
{
    public string Comparator { get; set; } = "";
    public decimal Value { get; set; }
}

public sealed partial class PlanGrain(
    [PersistentState("plan", StorageNames.Default)] IPersistentState<PlanState> state,
    IndicatorCatalog catalog,
    TimeProvider clock,
    ILogger<PlanGrain> logger) : Grain, IPlanGrain
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    private const int Attempts = 3;

    public async Task<PlanResult> Set(IReadOnlyDictionary<string, PlanTargetInput> targets, KeyPrincipal by)
    {
        var (unit, _) = GrainKeys.ParsePlan(this.GetPrimaryKeyString());
        if (await GrainFactory.Unit(unit).GetInfo() is null)
        {
            return new PlanResult(null, [Refusal.UnitNotFound(unit.Code)]);
        }
        var (built, errors) = PlanRules.Build(catalog, targets.ToDictionary(t => t.Key, t => new TargetInput(t.Value.Comparator, t.Value.Value)));
        if (errors.Count > 0)
        {
            return new PlanResult(null, Refusal.Invalid(errors));
        }
        return new PlanResult(await Store(built, by), []);
    }

    public async Task<PlanImport> Import(IReadOnlyDictionary<string, decimal> values, bool dryRun, KeyPrincipal by)
    {
        var (unit, _) = GrainKeys.ParsePlan(this.GetPrimaryKeyString());
        if (await GrainFactory.Unit(unit).GetInfo() is null)
        {
            return new PlanImport(_view, _view, false, state.State.Version, [Refusal.UnitNotFound(unit.Code)]);
        }
        var before = _view;
        var stored = (before?.Targets ?? new Dictionary<string, TargetView>()).ToDictionary(t => t.Key, t => new TargetInput(t.Value.Comparator, t.Value.Value));
        var (built, errors) = PlanRules.Merge(catalog, stored, values);
        if (errors.Count > 0)
        {
            return new PlanImport(before, before, false, state.State.Version, Refusal.Invalid(errors));
        }
        var targets = Stored(built);
        if (before is not null && targets.Count == before.Targets.Count
            && targets.All(t => before.Targets.GetValueOrDefault(t.Key) is { } b && b.Comparator == t.Value.Comparator && b.Value == t.Value.Value))
        {
            return new PlanImport(before, before, false, state.State.Version, []);
        }
        var after = dryRun ? View(targets, clock.GetUtcNow()) : await Store(built, by);
        return new PlanImport(before, after, true, state.State.Version, []);
    }

    public async Task<bool> Restore(PlanView? before, int version, KeyPrincipal by)
    {
        if (version != state.State.Version)
        {
            return false;
        }
        var (unit, year) = GrainKeys.ParsePlan(this.GetPrimaryKeyString());
        var previous = _view?.Targets;
        state.State.Exists = before is not null;
        state.State.Targets = (before?.Targets ?? new Dictionary<string, TargetView>())
            .ToDictionary(t => t.Key, t => new StoredTarget { Comparator = t.Value.Comparator, Value = t.Value.Value });
        state.State.UpdatedAt = before?.UpdatedAt ?? clock.GetUtcNow();
        state.State.Version++;
        var restored = before is null ? null : View(state.State.Targets, state.State.UpdatedAt);
        await this.Write(GrainFactory, state, state.State.Audit, AuditSubjects.Plan(unit, year), AuditEntry.Of(
            clock.GetUtcNow(), by, "plan", "restore", unit.Code, year.ToString(CultureInfo.InvariantCulture), null, restored?.Targets, previous));
        await Show(unit, year, restored);
        return true;
    }

    /// <summary>Stores <paramref name="built"/> as the plan, with its audit entry, in one write; tells the year's book.</summary>
    private async Task<PlanView> Store(IReadOnlyDictionary<string, Target> built, KeyPrincipal by)
    {
        var (unit, year) = GrainKeys.ParsePlan(this.GetPrimaryKeyString());
        var previous = _view?.Targets;
        state.State.Exists = true;
        state.State.Targets = Stored(built);
        state.State.UpdatedAt = clock.GetUtcNow();
        state.State.Version++;
        var saved = View(state.State.Targets, state.State.UpdatedAt);
        await this.Write(GrainFactory, state, state.State.Audit, AuditSubjects.Plan(unit, year), AuditEntry.Of(
            state.State.UpdatedAt, by, "plan", previous is null ? "create" : "update", unit.Code, year.ToString(CultureInfo.InvariantCulture), null, saved.Targets, previous));
        await Show(unit, year, saved);
        return saved;
    }

    /// <summary>Shows <paramref name="plan"/>, just stored, from now on, and tells who follows the plan: its watchers, then the year's book.</summary>
    private async Task Show(UnitKey unit, int year, PlanView? plan)
    {
        _view = plan;
        TellWatchers(unit, year);
        await TellBook(unit, year, plan);
    }

    private static Dictionary<string, StoredTarget> Stored(IReadOnlyDictionary<string, Target> built) =>
        built.ToDictionary(t => t.Key, t => new StoredTarget { Comparator = t.Value.Comparator.ToSymbol(), Value = t.Value.Value });

    /// <summary>
    /// Comparisons and what-if read plans from the year's book, so a stored change goes there
    /// before the change is acknowledged. Should the book stay unreachable, the change is stored
    /// but the answer is an error: sending the plan again puts it in the book.
    /// </summary>
    private async Task TellBook(UnitKey unit, int year, PlanView? plan)
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
        _view = state.State.Exists ? View(state.State.Targets, state.State.UpdatedAt) : null;
        return base.OnActivateAsync(cancellationToken);
    }

    public Task<PlanView?> Get() => Task.FromResult(_view);

    public Task<IReadOnlyList<AuditEntry>> GetAudit() => AuditedWrite.Trail(state.State.Audit);

    private PlanView View(IReadOnlyDictionary<string, StoredTarget> stored, DateTimeOffset updatedAt)
    {
        var (unit, year) = GrainKeys.ParsePlan(this.GetPrimaryKeyString());
        var targets = stored.ToDictionary(t => t.Key, t => Target.FromText(t.Value.Comparator, t.Value.Value));
        return new PlanView(unit.Code, year,
            targets.ToDictionary(t => t.Key, t => new TargetView(t.Value.Comparator.ToSymbol(), t.Value.Value)),
            updatedAt,
            PlanRules.CheckConsistency(targets).Select(w => new PlanWarningView(w.Code, w.Indicators, w.Message, w.Args)).ToList());
    }
}
