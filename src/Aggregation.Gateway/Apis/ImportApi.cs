using Aggregation.Domain.Periods;
using Aggregation.Contracts;
using Aggregation.Domain.Catalog;
using Aggregation.Gateway.Import;
using Microsoft.AspNetCore.Http.HttpResults;

using Aggregation.Gateway.Security;
using Aggregation.Domain.Rules;

namespace Aggregation.Gateway.Apis;

public static class ImportApi
{
    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app, long maxImportBytes)
    {
        app.MapGet("/api/units/{code}/reports/{period}/template.{format}", Template).Allow(Access.Everyone).WithName("GetReportTemplate")
            .WithSummary("A report template (csv or xlsx): one row per leaf under the unit, one column per element, current values filled in")
            .ProducesFiles().ProducesProblems(400, 404);
        app.MapPost("/api/import/reports", Import).Allow(Access.Reporters).WithName("ImportReports")
            .WithSummary("Import reports from a csv or xlsx file (the body, or multipart field 'file'); answers an import summary")
            .AcceptsFiles().ProducesProblems(400, 413, 415, 422)
            .DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxImportBytes));
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Template(
        string code, string period, string format, IGrainFactory grains, IndicatorCatalog catalog)
    {
        var (normalized, bad) = Problems.CheckUnitAndPeriod(code, period);
        if (bad is not null)
        {
            return bad;
        }
        if (!Exports.Formats.Contains(format))
        {
            return Problems.NotFound("templates are template.csv or template.xlsx");
        }
        if (await grains.GetGrain<IQueryGrain>(0).GetTemplate(RequestUnits.Key(code), normalized) is not { } rows)
        {
            return Problems.UnitNotFound(code);
        }
        var (content, type, name) = ReportSheet.ReportTemplate(catalog, format, code, normalized.ToString(), rows);
        return TypedResults.File(content, type, name);
    }

    private static async Task<Results<Ok<ImportSummary>, ProblemHttpResult>> Import(
        HttpRequest request, IGrainFactory grains, IndicatorCatalog catalog, Scopes scopes, bool? dryRun, string? strategy, string? period, CancellationToken ct)
    {
        strategy ??= ReportImporter.PerRow;
        if (strategy is not (ReportImporter.PerRow or ReportImporter.AllOrNothing))
        {
            return Problems.Field("strategy", RefusalCodes.InvalidValue, "must be per-row or all-or-nothing", StatusCodes.Status400BadRequest);
        }
        var caller = request.HttpContext.User.Caller();
        return await ImportFile(request, SheetLayout.Reports(catalog),
            rows => new ReportImporter(grains, scopes, caller).Import(rows, period, dryRun ?? false, strategy, ct), ct);
    }

    /// <summary>
    /// An uploaded file (the body, or the multipart field <c>file</c>) spooled to disk, so that a large national
    /// import never sits in memory whole, read row by row as a sheet of <paramref name="layout"/> into
    /// <paramref name="import"/>; a file that is empty, of another type or no such sheet is a problem naming <c>file</c>.
    /// </summary>
    public static async Task<Results<Ok<ImportSummary>, ProblemHttpResult>> ImportFile(
        HttpRequest request, SheetLayout layout, Func<IEnumerable<SheetRow>, Task<ImportSummary>> import, CancellationToken ct)
    {
        var (stream, kind, problem) = await OpenFile(request, ct);
        if (problem is not null)
        {
            return problem;
        }
        await using var spool = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        await stream!.CopyToAsync(spool, ct);
        if (spool.Length == 0)
        {
            return Problems.Field("file", RefusalCodes.EmptyFile, "the file is empty");
        }
        spool.Position = 0;
        try
        {
            return TypedResults.Ok(await import(Rows(spool, kind, layout)));
        }
        catch (SheetFormatException e)
        {
            return Problems.Field("file", RefusalCodes.UnreadableFile, e.Message);
        }
    }

    /// <summary>The spooled file's rows, read as they are asked for; a file that is no sheet of this layout throws <see cref="SheetFormatException"/>.</summary>
    private static IEnumerable<SheetRow> Rows(Stream spool, string kind, SheetLayout layout) =>
        kind == "xlsx" ? ReportSheet.ReadXlsx(spool, layout) : ReportSheet.ReadCsv(spool, layout);

    /// <summary>The uploaded file and whether it is csv or xlsx, from the body's type or the multipart file name.</summary>
    internal static async Task<(Stream? Stream, string Kind, ProblemHttpResult? Problem)> OpenFile(HttpRequest request, CancellationToken ct)
    {
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(ct);
            }
            catch (Exception e) when (e is InvalidDataException or IOException && !ct.IsCancellationRequested)
            {
                // No boundary in the Content-Type, or a body that ends before its closing boundary.
                return (null, "", Problems.Field("file", RefusalCodes.UnreadableMultipart, $"the multipart/form-data body cannot be read: {e.Message}", StatusCodes.Status400BadRequest));
            }
            if (form.Files.GetFile("file") is not { } file)
            {
                return (null, "", Problems.Field("file", FieldRules.Required.Code, "the multipart field 'file' is required", StatusCodes.Status400BadRequest));
            }
            var byName = Path.GetExtension(file.FileName).ToLowerInvariant() switch { ".xlsx" => "xlsx", ".csv" => "csv", _ => null };
            var kind = byName ?? KindOf(file.ContentType);
            return kind is null
                ? (null, "", Problems.Field("file", ProblemCodes.UnsupportedMediaType, "send a .csv or .xlsx file", StatusCodes.Status415UnsupportedMediaType))
                : (file.OpenReadStream(), kind, null);
        }
        return KindOf(request.ContentType) is { } bodyKind
            ? (request.Body, bodyKind, null)
            : (null, "", Problems.Field("file", ProblemCodes.UnsupportedMediaType, $"send text/csv or {ReportSheet.XlsxContentType}", StatusCodes.Status415UnsupportedMediaType));
    }

    private static string? KindOf(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "text/csv" or "application/csv" => "csv",
        ReportSheet.XlsxContentType => "xlsx",
        _ => null,
    };
}
