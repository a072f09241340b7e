using System.Diagnostics;
using System.Text.Json;

namespace Aggregation.Gateway.Tests;

/// <summary>
/// The OpenAPI document passes Redocly CLI's recommended rules without an error or a warning (tests/run.sh installs
/// the tool from tests/tools/package.json and names it in AGGREGATION_TEST_REDOCLY; tests/tools/redocly.yaml is its configuration).
/// </summary>
public sealed class OpenApiLintTests(SqliteSampleGateway gateway) : IClassFixture<SqliteSampleGateway>
{
    private const string Variable = "AGGREGATION_TEST_REDOCLY";

    [Fact]
    public async Task TheDocumentPassesRedoclysRecommendedRulesWithoutErrorsOrWarnings()
    {
        var redocly = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path
            ? path
            : throw new InvalidOperationException($"{Variable} is not set: run the tests with tests/run.sh, which installs Redocly CLI");
        var directory = Directory.CreateTempSubdirectory("agg-openapi-");
        try
        {
            var document = Path.Combine(directory.FullName, "openapi.json");
            await File.WriteAllTextAsync(document, await gateway.Client.GetStringAsync("/openapi/v1.json"));
            var config = Path.Combine(Repository.Root, "tests", "tools", "redocly.yaml");
            var (exit, output, log) = await Run(redocly, "lint", document, "--config", config, "--format", "json");
            Assert.True(output.Contains('{'), $"redocly lint exited {exit} without a report: {log}");
            using var report = JsonDocument.Parse(output[output.IndexOf('{')..]);
            // A warning fails too: every rule the configuration keeps is one the document is held to.
            var problems = report.RootElement.GetProperty("problems").EnumerateArray()
                .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()} at {Location(p)}: {p.GetProperty("message").GetString()}")
                .ToList();
            Assert.True(problems.Count == 0 && exit == 0, $"redocly lint exited {exit}:\n{string.Join("\n", problems)}");
            Assert.Contains("Aggregation", File.ReadAllText(document));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Location(JsonElement problem) =>
        problem.TryGetProperty("location", out var locations) && locations.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } first
            && first.TryGetProperty("pointer", out var pointer) ? pointer.GetString() ?? "?" : "?";

    private static async Task<(int Exit, string Output, string Log)> Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
