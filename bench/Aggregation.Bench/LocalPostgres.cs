using System.Diagnostics;
using Npgsql;

namespace Aggregation.Bench;

/// <summary>
/// The PostgreSQL the runs use: the one named by AGGREGATION_BENCH_POSTGRES, or a throwaway
/// server started with deploy/postgres-local.sh (as the tests do) and stopped at the end.
/// Every run gets a database of its own, so no run sees another's rows.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string _root;
    private readonly string? _directory;

    private LocalPostgres(string root, string connectionString, string? directory)
    {
        _root = root;
        ConnectionString = connectionString;
        _directory = directory;
    }

    public string ConnectionString { get; }

    public static async Task<LocalPostgres> Start(string root)
    {
        if (Environment.GetEnvironmentVariable("AGGREGATION_BENCH_POSTGRES") is { Length: > 0 } given)
        {
            return new LocalPostgres(root, given, null);
        }
        var directory = Directory.CreateTempSubdirectory("aggregation-bench-pg.").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // As root the server runs as another user, who must be able to enter the directory.
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        }
        var output = await Script(root, "start", directory, ProductProcesses.FreePort().ToString());
        return new LocalPostgres(root, output.Trim().Split('\n')[^1], directory);
    }

    /// <summary>Creates an empty database and answers its connection string.</summary>
    public async Task<string> CreateDatabase(string name, int maxPoolSize = 50)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, MaxPoolSize = maxPoolSize }.ConnectionString;
    }

    public async Task<string> ServerVersion()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection.PostgreSqlVersion.ToString();
    }

    /// <summary>
    /// CPU time the server has used so far (postmaster, its live backends, and the backends that have
    /// exited, which the postmaster's own accounting keeps); null for a server this process did not start.
    /// </summary>
    public TimeSpan? ServerCpu()
    {
        if (_directory is null || !OperatingSystem.IsLinux()
            || !int.TryParse(File.ReadLines(Path.Combine(_directory, "pgdata", "postmaster.pid")).First(), out var postmaster))
        {
            return null;
        }
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || ProcStat(pid) is not { } stat)
            {
                continue;
            }
            // Fields after the command's closing parenthesis: [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.
            if (pid == postmaster)
            {
                ticks += stat[11] + stat[12] + stat[13] + stat[14];
            }
            else if (stat[1] == postmaster)
            {
                ticks += stat[11] + stat[12];
            }
        }
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ
    }

    private static long[]? ProcStat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ').Select(f => long.TryParse(f, out var v) ? v : 0).ToArray();
        }
        catch (IOException)
        {
            return null; // the process exited meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_directory is not null)
        {
            await Script(_root, "stop", _directory);
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task<string> Script(string root, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(root, "deploy", "postgres-local.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"postgres-local.sh {arguments[0]} failed: {await error}");
        }
        return await output;
    }

    /// <summary>
    /// The settings of a product run on a fresh store without the sample: a database of <paramref name="postgres"/>
    /// when given, else a SQLite directory under <paramref name="work"/>.
    /// </summary>
    public static async Task<Dictionary<string, string>> FreshStore(LocalPostgres? postgres, string work, string clusterId)
    {
        var settings = new Dictionary<string, string>
        {
            ["Aggregation:SeedSample"] = "false",
            ["Aggregation:Cluster:ClusterId"] = clusterId,
        };
        if (postgres is null)
        {
            settings["Aggregation:Storage:Provider"] = "sqlite";
            settings["Aggregation:DataDirectory"] = Directory.CreateDirectory(Path.Combine(work, "data")).FullName;
        }
        else
        {
            settings["Aggregation:Storage:Provider"] = "postgres";
            settings["Aggregation:Storage:ConnectionString"] = await postgres.CreateDatabase(clusterId);
        }
        return settings;
    }
}
