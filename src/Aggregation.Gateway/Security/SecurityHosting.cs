using System.Globalization;
using System.Threading.RateLimiting;
using Aggregation.Silo;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;

namespace Aggregation.Gateway.Security;

/// <summary>Keys (authentication), roles and scopes (authorization), a rate limit per key, and CORS only when configured.</summary>
public static class SecurityHosting
{
    public static IServiceCollection AddAggregationSecurity(this IServiceCollection services, AggregationOptions options)
    {
        services.AddSingleton<KeyAuthenticator>();
        services.AddAuthentication(BearerKeyHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerKeyHandler>(BearerKeyHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, DashboardKeyHandler>(DashboardKeyHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Access.Policy, p => p.RequireAuthenticatedUser().AddRequirements(new AccessRequirement()))
            // The same role rule, with the key taken from HTTP Basic as well (what a browser can send).
            .AddPolicy(Access.DashboardPolicy, p => p.AddAuthenticationSchemes(DashboardKeyHandler.SchemeName)
                .RequireAuthenticatedUser().AddRequirements(new AccessRequirement()));
        services.AddSingleton<Scopes>();
        services.AddSingleton<IAuthorizationHandler, AccessHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessResultHandler>();

        var limit = options.Security.RateLimit;
        services.AddRateLimiter(o =>
        {
            // One bucket per key (requests without a valid key: per client address), so one busy key never slows another.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => RateLimitPartition.GetTokenBucketLimiter(
                http.User.Identity?.IsAuthenticated == true ? "key:" + http.User.Caller().Id : "ip:" + http.Connection.RemoteIpAddress,
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limit.Burst,
                    TokensPerPeriod = limit.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new()
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = 429, Title = "Too many requests", Detail = $"this key's rate limit is reached; retry after {retryAfter} s",
                        Extensions = { [ProblemCodes.CodeKey] = ProblemCodes.RateLimited },
                    },
                });
            };
        });

        if (options.Security.CorsOrigins.Length > 0)
        {
            services.AddCors(c => c.AddDefaultPolicy(p => p.WithOrigins(options.Security.CorsOrigins).AllowAnyHeader().AllowAnyMethod()));
        }
        return services;
    }

    /// <summary>After static files (the dashboard's files need no key), before the endpoints.</summary>
    public static WebApplication UseAggregationSecurity(this WebApplication app, AggregationOptions options)
    {
        if (options.Security.CorsOrigins.Length > 0)
        {
            app.UseCors();
        }
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }
}
