using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Rollup;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Trees;
using Aggregation.Domain.Units;
using Microsoft.Extensions.Logging;

namespace Aggregation.Grains;

/// <summary>
/// A leaf across trees (SPEC section 10): on a newer tree it states older periods restated from its
/// predecessors (the leaves of the tree right before, through the stored mapping), whose stated values it
/// keeps; on an older tree it tells its successors when what it states changes. Both lists are read when
/// the leaf activates and again when a mapping touching it is replaced (<see cref="RefreshLineage"/>).
/// </summary>
public sealed partial class CommuneGrain
{
    private TreeBook _book = TreeBook.Empty;
    private IReadOnlyList<(UnitKey Unit, TreeLink Link)> _predecessors = [];
    private IReadOnlyList<UnitKey> _successors = [];

    /// <summary>What each predecessor states, by period: a restated value reads these.</summary>
    private readonly Dictionary<UnitKey, Dictionary<Period, RestatedReport>> _predecessorStated = [];

    /// <summary>The leaf's values across trees for one operation (like a timeline, none is kept between operations).</summary>
    private LeafLineage Lineage() => new(catalog, _book, Key.Tree, _own ??= p => Latest(p)?.Values,
        _predecessors.Count == 0 ? [] : _predecessors.Select(p => new Predecessor(p.Link, Stated(p.Unit))).ToList());

    /// <summary>The leaf's own reports by period, as every lineage reads them (made once: it reads the latest versions as they stand).</summary>
    private Func<Period, IReadOnlyDictionary<string, decimal>?>? _own;

    private Func<Period, RestatedReport?> Stated(UnitKey predecessor) =>
        _predecessorStated.TryGetValue(predecessor, out var stated) ? p => stated.GetValueOrDefault(p) : _ => null;

    /// <summary>Reads the book, the links both ways and what the predecessors state.</summary>
    private async Task LoadLineage()
    {
        _book = await GrainFactory.Trees();
        _predecessors = [];
        _successors = [];
        _predecessorStated.Clear();
        var trees = _book.Trees.Select(t => t.Id).ToList();
        var at = trees.IndexOf(Key.Tree);
        if (at < 0)
        {
            return;
        }
        if (at > 0)
        {
            var links = await GrainFactory.Mapping(trees[at - 1], Key.Tree).Predecessors(Code);
            _predecessors = links.Select(l => (new UnitKey(trees[at - 1], l.From), l)).ToList();
            var stated = await Task.WhenAll(_predecessors.Select(p => GrainFactory.Commune(p.Unit).GetStated(null)));
            foreach (var ((unit, _), periods) in _predecessors.Zip(stated))
            {
                _predecessorStated[unit] = periods.ToDictionary(s => s.Period, s => s.Report);
            }
        }
        if (at < trees.Count - 1)
        {
            var links = await GrainFactory.Mapping(Key.Tree, trees[at + 1]).Successors(Code);
            _successors = links.Select(l => new UnitKey(trees[at + 1], l.To)).ToList();
        }
    }

    /// <summary>Why a period cannot be reported or approved here: it is on another tree, whose units take its reports.</summary>
    private Refusal? OnOtherTree(Period period, LeafLineage? lineage = null) =>
        (lineage ?? Lineage()).OriginOf(period) == PeriodOrigin.Own
            ? null
            : new(RefusalKind.Invalid, "period", RefusalCodes.InvalidPeriod,
                $"{period} is on tree '{_book.TreeOf(period).Id}', not '{Key.Tree}': its reports go to the units of that tree");

    public Task<IReadOnlyList<StatedPeriod>> GetStated(int? year) => Task.FromResult(StatedOf(year is { } y ? [y] : StatedYears()));

    /// <summary>Every period of the years that the leaf states a value for, own or restated, with that value.</summary>
    private IReadOnlyList<StatedPeriod> StatedOf(IEnumerable<int> years)
    {
        var lineage = Lineage();
        return years.SelectMany(Period.AllOf)
            .Select(p => lineage.Stated(p) is { } report ? new StatedPeriod(p, report) : null)
            .OfType<StatedPeriod>().ToList();
    }

    /// <summary>The years with a report of the leaf's own or a value stated by a predecessor.</summary>
    private IReadOnlyList<int> StatedYears() =>
        _latest.Keys.Select(k => Period.Parse(k).Year)
            .Concat(_predecessorStated.Values.SelectMany(s => s.Keys).Select(p => p.Year))
            .Distinct().Order().ToList();

    public async Task PredecessorChanged(UnitKey predecessor, int year, IReadOnlyList<StatedPeriod> stated)
    {
        if (!_predecessorStated.TryGetValue(predecessor, out var held))
        {
            return;
        }
        var before = ContributionsOf([year, year + 1]);
        foreach (var period in held.Keys.Where(p => p.Year == year).ToList())
        {
            held.Remove(period);
        }
        foreach (var s in stated)
        {
            held[s.Period] = s.Report;
        }
        _contributionVersion = NextContributionVersion();
        await PublishChanged(before, (await Unit.GetInfo())?.Parent);
    }

    public async Task RefreshLineage()
    {
        var before = ContributionsOf(StatedYears());
        await LoadLineage();
        var years = StatedYears();
        foreach (var (period, _) in ContributionsOf(years))
        {
            before.TryAdd(period, Contribution.Empty);
        }
        _contributionVersion = NextContributionVersion();
        await PublishChanged(before, (await Unit.GetInfo())?.Parent);
    }

    /// <summary>Every period's contribution over some years, as it stands.</summary>
    private Dictionary<Period, Contribution> ContributionsOf(IEnumerable<int> years)
    {
        var lineage = Lineage();
        return years.SelectMany(Period.AllOf).ToDictionary(p => p, p => Compute(p, lineage));
    }

    /// <summary>Years whose stated values a successor could not be given yet: retried with the unpublished periods.</summary>
    private readonly HashSet<int> _untold = [];

    /// <summary>
    /// Gives the successors what the leaf now states for the years a change touched. The change is already
    /// durable, so a failure is retried on a timer rather than failing it.
    /// </summary>
    private async Task TellSuccessors(IEnumerable<int> years)
    {
        var told = years.Distinct().ToList();
        if (_successors.Count == 0 || told.Count == 0)
        {
            return;
        }
        try
        {
            await Task.WhenAll(told.SelectMany(year =>
            {
                var stated = StatedOf([year]);
                return _successors.Select(s => GrainFactory.Commune(s).PredecessorChanged(Key, year, stated));
            }));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Telling the successors of {Unit} about {Years} failed; retrying", Key, string.Join(",", told));
            _untold.UnionWith(told);
            RetryLater();
        }
    }
}
