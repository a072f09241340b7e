using Aggregation.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aggregation.Grains.Tests;

/// <summary>The <c>Aggregation</c> section as services see it: bound from configuration, refused whole when invalid.</summary>
public sealed class OptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddAggregationOptions();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void ServicesSeeTheConfiguredSection()
    {
        using var services = Services(new() { ["Aggregation:Dashboard:Enabled"] = "false", ["Aggregation:Cluster:SiloPort"] = "12000" });
        var options = services.GetRequiredService<AggregationOptions>();
        Assert.False(options.Dashboard.Enabled);
        Assert.Equal(12000, options.Cluster.SiloPort);
        Assert.Equal("sqlite", options.Storage.Provider);
    }

    [Fact]
    public void AnInvalidSectionIsRefusedNamingEveryProblem()
    {
        using var services = Services(new() { ["Aggregation:Storage:Provider"] = "mysql", ["Aggregation:Security:AdminKey"] = "short" });
        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AggregationOptions>>().Value);
        Assert.Contains(refused.Failures, f => f.Contains("Aggregation:Storage:Provider"));
        Assert.Contains(refused.Failures, f => f.Contains("Aggregation:Security:AdminKey"));
    }
}
