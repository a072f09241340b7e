using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Aggregation.Bench;

/// <summary>
/// Loading the national trees by file (<c>POST /api/trees/{id}/units</c>) against the same 2023 list sent as
/// single <c>PUT /api/units/{code}?tree=</c> calls, 64 in flight, parents before children, into a third tree;
/// all in one run of the product on a fresh store.
/// </summary>
public static class TreesBenchmark
{
    private const int InFlight = 64;

    /// <summary>The section of docs/benchmarks.md its figures are written into by hand, which the national benchmark keeps.</summary>
    public const string Heading = "## Loading trees and restated views";

    private static readonly string AdminKey = Convert.ToHexString(Guid.NewGuid().ToByteArray());

    private static readonly (string Id, string Day, string File)[] Trees =
        [("2023-04", "2023-04-15", "units-2023-04.csv"), ("2025-03", "2025-03-01", "units-2025-03.csv"), ("2025-07", "2025-07-01", "units-2025-07.csv")];

    private static readonly (string To, string Query, string? File)[] Mappings =
        [("2025-03", "from=2023-04&by=code", null), ("2025-07", "from=2025-03", "mapping-2025-03-to-2025-07.csv")];

    public static async Task<int> Run(IReadOnlyList<string> args, string command)
    {
        var store = "sqlite";
        string? output = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--store": store = args[++i]; break;
                case "--out": output = args[++i]; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        var root = NationalBenchmark.RepositoryRoot();
        var gateway = Path.Combine(root, "src", "Aggregation.Gateway", "bin", "Release", "net10.0", "Aggregation.Gateway.dll");
        var work = Directory.CreateTempSubdirectory("aggregation-trees.").FullName;
        Console.WriteLine($"work directory (process logs): {work}");
        await using var postgres = store == "postgres" ? await LocalPostgres.Start(root) : null;
        var settings = await LocalPostgres.FreshStore(postgres, work, "trees");
        var product = await ProductProcesses.Start(gateway, 1, settings, work, AdminKey, InFlight);
        var client = product.Clients[0];

        var rows = new List<string>();
        foreach (var (id, day, file) in Trees)
        {
            await Http.Put(client, $"/api/trees/{id}", new { validFrom = day, name = id });
            var csv = await File.ReadAllTextAsync(Path.Combine(root, "data", "vn-units", file));
            var clock = Stopwatch.StartNew();
            var summary = await Load(client, $"/api/trees/{id}/units", csv);
            var seconds = clock.Elapsed.TotalSeconds;
            var (created, conflicts) = (summary.GetProperty("created").GetInt32(), summary.GetProperty("conflicts").GetArrayLength());
            if (conflicts > 0)
            {
                throw new InvalidOperationException($"loading {file} answered {conflicts} conflicts: {summary}");
            }
            var tree = (await Http.Get(client, "/api/trees")).EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);
            Console.WriteLine($"{file}: {created} units created in {seconds:0.00} s; tree {id} has {tree.GetProperty("units")} units, {tree.GetProperty("leaves")} leaves");
            rows.Add($"| `POST /api/trees/{id}/units` ({file}) | {created:N0} | {seconds:0.0} s | {created / seconds:N0} |");
        }
        foreach (var (to, query, file) in Mappings)
        {
            var clock = Stopwatch.StartNew();
            var summary = await Load(client, $"/api/trees/{to}/mapping?{query}", file is null ? "" : await File.ReadAllTextAsync(Path.Combine(root, "data", "vn-units", file)));
            var seconds = clock.Elapsed.TotalSeconds;
            var links = summary.GetProperty("links").GetInt32();
            Console.WriteLine($"mapping onto {to} ({query}): {links} links, {summary.GetProperty("unmappedLeaves")} unmapped, {summary.GetProperty("unknownCodes").GetArrayLength()} unknown codes, {seconds:0.00} s");
            rows.Add($"| `POST /api/trees/{to}/mapping?{query}`{(file is null ? "" : $" ({file})")} | {links:N0} links | {seconds:0.0} s | {links / seconds:N0} |");
        }

        // The baseline: the same 2023 list by single PUTs into a third tree, each depth once its parents exist.
        await Http.Put(client, "/api/trees/single-puts", new { validFrom = "2000-01-01", name = "single PUTs" });
        var units = ReadUnits(await File.ReadAllTextAsync(Path.Combine(root, "data", "vn-units", "units-2023-04.csv")));
        var baseline = Stopwatch.StartNew();
        foreach (var level in ByDepth(units))
        {
            await Http.ForEach(level, InFlight, async u =>
                await Http.Put(client, $"/api/units/{u.Code}?tree=single-puts", new { name = u.Name, level = u.Level, parent = u.Parent }, parse: false));
        }
        var single = baseline.Elapsed.TotalSeconds;
        Console.WriteLine($"units-2023-04.csv by {units.Count} single PUTs ({InFlight} in flight): {single:0.00} s");
        rows.Add($"| {units.Count:N0} single `PUT /api/units/{{code}}?tree=` ({InFlight} in flight, a depth at a time) | {units.Count:N0} | {single:0.0} s | {units.Count / single:N0} |");

        var report = new StringBuilder()
            .AppendLine("## Loading trees")
            .AppendLine()
            .AppendLine($"`{command}` — store {store}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}.")
            .AppendLine()
            .AppendLine("| load | units | time | units/s |")
            .AppendLine("|---|---:|---:|---:|");
        rows.ForEach(r => report.AppendLine(r));
        report.AppendLine();
        report.Append(await RestatedViews.Run(product, () => ProductProcesses.Start(gateway, 1, settings, work, AdminKey, InFlight),
            ReadUnits(await File.ReadAllTextAsync(Path.Combine(root, "data", "vn-units", "units-2023-04.csv"))).Select(u => (u.Code, u.Parent)).ToList(),
            await File.ReadAllTextAsync(Path.Combine(root, "data", "vn-units", "mapping-2025-03-to-2025-07.csv"))));
        Console.WriteLine();
        Console.WriteLine(report);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, report.ToString());
        }
        return 0;
    }

    /// <summary>POSTs a file (a unit list or a mapping; an empty body for a mapping by code) and answers its summary.</summary>
    private static async Task<JsonElement> Load(HttpClient client, string path, string csv)
    {
        using var content = new StringContent(csv, Encoding.UTF8);
        content.Headers.ContentType = csv.Length == 0 ? null : new MediaTypeHeaderValue("text/csv");
        using var response = await client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} → {(int)response.StatusCode}: {text[..Math.Min(text.Length, 400)]}");
        }
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private sealed record Unit(string Code, string Name, string Level, string? Parent);

    /// <summary>The shipped lists have no quoted cells: a line is its cells split at commas.</summary>
    private static List<Unit> ReadUnits(string csv) =>
        [.. csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1)
            .Select(line => line.Split(','))
            .Select(c => new Unit(c[0], c[1], c[2], c[3].Length == 0 ? null : c[3]))];

    private static List<List<Unit>> ByDepth(List<Unit> units)
    {
        var byCode = units.ToDictionary(u => u.Code, StringComparer.Ordinal);
        int Depth(Unit u) => u.Parent is null ? 0 : 1 + Depth(byCode[u.Parent]);
        return [.. units.GroupBy(Depth).OrderBy(g => g.Key).Select(g => g.ToList())];
    }
}
