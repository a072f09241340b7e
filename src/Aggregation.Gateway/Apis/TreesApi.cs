using System.Globalization;
using Aggregation.Contracts;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Trees;
using Aggregation.Domain.Units;
using Aggregation.Gateway.Import;
using Aggregation.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregation.Gateway.Apis;

/// <summary>The installation's trees (SPEC section 10): list them, create or rename one, and load its units from a file.</summary>
public static class TreesApi
{
    public sealed record TreeBody(string? ValidFrom, string? Name);

    /// <summary>A tree with its counts; <see cref="ValidFrom"/> is null for the <c>default</c> tree of an installation without trees.</summary>
    public sealed record TreeView(string Id, DateOnly? ValidFrom, string Name, int Units, int Leaves);

    public static IEndpointRouteBuilder MapTreesApi(this IEndpointRouteBuilder app, long maxImportBytes)
    {
        var trees = app.MapGroup("/api/trees");
        trees.MapGet("", GetTrees).Allow(Access.Everyone).WithName("GetTrees")
            .WithSummary("The trees, oldest first, each with its units and leaves counted");
        trees.MapPut("/{id}", PutTree).Allow(Access.Admins).WithName("PutTree")
            .WithSummary("Create a tree or rename it; its day changes only while it has no units")
            .ProducesProblems(400, 409, 422);
        trees.MapPost("/{id}/units", LoadUnits).Allow(Access.Admins).WithName("LoadTreeUnits")
            .WithSummary("Load a tree's units from a csv (code,name,level,parent[,kind]), all or nothing; answers what it did or would do")
            .AcceptsCsv().ProducesProblems(400, 404, 413, 415, 422)
            .DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxImportBytes));
        return app;
    }

    private static async Task<Ok<IReadOnlyList<TreeView>>> GetTrees(IGrainFactory grains)
    {
        var book = await grains.Trees();
        var roots = await grains.GetGrain<IUnitRootsGrain>(0).List();
        var views = await Task.WhenAll(book.Trees.Select(t => View(grains, t, book, roots)));
        return TypedResults.Ok<IReadOnlyList<TreeView>>(views);
    }

    /// <summary>A tree's counts are its roots': every unit keeps the count of units and leaves under it, as its parent learns them.</summary>
    private static async Task<TreeView> View(IGrainFactory grains, TreeInfo tree, TreeBook book, IReadOnlyList<UnitKey> roots)
    {
        var infos = await Task.WhenAll(roots.Where(r => r.Tree == tree.Id).Select(r => grains.Unit(r).GetInfo()));
        var units = infos.OfType<UnitInfo>().ToList();
        return new TreeView(tree.Id, book.Find(tree.Id) == TreeInfo.Default ? null : tree.ValidFrom, tree.Name,
            units.Sum(u => u.UnitCount), units.Sum(u => u.LeafCount));
    }

    private static async Task<Results<Created<TreeView>, Ok<TreeView>, ProblemHttpResult>> PutTree(string id, TreeBody? body, HttpContext http, IGrainFactory grains)
    {
        if (body is null)
        {
            return Problems.Field("body", FieldRules.Required.Code, "a JSON object {validFrom, name} is required", StatusCodes.Status400BadRequest);
        }
        var errors = new List<FieldError>();
        var day = DateOnly.MinValue;
        if (string.IsNullOrWhiteSpace(body.ValidFrom))
        {
            errors.Add(FieldRules.Required.At("validFrom"));
        }
        else if (!DateOnly.TryParseExact(body.ValidFrom.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            errors.Add(TreeRules.ValidFrom.At("validFrom"));
        }
        var tree = new TreeInfo(id, day, body.Name?.Trim() ?? "");
        errors.InsertRange(0, tree.Problems());
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var put = await grains.TreeBook().Put(tree, http.User.Caller());
        if (put.Refusal is { } refusal)
        {
            return Problems.Refused(refusal);
        }
        var book = await grains.Trees();
        var view = await View(grains, book.Find(id)!, book, await grains.GetGrain<IUnitRootsGrain>(0).List());
        return put.Created ? TypedResults.Created($"/api/trees/{id}", view) : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<TreeLoadSummary>, ProblemHttpResult>> LoadUnits(
        string id, bool? dryRun, HttpRequest request, IGrainFactory grains, TimeProvider clock, CancellationToken ct)
    {
        if ((await grains.Trees()).Find(id) is null)
        {
            return Problems.NotFound(TreeRules.NotFound(id));
        }
        var (stream, kind, problem) = await ImportApi.OpenFile(request, ct);
        if (problem is not null)
        {
            return problem;
        }
        if (kind != "csv")
        {
            return Problems.Field("file", ProblemCodes.UnsupportedMediaType, "a tree's units come as text/csv", StatusCodes.Status415UnsupportedMediaType);
        }
        // A tree's list is small (the national one is under 1 MB) and planned whole: it is read into memory.
        using var file = new MemoryStream();
        await stream!.CopyToAsync(file, ct);
        file.Position = 0;
        List<IReadOnlyList<string>> records;
        try
        {
            records = CsvRecords.Read(file);
        }
        catch (SheetFormatException e)
        {
            return Problems.Field("file", RefusalCodes.UnreadableFile, e.Message);
        }
        if (records.Count == 0)
        {
            return Problems.Field("file", RefusalCodes.EmptyFile, "the file is empty");
        }
        var loader = new TreeLoader(grains, request.HttpContext.User.Caller(), clock);
        return TypedResults.Ok(await loader.Load(id, records, dryRun ?? false, ct));
    }
}
