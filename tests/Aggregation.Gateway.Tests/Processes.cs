using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace Aggregation.Gateway.Tests;

/// <summary>The built gateway and silo run as real processes, as an operator runs them.</summary>
public static class Processes
{
    /// <summary>Runs the gateway (standalone: with its own silo) on free ports and waits until it serves the sample.</summary>
    /// <remarks>With <paramref name="output"/>, the process's console lines are collected there and readiness does not need the configured admin key.</remarks>
    public static async Task<(Process, HttpClient)> StartGateway(GatewayStore store, ConcurrentQueue<string>? output = null)
    {
        var port = GatewayFactory.FreePort();
        var process = Start("Aggregation.Gateway.dll", store.Arguments.Concat(
        [
            "--urls", $"http://127.0.0.1:{port}",
            "--Aggregation:Cluster:SiloPort", GatewayFactory.FreePort().ToString(),
            "--Aggregation:Cluster:GatewayPort", GatewayFactory.FreePort().ToString(),
        ]), output);
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", GatewayFactory.AdminKey);
        try
        {
            // With PostgreSQL a restart waits until the killed silo's liveness row is stale (about 30 s).
            await WaitUntil(async () =>
                (await client.GetAsync("/health/ready")).IsSuccessStatusCode
                && (await client.GetAsync("/api/units/VN")) is { } api && (api.IsSuccessStatusCode || (output is not null && (int)api.StatusCode == 401)),
                process, TimeSpan.FromSeconds(120));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process, client);
    }

    /// <summary>Runs a silo-only process on PostgreSQL and waits until it is active in the membership table.</summary>
    public static async Task<Process> StartSilo(GatewayStore store, int siloPort, int gatewayPort)
    {
        var process = Start("Aggregation.Silo.dll", store.Arguments.Concat(
        [
            "--Aggregation:Cluster:SiloPort", siloPort.ToString(),
            "--Aggregation:Cluster:GatewayPort", gatewayPort.ToString(),
        ]));
        var connectionString = store.Settings["Aggregation:Storage:ConnectionString"];
        try
        {
            await WaitUntil(async () =>
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(
                    "SELECT count(*) FROM information_schema.tables WHERE table_name = 'orleansmembershiptable'", connection);
                if ((long)(await command.ExecuteScalarAsync())! == 0)
                {
                    return false;
                }
                command.CommandText = "SELECT count(*) FROM orleansmembershiptable WHERE status = 3"; // 3: active
                return (long)(await command.ExecuteScalarAsync())! > 0;
            }, process, TimeSpan.FromSeconds(120));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return process;
    }

    public static async Task Stop(Process process)
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    private static Process Start(string assembly, IEnumerable<string> arguments, ConcurrentQueue<string>? output = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        // The sample as the in-process test gateways load it (GatewayFactory): without its tree of 2025.
        foreach (var argument in arguments.Concat(["--Aggregation:SampleTrees", "false"]))
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        var tail = new ConcurrentQueue<string>();
        Tails.AddOrUpdate(process, tail);
        void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }
            tail.Enqueue(line);
            while (tail.Count > TailLines && tail.TryDequeue(out _))
            {
            }
        }
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                output?.Enqueue(line.Data);
            }
            Keep(line.Data);
        };
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntil(Func<Task<bool>> ready, Process process, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await ready())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or NpgsqlException or TaskCanceledException)
            {
            }
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the process exited during start with code {process.ExitCode}; its last lines:{Tail(process)}");
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the process did not become ready within {timeout.TotalSeconds} s; its last lines:{Tail(process)}");
    }

    // The last lines each process wrote, for the message when it fails to start.
    private const int TailLines = 40;
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, ConcurrentQueue<string>> Tails = new();

    private static string Tail(Process process) =>
        Tails.TryGetValue(process, out var tail) ? string.Concat(tail.Select(line => Environment.NewLine + "  " + line)) : "";
}
