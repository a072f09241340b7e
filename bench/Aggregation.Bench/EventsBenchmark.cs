using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Aggregation.Bench;

/// <summary>
/// Server-sent events (<c>GET /api/units/{code}/events/{period}</c>) in one process: (a) time from a PUT to the event
/// on the commune's district's stream, at idle; (b) national burst reports/s with many open streams against none,
/// same run, alternating.
/// </summary>
/// <remarks>
/// (a) PUTs one commune at a time, each of a different district as far as the tree has them, and times from sending
/// the PUT to the event showing the district's new total; events come at most once a second per stream, so a PUT
/// within a second of the district's previous event waits for the end of that second, as a dashboard's would.
/// (b) Bursts of every commune's report, each burst a new version of all, once without streams and once with streams
/// open on communes, districts and provinces (read to the end, as a browser reads them), the two alternating.
/// </remarks>
public static class EventsBenchmark
{
    /// <summary>The heading of this benchmark's section in <c>docs/benchmarks.md</c>, which the national benchmark keeps.</summary>
    public const string Heading = "## Server-sent events: from a PUT to its event, and ingest with open streams";

    private const string Year = "2025";
    private const string Element = "budget_revenue";

    public static async Task<int> Run(IReadOnlyList<string> args)
    {
        var communes = 10_599;
        var streams = 500;
        var probes = 200;
        var rounds = 2;
        var concurrency = 64;
        var store = "sqlite";
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--communes": communes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--streams": streams = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--probes": probes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--concurrency": concurrency = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--store": store = args[++i]; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        var root = NationalBenchmark.RepositoryRoot();
        var gateway = Path.Combine(root, "src", "Aggregation.Gateway", "bin", "Release", "net10.0", "Aggregation.Gateway.dll");
        var work = Directory.CreateTempSubdirectory("aggregation-events.").FullName;
        Console.WriteLine($"work directory (process logs): {work}");
        await using var postgres = store == "postgres" ? await LocalPostgres.Start(root) : null;
        var settings = await LocalPostgres.FreshStore(postgres, work, "events");
        var adminKey = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        await using var product = await ProductProcesses.Start(gateway, 1, settings, work, adminKey, concurrency);
        var client = product.Clients[0];
        var data = new NationalData(communes);
        await new ProductRun(data, product, () => null, concurrency, Console.WriteLine).CreateUnits();
        await Burst(client, data.Communes, concurrency, 0);
        await product.Settle(TimeSpan.FromSeconds(30));
        Console.WriteLine($"{data.Shape}: {communes} communes reported once");

        using var streamClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = client.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        streamClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);

        var latency = await PutToEvent(client, streamClient, data, probes);
        await product.Settle(TimeSpan.FromSeconds(30));

        var units = Watched(data, streams);
        var without = new List<double>();
        var with = new List<double>();
        var events = 0L;
        for (var round = 0; round < rounds * 2; round++)
        {
            // Alternating, starting without, so neither side always follows the other's aftermath.
            var open = round % 2 == 1;
            await using var listening = open ? await Listening.Open(streamClient, units) : null;
            var seconds = await Burst(client, data.Communes, concurrency, round + 1);
            (open ? with : without).Add(communes / seconds);
            await product.Settle(TimeSpan.FromSeconds(30));
            events += listening?.Events ?? 0;
            Console.WriteLine($"  burst {round + 1}: {communes / seconds:0} reports/s {(open ? $"with {units.Count} streams" : "without streams")}");
        }

        var a = latency.Summary();
        Console.WriteLine();
        Console.WriteLine($"store {store}, 1 process, {data.Shape}");
        Console.WriteLine($"| measure | value |");
        Console.WriteLine($"|---|---:|");
        Console.WriteLine($"| PUT → event on the district's stream, idle, {a.Count} PUTs: p50 / p99 | {a.P50Ms:0} ms / {a.P99Ms:0} ms |");
        Console.WriteLine($"| national burst without streams (mean of {without.Count}) | {without.Average():0} reports/s |");
        Console.WriteLine($"| national burst with {units.Count} open streams (mean of {with.Count}; {events} events received) | {with.Average():0} reports/s |");
        Console.WriteLine($"| with ÷ without | {with.Average() / without.Average():0.000} |");
        return 0;
    }

    /// <summary>Every commune's report again with <see cref="Element"/> moved by <paramref name="round"/>; answers the seconds taken.</summary>
    private static async Task<double> Burst(HttpClient client, IEnumerable<CommuneData> communes, int concurrency, int round)
    {
        var order = communes.ToArray();
        new Random(7 + round).Shuffle(order);
        var watch = Stopwatch.StartNew();
        await Http.ForEach(order, concurrency, c => Http.Put(client, $"/api/units/{c.Code}/reports/{Year}",
            new { values = Values(c, round) }, parse: false));
        return watch.Elapsed.TotalSeconds;
    }

    private static Dictionary<string, decimal> Values(CommuneData commune, int k) => new(commune.Current) { [Element] = commune.Current[Element] + k };

    /// <summary>Streams on <paramref name="count"/> units: every province, then districts, then communes, spread over the tree.</summary>
    private static List<string> Watched(NationalData data, int count)
    {
        var provinces = data.Provinces.ToList();
        var districts = data.Districts.Select(d => d.Code).ToList();
        var communes = data.Communes.Select(c => c.Code).ToList();
        var units = provinces.Take(count).ToList();
        var districtShare = Math.Min(districts.Count, (count - units.Count) / 2);
        units.AddRange(Spread(districts, districtShare));
        units.AddRange(Spread(communes, Math.Min(communes.Count, count - units.Count)));
        return units;
    }

    private static IEnumerable<T> Spread<T>(IReadOnlyList<T> items, int count) =>
        Enumerable.Range(0, count).Select(i => items[(int)((long)i * items.Count / Math.Max(count, 1))]);

    /// <summary>(a): one PUT at a time, each timed until its district's stream shows the new total.</summary>
    private static async Task<Latencies> PutToEvent(HttpClient client, HttpClient streamClient, NationalData data, int probes)
    {
        var byDistrict = data.Communes.GroupBy(c => c.District ?? c.Province).ToList();
        // One commune of each district in turn, then a second of each, and so on.
        var order = Enumerable.Range(0, byDistrict.Max(d => d.Count()))
            .SelectMany(i => byDistrict.Where(d => d.Count() > i).Select(d => d.ElementAt(i))).Take(probes).ToList();
        var parents = order.Select(c => c.District ?? c.Province).Distinct().ToList();
        var open = new Dictionary<string, Stream>();
        var latest = new Dictionary<string, IAsyncEnumerator<SseItem<string>>>();
        foreach (var parent in parents)
        {
            var response = await streamClient.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/units/{parent}/events/{Year}"), HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadAsStreamAsync();
            open[parent] = body;
            latest[parent] = SseParser.Create(body).EnumerateAsync().GetAsyncEnumerator();
            await latest[parent].MoveNextAsync();
        }
        var totals = parents.ToDictionary(p => p, p => Total(latest[p].Current.Data));
        var latencies = new Latencies();
        var k = 1_000;
        foreach (var commune in order)
        {
            var parent = commune.District ?? commune.Province;
            // Each commune holds its first burst's value (moved by 0) until this PUT moves it, and its district, by k.
            var values = Values(commune, ++k);
            var expected = totals[parent] + k;
            var start = Stopwatch.GetTimestamp();
            await Http.Put(client, $"/api/units/{commune.Code}/reports/{Year}", new { values }, parse: false);
            while (Total(latest[parent].Current.Data) != expected)
            {
                if (!await latest[parent].MoveNextAsync())
                {
                    throw new InvalidOperationException($"the stream of {parent} ended");
                }
            }
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            totals[parent] = expected;
        }
        foreach (var (parent, body) in open)
        {
            await latest[parent].DisposeAsync();
            await body.DisposeAsync();
        }
        return latencies;
    }

    private static decimal Total(string indicators) =>
        JsonDocument.Parse(indicators).RootElement.GetProperty("elements").GetProperty(Element).GetDecimal();

    /// <summary>Streams open on some units, each read to the end in the background, counting the events.</summary>
    private sealed class Listening : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _readers = [];
        private long _events;

        public long Events => Interlocked.Read(ref _events);

        public static async Task<Listening> Open(HttpClient client, IReadOnlyList<string> units)
        {
            var listening = new Listening();
            var opened = new List<Task>();
            foreach (var unit in units)
            {
                var first = new TaskCompletionSource();
                opened.Add(first.Task);
                listening._readers.Add(listening.Read(client, unit, first));
            }
            await Task.WhenAll(opened);
            return listening;
        }

        private async Task Read(HttpClient client, string unit, TaskCompletionSource first)
        {
            try
            {
                using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/units/{unit}/events/{Year}"),
                    HttpCompletionOption.ResponseHeadersRead, _stop.Token);
                response.EnsureSuccessStatusCode();
                await foreach (var _ in SseParser.Create(await response.Content.ReadAsStreamAsync(_stop.Token)).EnumerateAsync(_stop.Token))
                {
                    Interlocked.Increment(ref _events);
                    first.TrySetResult();
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                first.TrySetException(e);
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_readers);
            _stop.Dispose();
        }
    }
}
