using Aggregation.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregation.Grains;

/// <summary>
/// When another silo is declared dead, updates it held in flight are gone: a commune may have
/// stored a report without telling its district, an aggregate may have died before pushing.
/// Every rollup grain active here then re-pulls its children; children that lived on the dead
/// silo reactivate from storage, so every ancestor converges to the stored reports. The indicator grains active
/// here then read the rollups again.
/// </summary>
public sealed class ConvergenceService(
    IClusterMembershipService membership, IGrainFactory grains, ActiveRollups active, ActiveIndicators indicators, ILogger<ConvergenceService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var dead = new HashSet<SiloAddress>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var newlyDead = snapshot.Members.Values
                    .Where(m => m.Status == SiloStatus.Dead && dead.Add(m.SiloAddress))
                    .Select(m => m.SiloAddress).ToList();
                if (newlyDead.Count > 0)
                {
                    await Resync(newlyDead);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task Resync(IReadOnlyList<SiloAddress> deadSilos)
    {
        var keys = active.Keys;
        logger.LogWarning("Silo(s) {Dead} declared dead; re-pulling {Count} active rollups", string.Join(", ", deadSilos), keys.Count);
        var results = await Task.WhenAll(keys.Select(async key =>
        {
            try
            {
                await grains.Rollup(key.Unit, key.Year).Resync();
                return true;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Re-pulling {Rollup} failed; it converges on its next activation or update", GrainKeys.Rollup(key.Unit, key.Year));
                return false;
            }
        }));
        logger.LogInformation("Re-pulled {Done} of {Count} rollups", results.Count(r => r), keys.Count);
        // The indicator grains read the rollups afresh once the rollups have re-pulled their children.
        var held = indicators.Keys;
        var read = await Task.WhenAll(held.Select(async key =>
        {
            try
            {
                await grains.GetGrain<IIndicatorGrain>(key).Resync();
                return true;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Re-reading indicator {Indicator} failed; it converges on its next activation", key);
                return false;
            }
        }));
        logger.LogInformation("Re-read {Done} of {Count} indicator grains", read.Count(r => r), held.Count);
    }
}
