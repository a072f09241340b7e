using Aggregation.Contracts;
using Aggregation.Domain.Rules;

namespace Aggregation.Gateway.Apis;

/// <summary>
/// Answers with their computed values rounded (<see cref="AnswerRounding"/>), unless the caller asked
/// <c>?exact=true</c>. Only what is shown changes: grains keep and compare full precision.
/// </summary>
public static class Rounded
{
    public static UnitIndicatorsView Answer(UnitIndicatorsView view, bool? exact) =>
        exact == true ? view : view with { Indicators = view.Indicators.ToDictionary(i => i.Key, i => Round(i.Value)) };

    public static ComparisonView Answer(ComparisonView view, bool? exact) =>
        exact == true ? view : view with
        {
            Aggregate = Round(view.Aggregate),
            Children = view.Children.Select(c => c with { Value = AnswerRounding.Round(c.Value), ProgressOfYear = AnswerRounding.Round(c.ProgressOfYear) }).ToList(),
        };

    public static ScenarioResultView Answer(ScenarioResultView view, bool? exact) =>
        exact == true ? view : view with
        {
            Indicators = Round(view.Indicators),
            Children = view.Children.Select(c => c with { Indicators = Round(c.Indicators) }).ToList(),
        };

    public static GoalSeekView Answer(GoalSeekView view, bool? exact) =>
        exact == true ? view : view with { Value = AnswerRounding.Round(view.Value), Baseline = AnswerRounding.Round(view.Baseline) };

    public static IReadOnlyList<SeriesPoint> Answer(IReadOnlyList<SeriesPoint> series, bool? exact) =>
        exact == true ? series : series.Select(p => p with { Value = AnswerRounding.Round(p.Value), ProgressOfYear = AnswerRounding.Round(p.ProgressOfYear) }).ToList();

    public static RankingView Answer(RankingView view, bool? exact) =>
        exact == true ? view : view with { Rows = view.Rows.Select(r => r with { Value = AnswerRounding.Round(r.Value)!.Value }).ToList() };

    public static DistributionView Answer(DistributionView view, bool? exact) =>
        exact == true ? view : view with
        {
            Min = AnswerRounding.Round(view.Min), Q1 = AnswerRounding.Round(view.Q1), Median = AnswerRounding.Round(view.Median),
            Q3 = AnswerRounding.Round(view.Q3), Max = AnswerRounding.Round(view.Max), Mean = AnswerRounding.Round(view.Mean),
            Bins = view.Bins.Select(b => b with { From = AnswerRounding.Round(b.From)!.Value, To = AnswerRounding.Round(b.To)!.Value }).ToList(),
        };

    public static StandingView Answer(StandingView view, bool? exact) =>
        exact == true ? view : view with
        {
            Indicators = view.Indicators.ToDictionary(i => i.Key, i => i.Value with
            {
                Value = AnswerRounding.Round(i.Value.Value),
                Standings = i.Value.Standings.Select(s => s with { Percentile = AnswerRounding.Round(s.Percentile) }).ToList(),
            }),
        };

    private static IndicatorView Round(IndicatorView v) =>
        v with { Value = AnswerRounding.Round(v.Value), Progress = AnswerRounding.Round(v.Progress), ProgressOfYear = AnswerRounding.Round(v.ProgressOfYear) };

    private static Dictionary<string, ScenarioIndicatorView> Round(IReadOnlyDictionary<string, ScenarioIndicatorView> indicators) =>
        indicators.ToDictionary(i => i.Key, i => i.Value with
        {
            Baseline = AnswerRounding.Round(i.Value.Baseline),
            Scenario = AnswerRounding.Round(i.Value.Scenario),
            Delta = AnswerRounding.Round(i.Value.Delta),
            ProgressOfYearBaseline = AnswerRounding.Round(i.Value.ProgressOfYearBaseline),
            ProgressOfYearScenario = AnswerRounding.Round(i.Value.ProgressOfYearScenario),
        });
}
