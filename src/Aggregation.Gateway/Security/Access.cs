using System.Security.Claims;
using Aggregation.Contracts;
using Aggregation.Domain.Security;
using Aggregation.Domain.Units;
using Aggregation.Gateway.Apis;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregation.Gateway.Security;

/// <summary>Which roles may call an endpoint; when its route has a <c>{code}</c>, that unit must be in the key's scope too.</summary>
public sealed record AccessRule(IReadOnlyList<Role> Roles);

/// <summary>Who may call what. Every endpoint under /api states its rule with <see cref="Allow"/>; one without a rule refuses everyone.</summary>
public static class Access
{
    public const string Policy = "aggregation-access";
    public const string DashboardPolicy = "aggregation-dashboard";
    public const string ScopeRoute = "code";

    /// <summary>A route's tree, where it names one (<c>/api/trees/{tree}/units/{code}/…</c>): the scope is walked in that tree.</summary>
    public const string TreeRoute = "tree";

    public static readonly Role[] Everyone = [Role.Admin, Role.Analyst, Role.Approver, Role.Reporter];
    public static readonly Role[] Analysts = [Role.Admin, Role.Analyst, Role.Approver];
    public static readonly Role[] Approvers = [Role.Admin, Role.Approver];
    public static readonly Role[] Reporters = [Role.Admin, Role.Reporter];
    public static readonly Role[] Admins = [Role.Admin];

    private const string KeyIdClaim = "agg:key";
    private const string UnitClaim = "agg:unit";

    public static TBuilder Allow<TBuilder>(this TBuilder builder, params Role[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AccessRule(roles));

    /// <summary>The unit a route names by <paramref name="code"/> in the route's own tree, or null when the route names no valid tree.</summary>
    public static UnitKey? RouteUnit(HttpContext http, string code) =>
        http.GetRouteValue(TreeRoute) is string tree && UnitCode.IsValid(tree) ? new UnitKey(tree, code) : null;

    public static ClaimsPrincipal ToClaims(KeyPrincipal key, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(KeyIdClaim, key.Id), new Claim(ClaimTypes.Name, key.Name),
        new Claim(ClaimTypes.Role, key.Role), new Claim(UnitClaim, key.Unit),
    ], scheme));

    /// <summary>The calling key; only called behind the access policy, which guarantees one.</summary>
    public static KeyPrincipal Caller(this ClaimsPrincipal user) => new(
        user.FindFirstValue(KeyIdClaim) ?? throw new InvalidOperationException("no authenticated key"),
        user.FindFirstValue(ClaimTypes.Name) ?? "", user.FindFirstValue(ClaimTypes.Role) ?? "", user.FindFirstValue(UnitClaim) ?? "");

    public static bool Is(this KeyPrincipal key, Role role) => key.Role == role.Name();

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(title: "Forbidden", detail: detail, statusCode: StatusCodes.Status403Forbidden,
            extensions: new Dictionary<string, object?> { [ProblemCodes.CodeKey] = ProblemCodes.Forbidden });

    public static string OutOfScope(KeyPrincipal key, string unit) => $"unit '{unit}' is outside the key's scope ('{key.Unit}')";
}

/// <summary>Whether a unit lies in a key's subtree, walking parents through the unit grains.</summary>
public sealed class Scopes(IGrainFactory grains)
{
    /// <summary>The 403 for a unit named in a body that lies outside the key's scope, or null when it is inside.</summary>
    public async Task<ProblemHttpResult?> Refuse(KeyPrincipal key, UnitKey unit) =>
        await Covers(key, unit) ? null : Access.Forbidden(Access.OutOfScope(key, unit.Code));

    /// <summary>
    /// Admin keys cover everything with no grain call, a reporter only its own leaf (a string
    /// comparison), so the report PUT path costs nothing; analysts and approvers walk up from the unit,
    /// in its tree (the scope is the code of a unit of that tree).
    /// </summary>
    public async Task<bool> Covers(KeyPrincipal key, UnitKey unit) =>
        CoversWithoutWalking(key, unit.Code) || (!key.Is(Role.Reporter) && await grains.IsAtOrUnder(unit, key.Unit));

    /// <summary>Whether the key covers unit <paramref name="code"/> of any tree without a walk: an admin key, or the key's own unit.</summary>
    public static bool CoversWithoutWalking(KeyPrincipal key, string code) => key.Is(Role.Admin) || key.Unit == code;
}

public sealed class AccessRequirement : IAuthorizationRequirement;

/// <summary>The endpoint's <see cref="AccessRule"/>: the key's role, then the route's unit against the key's scope.</summary>
public sealed class AccessHandler(Scopes scopes, IGrainFactory grains) : AuthorizationHandler<AccessRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
    {
        if (context.Resource is not HttpContext http || context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }
        var key = context.User.Caller();
        if (http.GetEndpoint()?.Metadata.GetMetadata<AccessRule>() is not { } rule)
        {
            context.Fail(new AuthorizationFailureReason(this, "this endpoint admits no key"));
            return;
        }
        if (!rule.Roles.Any(key.Is))
        {
            context.Fail(new AuthorizationFailureReason(this, $"the role '{key.Role}' may not do this"));
            return;
        }
        // A malformed code is left to the endpoint, which answers 400 naming it.
        if (http.GetRouteValue(Access.ScopeRoute) is string unit && UnitCode.IsValid(unit) && !Scopes.CoversWithoutWalking(key, unit)
            && !await scopes.Covers(key, Access.RouteUnit(http, unit) ?? (await RequestUnits.Read(grains)).ForRoute(unit, http)))
        {
            context.Fail(new AuthorizationFailureReason(this, Access.OutOfScope(key, unit)));
            return;
        }
        context.Succeed(requirement);
    }
}

/// <summary>403 as problem+json naming why; everything else as ASP.NET Core does it (401 comes from <see cref="BearerKeyHandler"/> or <see cref="DashboardKeyHandler"/>).</summary>
public sealed class AccessResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true)
        {
            var reasons = authorizeResult.AuthorizationFailure?.FailureReasons.Select(r => r.Message).ToList() ?? [];
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await problems.TryWriteAsync(new()
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = 403, Title = "Forbidden", Detail = reasons.Count > 0 ? string.Join("; ", reasons) : "the key may not do this",
                    Extensions = { [ProblemCodes.CodeKey] = ProblemCodes.Forbidden },
                },
            });
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
