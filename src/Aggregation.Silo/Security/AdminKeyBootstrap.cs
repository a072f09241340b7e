using Aggregation.Contracts;
using Aggregation.Domain.Security;
using Microsoft.Extensions.Logging;

namespace Aggregation.Silo.Security;

/// <summary>
/// Without <c>Aggregation:Security:AdminKey</c>, the first start of a store creates the bootstrap
/// administrator key <c>agg_admin_…</c> and prints it once; only its hash is stored, so a later start
/// finds the key and prints nothing. Silos starting together race on one grain: one creates, the
/// others find it taken and stay silent.
/// </summary>
public sealed class AdminKeyBootstrap(IGrainFactory grains, AggregationOptions options, ILogger<AdminKeyBootstrap> logger) : IStartupTask
{
    public const string Id = "admin";

    public async Task Execute(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(options.Security.AdminKey))
        {
            return;
        }
        var secret = ApiKeyToken.NewSecret();
        // Restarted after a crash, the cluster may still hold the key grain on the dead silo until
        // the membership declares it dead; a failed start would help no one, so wait it out.
        var created = await Retry(() => grains.GetGrain<IApiKeyGrain>(Id).Create(
            new NewApiKey("bootstrap administrator", Role.Admin.Name(), "", null, ApiKeyToken.Hash(secret), "first start"), KeyPrincipal.System), cancellationToken);
        if (created)
        {
            var token = ApiKeyToken.Format(Id, secret);
            Console.WriteLine($"""

                ==================================================================
                Bootstrap administrator key (shown once, only its hash is kept):

                    {token}

                Use it as 'Authorization: Bearer {token}'.
                ==================================================================

                """);
            logger.LogWarning("Generated the bootstrap administrator key {Id}: printed once on the console above, only its hash is stored", Id);
        }
    }

    private async Task<T> Retry<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (e is TimeoutException or OrleansException && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Checking the bootstrap administrator key failed; retrying while the cluster settles");
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
    }
}
