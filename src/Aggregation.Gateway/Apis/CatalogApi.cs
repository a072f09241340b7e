using Aggregation.Domain.Catalog;
using Aggregation.Domain.Rollup;

using Aggregation.Gateway.Security;

namespace Aggregation.Gateway.Apis;

public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/catalog", (IndicatorCatalog catalog) => TypedResults.Ok(new
        {
            Elements = catalog.Elements.Select(e => new
            {
                e.Code,
                Name = new { Vi = e.NameVi, En = e.NameEn },
                e.Unit,
                Kind = e.Kind.ToString().ToLowerInvariant(),
                e.Max,
                e.AtMost,
                Temporal = e.Temporal.ToString().ToLowerInvariant(),
                Restate = e.Restate.ToString().ToLowerInvariant(),
            }),
            Indicators = catalog.Indicators.Select(i => new
            {
                i.Code,
                Name = new { Vi = i.NameVi, En = i.NameEn },
                i.Unit,
                i.Formula,
                Direction = i.Direction.ToString().ToLowerInvariant(),
                Kind = i.Kind.ToString().ToLowerInvariant(),
                DefaultComparator = i.DefaultComparator.ToSymbol(),
                Inputs = i.Inputs.Select(x => new { x.Element, PeriodOffset = x.Offset }),
            }),
        }))
        .Allow(Access.Everyone).WithName("GetCatalog").WithSummary("Elements and indicators with names, units, formulas, directions and how each adds up over time and restates onto a newer tree");
        return app;
    }
}
