using Aggregation.Contracts;

namespace Aggregation.Grains.Tests;

/// <summary>What a grain answered, as one word: "ok", or the code of its first refusal.</summary>
internal static class Outcomes
{
    public static string Code(this SubmitResult r) => Of(r.Refusals);

    public static string Code(this ApprovalResult r) => Of(r.Refusals);

    public static string Code(this UnitChange r) => Of(r.Refusals);

    public static string Code(this PlanResult r) => Of(r.Refusals);

    public static string Code(this ScenarioOutcome r) => Of(r.Refusals);

    public static string Code(this PlanImport r) => Of(r.Refusals);

    /// <summary>The fields refused.</summary>
    public static IEnumerable<string?> Fields(this IReadOnlyList<Refusal> refusals) => refusals.Select(r => r.Field);

    private static string Of(IReadOnlyList<Refusal> refusals) => refusals.Count == 0 ? "ok" : refusals[0].Code;
}
