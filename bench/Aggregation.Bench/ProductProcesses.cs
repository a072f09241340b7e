using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Aggregation.Bench;

/// <summary>
/// The product as an operator runs it: built gateway processes (each hosting a silo), on the
/// embedded store or on PostgreSQL, where several of them form one cluster through the database.
/// </summary>
public sealed class ProductProcesses : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly List<StreamWriter> _logs = [];
    private readonly List<HttpClient> _clients = [];
    private int _next;

    private ProductProcesses()
    {
    }

    public IReadOnlyList<HttpClient> Clients => _clients;

    /// <summary>The next gateway in turn, so load spreads over every process of a cluster.</summary>
    public HttpClient Next() => _clients[(int)((uint)Interlocked.Increment(ref _next) % _clients.Count)];

    /// <summary>Peak resident set (VmHWM) of each process since it started, in bytes.</summary>
    public IReadOnlyList<long> PeakWorkingSets() => _processes.Select(p => ReadStatusKb(p.Id, "VmHWM") * 1024).ToList();

    /// <summary>
    /// Waits until the processes together use under a tenth of a core over half a second, or until
    /// <paramref name="limit"/>: figures "at idle" are taken then, not while the aftermath of a burst
    /// (garbage collections, recompiled code, pushes still in flight) runs. Answers how long it took.
    /// </summary>
    public async Task<TimeSpan> Settle(TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        var before = CpuTime();
        while (watch.Elapsed < limit)
        {
            await Task.Delay(500);
            var now = CpuTime();
            if (now - before < TimeSpan.FromMilliseconds(50))
            {
                break;
            }
            before = now;
        }
        return watch.Elapsed;
    }

    /// <summary>CPU time the processes have used so far.</summary>
    public TimeSpan CpuTime() => _processes.Aggregate(TimeSpan.Zero, (sum, p) => { p.Refresh(); return sum + p.TotalProcessorTime; });

    /// <param name="gatewayDll">the built Aggregation.Gateway.dll</param>
    /// <param name="settings">Aggregation:* settings shared by every process (store, cluster id, admin key)</param>
    public static async Task<ProductProcesses> Start(
        string gatewayDll, int count, IReadOnlyDictionary<string, string> settings, string workDirectory, string adminKey, int concurrency)
    {
        var product = new ProductProcesses();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var port = FreePort();
                var arguments = new List<string>
                {
                    gatewayDll, "--urls", $"http://127.0.0.1:{port}",
                    "--Aggregation:Cluster:SiloPort", FreePort().ToString(),
                    "--Aggregation:Cluster:GatewayPort", FreePort().ToString(),
                    "--Aggregation:Security:AdminKey", adminKey,
                };
                foreach (var (key, value) in settings)
                {
                    arguments.Add($"--{key}");
                    arguments.Add(value);
                }
                product.Launch(arguments, Path.Combine(workDirectory, $"gateway-{i}.log"));
                var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency + 8, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
                var client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(120) };
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
                product._clients.Add(client);
            }
            for (var i = 0; i < count; i++)
            {
                await WaitReady(product._clients[i], product._processes[i], TimeSpan.FromSeconds(180));
            }
            return product;
        }
        catch
        {
            await product.DisposeAsync();
            throw;
        }
    }

    private void Launch(IEnumerable<string> arguments, string logPath)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        _logs.Add(log);
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private static async Task WaitReady(HttpClient client, Process process, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the gateway exited during start with code {process.ExitCode}");
            }
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"the gateway was not ready within {timeout.TotalSeconds} s");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync();
        }
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        foreach (var log in _logs)
        {
            lock (log)
            {
                log.Dispose();
            }
        }
    }

    private static long ReadStatusKb(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
