using Aggregation.Contracts;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Security;
using Aggregation.Domain.Units;
using Aggregation.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;


namespace Aggregation.Gateway.Apis;

public static class KeysApi
{
    public sealed record KeyBody(string? Name, string? Role, string? Unit = null, DateTimeOffset? ExpiresAt = null);

    /// <summary>The only answer that ever carries the secret: the whole bearer token <c>agg_{id}_{…}</c>.</summary>
    public sealed record CreatedKey(string Id, string Secret, string Name, string Role, string Unit, DateTimeOffset? ExpiresAt);

    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/keys");
        keys.MapPost("/", Create).Allow(Access.Admins).WithName("CreateKey")
            .WithSummary("Create a key {name, role, unit, expiresAt?}; the secret is in this answer only")
            .ProducesProblems(400, 409, 422);
        keys.MapGet("/", List).Allow(Access.Admins).WithName("ListKeys").WithSummary("Every key, revoked ones too; never a secret or hash");
        keys.MapGet("/me", (HttpContext http) => TypedResults.Ok(http.User.Caller())).Allow(Access.Everyone).WithName("GetOwnKey")
            .WithSummary("The calling key: {id, name, role, unit}");
        keys.MapDelete("/{id}", Revoke).Allow(Access.Admins).WithName("RevokeKey").WithSummary("Revoke a key: it answers 401 from now on")
            .ProducesProblems(400, 404);
        return app;
    }

    private static async Task<Results<Created<CreatedKey>, ProblemHttpResult>> Create(KeyBody? body, HttpContext http, IGrainFactory grains, TimeProvider clock)
    {
        if (body is null)
        {
            return Problems.Field("body", FieldRules.Required.Code, "a JSON object {name, role, unit, expiresAt?} is required", StatusCodes.Status400BadRequest);
        }
        var errors = new List<FieldError>();
        if (Names.Problem(body.Name) is { } badName)
        {
            errors.Add(badName.At("name"));
        }
        if (!Roles.TryParse(body.Role, out var role))
        {
            errors.Add(new("role", RefusalCodes.InvalidRole, "must be admin, analyst, approver or reporter"));
        }
        var unit = body.Unit ?? "";
        if (role == Role.Admin)
        {
            // An admin key reads and writes everything: a unit on it would be a scope nobody enforces.
            if (unit.Length > 0)
            {
                errors.Add(new("unit", RefusalCodes.AdminNotScoped, "administrator keys are not scoped to a unit"));
            }
        }
        else
        {
            if (!UnitCode.IsValid(unit))
            {
                errors.Add(new("unit", FieldRules.UnitCode.Code, "must be the unit code of the key's scope"));
            }
            else if (await NewestUnit(grains, unit) is not { } info)
            {
                errors.Add(FieldRules.UnitNotFound(unit).At("unit"));
            }
            else if (role == Role.Reporter && !info.IsLeaf)
            {
                errors.Add(new("unit", RefusalCodes.NotALeaf, "a reporter key's unit must be a leaf"));
            }
        }
        if (body.ExpiresAt is { } expires && expires <= clock.GetUtcNow())
        {
            errors.Add(new("expiresAt", RefusalCodes.InThePast, "must be in the future"));
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var (id, secret) = (ApiKeyToken.NewId(), ApiKeyToken.NewSecret());
        var caller = http.User.Caller();
        var key = new NewApiKey(body.Name!.Trim(), role.Name(), unit, body.ExpiresAt, ApiKeyToken.Hash(secret), caller.Signature());
        if (!await grains.GetGrain<IApiKeyGrain>(id).Create(key, caller))
        {
            return TypedResults.Problem(Problems.WithCode(new ProblemDetails { Title = "Conflict", Detail = "key id collision; retry", Status = StatusCodes.Status409Conflict }, RefusalCodes.KeyIdCollision));
        }
        return TypedResults.Created($"/api/keys/{id}",
            new CreatedKey(id, ApiKeyToken.Format(id, secret), key.Name, key.Role, key.Unit, key.ExpiresAt));
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyView>>> List(IGrainFactory grains)
    {
        var ids = await grains.GetGrain<IKeyIndexGrain>(0).List();
        var views = await Task.WhenAll(ids.Select(id => grains.GetGrain<IApiKeyGrain>(id).Get()));
        return TypedResults.Ok<IReadOnlyList<ApiKeyView>>(views.OfType<ApiKeyView>().ToList());
    }

    private static async Task<Results<Ok<ApiKeyView>, ProblemHttpResult>> Revoke(string id, HttpContext http, IGrainFactory grains)
    {
        if (!ApiKeyToken.IsValidId(id))
        {
            return Problems.Field("id", RefusalCodes.InvalidKeyId, "is not a key id", StatusCodes.Status400BadRequest);
        }
        var key = grains.GetGrain<IApiKeyGrain>(id);
        return await key.Revoke(http.User.Caller()) is { } view ? TypedResults.Ok(view) : Problems.NotFound($"key '{id}' does not exist", RefusalCodes.KeyNotFound);
    }

    /// <summary>A key's unit as the newest tree that has the code holds it: a scope is a code, walked in each request's tree.</summary>
    private static async Task<UnitInfo?> NewestUnit(IGrainFactory grains, string code)
    {
        var units = await RequestUnits.Read(grains);
        foreach (var tree in units.Book.Trees.Reverse())
        {
            if (await grains.Unit(new Domain.Units.UnitKey(tree.Id, code)).GetInfo() is { } info)
            {
                return info;
            }
        }
        return null;
    }
}
