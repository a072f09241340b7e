using Aggregation.Contracts;
using Aggregation.Domain.Periods;
using Aggregation.Domain.Trees;
using Aggregation.Domain.Units;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregation.Gateway.Apis;

/// <summary>
/// The unit a view shows: <see cref="Unit"/> on the tree it is seen on, and <see cref="DataTree"/>, the
/// tree the period's reports were made on. They differ for a restated view (an older period seen on a
/// newer tree, SPEC section 10), which the newer tree's leaves serve by restating from their predecessors.
/// </summary>
public sealed record TreeRoute(UnitKey Unit, string DataTree)
{
    public bool IsRestated => Unit.Tree != DataTree;
}

/// <summary>
/// The one place a unit code in a request (route, query or body) becomes the unit it names, on the
/// installation's trees as read once per request (<see cref="Read"/>): a request about a period goes to
/// the unit of the period's tree, a plan to the tree of its year, a unit's own page to the newest tree.
/// An installation without trees has the one tree <c>default</c>, and every code names its unit there.
/// </summary>
public sealed class RequestUnits(TreeBook book)
{
    /// <summary>The query parameter that asks for a view on another tree.</summary>
    public const string TreeQuery = "tree";

    public static async Task<RequestUnits> Read(IGrainFactory grains) => new(await grains.Trees());

    public TreeBook Book => book;

    /// <summary>The unit <paramref name="code"/> of the period's tree: where its reports go and are read.</summary>
    public UnitKey ForPeriod(string code, Period period) => new(book.TreeOf(period).Id, code);

    /// <summary>The unit <paramref name="code"/> of the tree of <paramref name="year"/> (in force on its last day): where its plan is.</summary>
    public UnitKey ForYear(string code, int year) => new(book.TreeOn(new DateOnly(year, 12, 31)).Id, code);

    /// <summary>The unit <paramref name="code"/> of the newest tree.</summary>
    public UnitKey Newest(string code) => new(book.Newest.Id, code);

    /// <summary>The unit <paramref name="code"/> of tree <paramref name="tree"/> (any tree), or of the newest without one; 404 for an unknown tree.</summary>
    public (UnitKey Unit, ProblemHttpResult? Problem) OnTree(string code, string? tree) =>
        tree is null ? (Newest(code), null)
        : book.Find(tree) is { } found ? (new UnitKey(found.Id, code), null)
        : (default, Problems.NotFound(TreeRules.NotFound(tree)));

    /// <summary>
    /// The view of a period: on the period's own tree, or on <paramref name="tree"/> when asked. That tree
    /// may be the period's own, or a newer one (a restated view); an older tree is refused (422, field
    /// <c>tree</c>) and an unknown one is not found (404).
    /// </summary>
    public (TreeRoute? Route, ProblemHttpResult? Problem) View(string code, Period period, string? tree)
    {
        var (seen, problem) = ViewTree(period, tree);
        return seen is null ? (null, problem) : (new TreeRoute(new UnitKey(seen, code), book.TreeOf(period).Id), null);
    }

    /// <summary>The tree a period is seen on: its own, or <paramref name="tree"/> when asked, as <see cref="View"/> decides.</summary>
    public (string? Tree, ProblemHttpResult? Problem) ViewTree(Period period, string? tree)
    {
        var own = book.TreeOf(period);
        if (tree is null || tree == own.Id)
        {
            return (own.Id, null);
        }
        if (book.Find(tree) is not { } view)
        {
            return (null, Problems.NotFound(TreeRules.NotFound(tree)));
        }
        return book.IsNewer(view.Id, own.Id) ? (view.Id, null) : (null, Problems.Field(TreeQuery, TreeRules.NotNewer));
    }

    /// <summary>
    /// The unit a request's route names, for the scope check before the endpoint runs: on the tree its
    /// <c>{period}</c> (or a series' <c>?to=</c>) or <c>{year}</c> is on, the <c>?tree=</c> asked, or the newest. A route value that is
    /// no period or year, or an unknown tree, is left to the endpoint (the newest tree is walked here).
    /// </summary>
    public UnitKey ForRoute(string code, HttpContext http)
    {
        if (http.GetRouteValue("period") is string p && Period.TryParse(p, out var period))
        {
            return View(code, period, http.Request.Query[TreeQuery].FirstOrDefault()).Route?.Unit ?? ForPeriod(code, period);
        }
        if (http.GetRouteValue("period") is null && http.Request.Query["to"].FirstOrDefault() is { } to && Period.TryParse(to, out var last))
        {
            return View(code, last, http.Request.Query[TreeQuery].FirstOrDefault()).Route?.Unit ?? ForPeriod(code, last);
        }
        if (http.GetRouteValue("year") is string y && int.TryParse(y, out var year) && year is >= 1 and <= 9998)
        {
            return ForYear(code, year);
        }
        return OnTree(code, http.Request.Query[TreeQuery].FirstOrDefault()) is ({ } unit, null) ? unit : Newest(code);
    }
}

/// <summary>Adds to an answer which trees its figures come from, when some come from another tree than the one it is seen on.</summary>
public static class TreeAnswers
{
    public static async Task<T> Seen<T>(this T answer, IGrainFactory grains, RequestUnits units, TreeRoute route, Period period)
        where T : ITreeAnswer<T>
    {
        if (units.Book.Find(route.Unit.Tree) is null)
        {
            return answer;
        }
        if (TreeViews.DataTrees(units.Book, period).All(t => t == route.Unit.Tree))
        {
            return answer;
        }
        var atRoot = (await grains.Unit(route.Unit).GetInfo()) is { Parent: null };
        return answer.On(await grains.View(units.Book, route.Unit.Tree, period, atRoot));
    }
}
