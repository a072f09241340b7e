using Microsoft.Extensions.Options;

namespace Aggregation.Silo;

/// <summary>The <c>Aggregation</c> configuration section; key names are part of the product contract.</summary>
public sealed class AggregationOptions
{
    public const string Section = "Aggregation";

    public StorageOptions Storage { get; set; } = new();

    /// <summary>Where the embedded store keeps its files.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Load the sample province on the first start of an empty store.</summary>
    public bool SeedSample { get; set; } = true;

    /// <summary>With the sample, also its tree of 1 July 2025 (Thành phố Hải Phòng), the links of its communes and their 2025 reports.</summary>
    public bool SampleTrees { get; set; } = true;

    public ClusterOptionsSection Cluster { get; set; } = new();

    public SecurityOptions Security { get; set; } = new();

    public DashboardSection Dashboard { get; set; } = new();

    public StandingsSection Standings { get; set; } = new();

    public sealed class StorageOptions
    {
        /// <summary><c>sqlite</c> (embedded, one silo) or <c>postgres</c>.</summary>
        public string Provider { get; set; } = "sqlite";

        public string? ConnectionString { get; set; }

        /// <summary>Report log appends that arrive together share one transaction; false writes each in its own.</summary>
        public bool GroupCommit { get; set; } = true;
    }

    public sealed class ClusterOptionsSection
    {
        /// <summary><c>standalone</c> hosts a silo in the gateway process; <c>client</c> connects to a cluster.</summary>
        public string Mode { get; set; } = "standalone";

        public string ClusterId { get; set; } = "aggregation";

        public int SiloPort { get; set; } = 11111;

        public int GatewayPort { get; set; } = 30000;

        /// <summary>
        /// With PostgreSQL: the host name or IP other silos and gateways reach this silo at.
        /// Unset means 127.0.0.1 (every process on one machine); set it in containers.
        /// </summary>
        public string? AdvertisedHost { get; set; }
    }

    public sealed class SecurityOptions
    {
        /// <summary>
        /// The bootstrap administrator key, usable as a bearer token as is. Unset: one is generated
        /// on the first start of a store, printed once, and only its hash kept.
        /// </summary>
        public string? AdminKey { get; set; }

        /// <summary>Largest request body of the JSON endpoints, in bytes (413 above).</summary>
        public long MaxBodyBytes { get; set; } = 1024 * 1024;

        /// <summary>Largest uploaded file of the import endpoint, in bytes (413 above).</summary>
        public long MaxImportBytes { get; set; } = 64L * 1024 * 1024;

        /// <summary>Largest body of <c>POST /api/dataValueSets</c>, in bytes (413 above): a national year is about 15 MB.</summary>
        public long MaxDataValueSetBytes { get; set; } = 64L * 1024 * 1024;

        public RateLimitOptions RateLimit { get; set; } = new();

        /// <summary>Origins allowed to call the API from a browser; empty (the default) sends no CORS headers at all.</summary>
        public string[] CorsOrigins { get; set; } = [];
    }

    public sealed class DashboardSection
    {
        /// <summary>Serve the Orleans Dashboard at <c>/orleans</c> (administrator keys only); false answers 404 there.</summary>
        public bool Enabled { get; set; } = true;
    }

    public sealed class StandingsSection
    {
        /// <summary>The rollups feed the indicator grains as reports arrive; false leaves the indicator grains with what they read when they activate.</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>How many bytes of written ranking answers a gateway keeps to answer again while they stand; 0 keeps none.</summary>
        public long KeptRankingBytes { get; set; } = 64L * 1024 * 1024;
    }

    /// <summary>
    /// A token bucket per key: <see cref="PermitsPerSecond"/> refill, up to <see cref="Burst"/> at once.
    /// The defaults leave a national burst of 64 concurrent requests from one key far from the limit.
    /// </summary>
    public sealed class RateLimitOptions
    {
        public int PermitsPerSecond { get; set; } = 5000;

        public int Burst { get; set; } = 10000;
    }

    /// <summary>Problems with the configuration, for <c>ValidateOnStart</c>.</summary>
    public IEnumerable<string> Problems()
    {
        if (Storage.Provider is not ("sqlite" or "postgres"))
        {
            yield return "Aggregation:Storage:Provider must be 'sqlite' or 'postgres'";
        }
        if (Storage.Provider == "postgres" && string.IsNullOrWhiteSpace(Storage.ConnectionString))
        {
            yield return "Aggregation:Storage:ConnectionString is required for the postgres provider";
        }
        if (Cluster.Mode is not ("standalone" or "client"))
        {
            yield return "Aggregation:Cluster:Mode must be 'standalone' or 'client'";
        }
        if (Cluster.SiloPort is < 1 or > 65535 || Cluster.GatewayPort is < 1 or > 65535)
        {
            yield return "Aggregation:Cluster:SiloPort and GatewayPort must be TCP ports";
        }
        if (Security.MaxBodyBytes < 1024 || Security.MaxImportBytes < 1024 || Security.MaxDataValueSetBytes < 1024)
        {
            yield return "Aggregation:Security:MaxBodyBytes, MaxImportBytes and MaxDataValueSetBytes must be at least 1024";
        }
        if (Standings.KeptRankingBytes < 0)
        {
            yield return "Aggregation:Standings:KeptRankingBytes must be 0 or more";
        }
        if (Security.RateLimit.PermitsPerSecond < 1 || Security.RateLimit.Burst < 1)
        {
            yield return "Aggregation:Security:RateLimit:PermitsPerSecond and Burst must be at least 1";
        }
        if (Security.AdminKey is { Length: > 0 and < 16 })
        {
            yield return "Aggregation:Security:AdminKey must be at least 16 characters";
        }
    }
}

/// <summary>Refuses to start with an invalid <c>Aggregation</c> section, naming every problem.</summary>
public sealed class AggregationOptionsValidator : IValidateOptions<AggregationOptions>
{
    public ValidateOptionsResult Validate(string? name, AggregationOptions options) =>
        options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
