using System.Text.Json.Serialization;
using Aggregation.Contracts;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Trees;
using Aggregation.Domain.Units;
using Aggregation.Gateway.Import;
using Aggregation.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregation.Gateway.Apis;

/// <summary>Mappings between a tree and the tree right before it, and the lineage of a unit one mapping step each way (SPEC section 10).</summary>
public static class MappingsApi
{
    /// <summary>The one way of building a mapping without a file: each leaf whose code persists is the same leaf.</summary>
    public const string ByCode = "code";

    /// <summary>
    /// What a mapping would store and whether it did: its counts, the codes of the file that are not leaves of
    /// their tree, the old leaves no link reaches, and the rows that cannot be read (with any, nothing is stored).
    /// <see cref="Rows"/> counts the file's data rows; a mapping by code reads none and has no such count.
    /// </summary>
    public sealed record MappingAnswer(
        string From, string To, bool DryRun, bool Stored,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Rows,
        int Links, int Full, int Partial, int Estimated, IReadOnlyList<string> UnknownCodes, int UnmappedLeaves,
        IReadOnlyList<string> Unmapped, IReadOnlyList<ImportConflict> Conflicts);

    /// <summary>A unit of the tree before or after, with the share of the old leaf that went into the new one.</summary>
    public sealed record LineageLink(string Tree, string Unit, string? Name, decimal Share, bool Estimated);

    public sealed record LineageView(string Tree, string Unit, string Name, IReadOnlyList<LineageLink> Predecessors, IReadOnlyList<LineageLink> Successors);

    public static IEndpointRouteBuilder MapMappingsApi(this IEndpointRouteBuilder app, long maxImportBytes)
    {
        app.MapPost("/api/trees/{to}/mapping", Replace).Allow(Access.Admins).WithName("ReplaceMapping")
            .WithSummary("Replace the mapping from the tree right before into this one: a csv file from,to,share or from,to,link (the body, or multipart field 'file'), or by=code without a body for the leaves whose codes persist")
            .AcceptsCsv(optional: true).ProducesProblems(400, 404, 413, 415, 422)
            .DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxImportBytes));
        app.MapGet("/api/trees/{tree}/units/{code}/lineage", Lineage).Allow(Access.Everyone).WithName("GetLineage")
            .WithSummary("A unit's predecessors in the tree before and successors in the tree after, with shares: one mapping step each way")
            .ProducesProblems(400, 404);
        return app;
    }

    private static async Task<Results<Ok<MappingAnswer>, ProblemHttpResult>> Replace(
        string to, string? from, string? by, bool? dryRun, HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        if ((CheckTree("to", to) ?? CheckTree("from", from)) is { } bad)
        {
            return bad;
        }
        if (by is not (null or ByCode))
        {
            return Problems.Field("by", RefusalCodes.InvalidValue, $"must be '{ByCode}', or left out with a mapping file", StatusCodes.Status400BadRequest);
        }
        // The request is read before the trees are looked up: a body of the wrong kind is refused whatever it would map.
        var (file, unread) = by == ByCode ? (null, await NoBody(request, ct)) : await ReadFile(request, ct);
        if (unread is not null)
        {
            return unread;
        }
        await using var _ = file;
        var book = await grains.Trees();
        if (book.Find(to) is null || book.Find(from!) is null)
        {
            return Problems.NotFound(TreeRules.NotFound(book.Find(to) is null ? to : from!));
        }
        if (book.MappingProblem(from!, to) is { } notAdjacent)
        {
            return Problems.Validation([notAdjacent]);
        }
        var units = await Task.WhenAll(grains.UnitsOf(from!), grains.UnitsOf(to));
        var (oldLeaves, newLeaves) = (MappingFile.LeavesOf(units[0]), MappingFile.LeavesOf(units[1]));
        MappingPlan plan;
        try
        {
            plan = file is null
                ? MappingFile.ByCode(from!, to, oldLeaves, newLeaves)
                : MappingFile.Plan(ReportSheet.ReadCsvRecords(file), from!, to, oldLeaves, newLeaves);
        }
        catch (SheetFormatException e)
        {
            return Problems.Field("file", RefusalCodes.UnreadableFile, e.Message);
        }
        if (plan.Errors.Count > 0)
        {
            return Problems.Validation(plan.Errors);
        }
        var store = plan.IsValid && dryRun != true;
        if (store)
        {
            await grains.Mapping(from!, to).Replace(plan.Mapping!, request.HttpContext.User.Caller());
        }
        var s = plan.Summary;
        return TypedResults.Ok(new MappingAnswer(from!, to, dryRun == true, store, file is null ? null : plan.Rows,
            s.Links, s.Full, s.Partial, s.Estimated, s.UnknownCodes, s.UnmappedLeaves, plan.Mapping?.UnmappedLeaves ?? [],
            [.. plan.Conflicts.Select(c => new ImportConflict(c.Row, c.Column, c.Value, c.Message, c.Code))]));
    }

    /// <summary>A mapping by code takes no file: a body is the 400 that says so.</summary>
    private static async Task<ProblemHttpResult?> NoBody(HttpRequest request, CancellationToken ct)
    {
        var buffer = new byte[1];
        return request.ContentLength > 0 || (request.ContentLength is null && await request.Body.ReadAsync(buffer, ct) > 0)
            ? Problems.Field("file", RefusalCodes.InvalidValue, "a mapping by code takes no file: send no body, or a file without by=code", StatusCodes.Status400BadRequest)
            : null;
    }

    /// <summary>
    /// The uploaded mapping file (the body, or multipart field <c>file</c>) in memory, for the CSV reader reads synchronously
    /// (a national mapping is some 200 kB); a file that is empty or not csv is a problem naming <c>file</c>.
    /// </summary>
    private static async Task<(MemoryStream? File, ProblemHttpResult? Problem)> ReadFile(HttpRequest request, CancellationToken ct)
    {
        var (stream, kind, problem) = await ImportApi.OpenFile(request, ct);
        if (problem is not null)
        {
            return (null, problem);
        }
        if (kind != "csv")
        {
            return (null, Problems.Field("file", ProblemCodes.UnsupportedMediaType, "a mapping is a csv file (text/csv)", StatusCodes.Status415UnsupportedMediaType));
        }
        var file = new MemoryStream();
        await stream!.CopyToAsync(file, ct);
        if (file.Length == 0)
        {
            return (null, Problems.Field("file", RefusalCodes.EmptyFile, "the file is empty"));
        }
        file.Position = 0;
        return (file, null);
    }

    private static async Task<Results<Ok<LineageView>, ProblemHttpResult>> Lineage(string tree, string code, IGrainFactory grains)
    {
        if ((CheckTree("tree", tree) ?? Problems.CheckCode(code)) is { } bad)
        {
            return bad;
        }
        var book = await grains.Trees();
        if (book.Find(tree) is null)
        {
            return Problems.NotFound(TreeRules.NotFound(tree));
        }
        if (await grains.Unit(new UnitKey(tree, code)).GetInfo() is not { } unit)
        {
            return Problems.UnitNotFound(code);
        }
        var before = book.Before(tree)?.Id;
        var after = book.After(tree)?.Id;
        IReadOnlyList<TreeLink> predecessors = before is null ? [] : await grains.Mapping(before, tree).Predecessors(code);
        IReadOnlyList<TreeLink> successors = after is null ? [] : await grains.Mapping(tree, after).Successors(code);
        return TypedResults.Ok(new LineageView(tree, code, unit.Name,
            await Named(grains, before, predecessors.Select(l => (l.From, l))), await Named(grains, after, successors.Select(l => (l.To, l)))));
    }

    /// <summary>The linked units of <paramref name="tree"/> with their names there (null for a code the tree no longer has).</summary>
    private static async Task<IReadOnlyList<LineageLink>> Named(IGrainFactory grains, string? tree, IEnumerable<(string Code, TreeLink Link)> links) =>
        tree is null
            ? []
            : await Task.WhenAll(links.Select(async l => new LineageLink(tree, l.Code,
                (await grains.Unit(new UnitKey(tree, l.Code)).GetInfo())?.Name, l.Link.Share, l.Link.Estimated)));

    /// <summary>A tree id from the path or query (ids follow the unit-code rule), or the 400 that explains why it is not one.</summary>
    private static ProblemHttpResult? CheckTree(string field, string? id) => id switch
    {
        null or "" => Problems.Field(field, FieldRules.Required.Code, "a tree id is required", StatusCodes.Status400BadRequest),
        _ when !UnitCode.IsValid(id) => Problems.Field(field, FieldRules.UnitCode, StatusCodes.Status400BadRequest),
        _ => null,
    };
}
