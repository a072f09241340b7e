using Aggregation.Contracts;
using Aggregation.Silo;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aggregation.Gateway;

/// <summary>Ready when a grain answers (the silo is up) and, where the store is local, the store opens.</summary>
public sealed class ReadinessCheck(IGrainFactory grains, IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IInstallationGrain>(0).IsInitialized().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("the cluster does not answer", e);
        }
        return services.GetService<StoreProbe>() is { } probe && !probe.IsReachable()
            ? HealthCheckResult.Unhealthy("the store is not reachable")
            : HealthCheckResult.Healthy();
    }
}
