using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregation.Grains.Tests;

/// <summary>
/// The silo's report log, counting the rows each unit's reads brought back: what a test asks of the store
/// behind a commune (test clusters run in this process, so the counts are visible to the test).
/// </summary>
public sealed class CountedReportLog(IReportLog log) : IReportLog, IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, (int Latest, int Versions)> Counts = new();

    /// <summary>Rows of <paramref name="unit"/> read so far: by <see cref="ReadLatest"/>, and by <see cref="Read"/> (older versions).</summary>
    public static (int Latest, int Versions) RowsRead(string unit) => Counts.GetValueOrDefault(unit);

    /// <summary>Replaces the silo's report log with one that counts, around the same store.</summary>
    public static void Around(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IReportLog));
        var factory = original.ImplementationFactory ?? throw new InvalidOperationException("the report log is registered without a factory");
        services.Remove(original);
        services.AddSingleton<IReportLog>(provider => new CountedReportLog((IReportLog)factory(provider)));
    }

    /// <summary>The silo's own report log.</summary>
    public IReportLog Inner => log;

    public async Task<IReadOnlyList<LoggedReport>> ReadLatest(string unit)
    {
        var rows = await log.ReadLatest(unit);
        Counts.AddOrUpdate(unit, (rows.Count, 0), (_, c) => (c.Latest + rows.Count, c.Versions));
        return rows;
    }

    public async Task<IReadOnlyList<LoggedReport>> Read(string unit, string? period)
    {
        var rows = await log.Read(unit, period);
        Counts.AddOrUpdate(unit, (0, rows.Count), (_, c) => (c.Latest, c.Versions + rows.Count));
        return rows;
    }

    public Task Append(string unit, LoggedReport entry) => log.Append(unit, entry);

    public Task Remove(string unit, string period, int version) => log.Remove(unit, period, version);

    /// <summary>Disposes the silo's report log with the silo, as the container would have without this wrapper.</summary>
    public ValueTask DisposeAsync() => log is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;
}
