using System.Reflection;
using System.Text.Json;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Plans;
using Aggregation.Domain.Reports;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Scenarios;
using static Aggregation.Domain.Tests.Fixtures;

namespace Aggregation.Domain.Tests;

/// <summary>
/// Every warning, reason and caveat carries a code from <see cref="NoteCodes"/> and the values its words
/// are made of, so a client can say it in its own language without reading the English.
/// </summary>
public class NoteTests
{
    private static ReportWarning Warning(Dictionary<string, decimal> values, Dictionary<string, decimal>? previous = null) =>
        Assert.Single(ReportValidator.Validate(DefaultCatalog, values, previous).Warnings);

    private static Dictionary<string, object?> Plain(IReadOnlyDictionary<string, NoteArg> args) =>
        args.ToDictionary(a => a.Key, a => a.Value.Number ?? a.Value.Name ?? (object?)a.Value.Names);

    [Fact]
    public void ASectorSumWarningCarriesBothSumsAndTheTolerance()
    {
        var w = Warning(Report(("income_total", 100m), ("income_agriculture", 10m), ("income_industry", 40m), ("income_services", 50.6m)));

        Assert.Equal((NoteCodes.SectorSum, "income_total"), (w.Code, w.Element));
        Assert.Equal(new Dictionary<string, object?> { ["sectors"] = 100.6m, ["total"] = 100m, ["tolerance"] = Thresholds.SectorTolerancePercent }, Plain(w.Args));
        Assert.Equal("sector incomes add up to 100.6, which differs from income_total 100 by more than 0.5 %", w.Message);
    }

    [Fact]
    public void AnInsuredAbovePopulationWarningCarriesBoth()
    {
        var w = Warning(Report(("population", 1000m), ("insured_people", 1001m)));

        Assert.Equal((NoteCodes.InsuredAbovePopulation, "insured_people"), (w.Code, w.Element));
        Assert.Equal(new Dictionary<string, object?> { ["insured"] = 1001m, ["population"] = 1000m }, Plain(w.Args));
    }

    [Fact]
    public void ASexRatioWarningCarriesTheRatioAsShownAndTheBand()
    {
        var w = Warning(Report(("births_boys", 50m), ("births_girls", 30m)));

        Assert.Equal((NoteCodes.SexRatio, "births_boys"), (w.Code, w.Element));
        Assert.Equal(new Dictionary<string, object?> { ["ratio"] = 166.7m, ["low"] = 90m, ["high"] = 140m }, Plain(w.Args));
        Assert.Equal("sex ratio at birth 166.7 is outside 90–140 boys per 100 girls", w.Message);

        var undefined = Warning(Report(("births_boys", 60m), ("births_girls", 0m)));
        Assert.Equal(new Dictionary<string, object?> { ["low"] = 90m, ["high"] = 140m }, Plain(undefined.Args));
        Assert.Contains("sex ratio at birth undefined", undefined.Message);
    }

    [Fact]
    public void ALargeChangeWarningCarriesTheElementBothValuesAndTheThreshold()
    {
        var w = Warning(Report(("population", 1000m), ("deaths", 16m)), Report(("population", 1000m), ("deaths", 10m)));

        Assert.Equal((NoteCodes.LargeChange, "deaths"), (w.Code, w.Element));
        Assert.Equal(new Dictionary<string, object?> { ["element"] = "deaths", ["from"] = 10m, ["to"] = 16m, ["threshold"] = 50m }, Plain(w.Args));
        Assert.Equal("deaths moved from 10 to 16, more than 50 % from the same period last year", w.Message);
    }

    [Fact]
    public void NoContributorNamesEveryInputAsTheFormulasDo()
    {
        var reason = Evaluate("natural_growth_rate", Leaf(Report(("population", 10m)))).Reason!;

        Assert.Equal(NoteCodes.NoContributor, reason.Code);
        Assert.Equal(["births_boys", "births_girls", "deaths", "population"], reason.Args["inputs"].Names);
    }

    [Fact]
    public void ZeroDenominatorAndOverflowsNeedNoArgs()
    {
        Assert.Empty(Evaluate("poverty_rate", Leaf(Report(("households", 0m), ("poor_households", 0m)))).Reason!.Args);
        Assert.Empty(Attainment.ProgressOverflow.Args);
        Assert.Empty(ScenarioMath.ChangeOverflow.Args);
    }

    private static IReadOnlyDictionary<string, Target> Targets(decimal agricultureShare, decimal agricultureGrowth, decimal growthRate = 11m) =>
        new Dictionary<string, Target>
        {
            ["share_agriculture"] = new(Comparator.Info, agricultureShare), ["share_industry"] = new(Comparator.Info, 35.7m),
            ["share_services"] = new(Comparator.Info, 56m), ["growth_agriculture"] = new(Comparator.AtLeast, agricultureGrowth),
            ["growth_industry"] = new(Comparator.AtLeast, 13m), ["growth_services"] = new(Comparator.AtLeast, 15m),
            ["growth_rate"] = new(Comparator.AtLeast, growthRate),
        };

    [Fact]
    public void ASharesSumWarningCarriesTheSumAndTheBand()
    {
        var w = PlanRules.CheckConsistency(Targets(10m, 1m, 13m)).Single();

        Assert.Equal(NoteCodes.SharesSum, w.Code);
        Assert.Equal(new Dictionary<string, object?> { ["sum"] = 101.7m, ["expected"] = 100m, ["band"] = 0.5m }, Plain(w.Args));
    }

    [Fact]
    public void AnImpliedGrowthWarningCarriesEverySectorTargetByIndicator()
    {
        var w = Assert.Single(PlanRules.CheckConsistency(Targets(8.3m, 1m)));

        Assert.Equal(NoteCodes.ImpliedGrowth, w.Code);
        var args = Plain(w.Args);
        Assert.Equal(13.0m, Math.Round((decimal)args["implied"]!, 1));
        Assert.Equal(6, ((decimal)args["implied"]!).Scale);
        Assert.Equal((11m, 0.5m), ((decimal)args["stated"]!, (decimal)args["band"]!));
        Assert.Equal([8.3m, 35.7m, 56m, 1m, 13m, 15m], w.Indicators.Skip(1).Select(i => (decimal)args[i]!));
    }

    [Fact]
    public void AnUndefinedImpliedGrowthCarriesItsCauseAndTheCausesValues()
    {
        var w = Assert.Single(PlanRules.CheckConsistency(Targets(8.3m, -100m)));

        Assert.Equal(NoteCodes.ImpliedGrowthUndefined, w.Code);
        Assert.Equal(new Dictionary<string, object?>
        {
            ["cause"] = NoteCodes.SectorVanished, ["growthIndicator"] = "growth_agriculture", ["growth"] = -100m,
            ["shareIndicator"] = "share_agriculture", ["share"] = 8.3m,
        }, Plain(w.Args));
    }

    [Fact]
    public void SharesThatLeaveNoPreviousTotalAreACauseOfTheirOwn()
    {
        // Not a plan Build accepts (a share is never negative), yet the check must say why it cannot judge it.
        var targets = new Dictionary<string, Target>(Targets(50m, 0m))
        {
            ["share_industry"] = new(Comparator.Info, 50m), ["share_services"] = new(Comparator.Info, -50m),
            ["growth_industry"] = new(Comparator.AtLeast, 0m), ["growth_services"] = new(Comparator.AtLeast, -99m),
        };

        var w = PlanRules.CheckConsistency(targets).Single(w => w.Code == NoteCodes.ImpliedGrowthUndefined);

        Assert.Equal(NoteCodes.NoPreviousTotal, w.Args["cause"].Name);
    }

    [Fact]
    public void AGoalSeekThatMeetsAHoleAtTheCrossingSaysSo()
    {
        // Samples fall at 4.67 and 5.33, both defined; the bisection's first midpoint, 5, is not.
        var r = GoalSeek.Solve(x => x is > 4.7m and < 5.3m ? null : x, 5m, 0m, 10m, 0.0001m);

        Assert.False(r.Reachable);
        Assert.Equal(GoalSeek.UndefinedNearTarget, r.Reason);
    }

    [Fact]
    public void AWhatIfFieldErrorNamesItsLeafInItsArgs()
    {
        var error = FieldRules.Negative.At("poor_households").AtLeaf("10945");

        Assert.Equal(("negative", "leaf '10945': must not be negative"), (error.Code, error.Message));
        Assert.Equal("10945", error.Args![FieldError.LeafArg].Name);
    }

    [Fact]
    public void NoteCodesListsEveryCodeItDeclaresOnce()
    {
        var declared = typeof(NoteCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.Equal(declared, NoteCodes.All);
        Assert.Equal(NoteCodes.All.Count, NoteCodes.All.Distinct().Count());
        Assert.All(NoteCodes.All, code => Assert.Matches("^[a-z]+(_[a-z]+)*$", code));
    }

    [Fact]
    public void EveryNoteTheDomainHoldsReadyHasACodeFromNoteCodes()
    {
        var notes = typeof(Note).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(f => f.FieldType == typeof(Note)).Select(f => (Note)f.GetValue(null)!).ToList();

        Assert.True(notes.Count >= 10, $"only {notes.Count} notes found");
        Assert.All(notes, n => Assert.Contains(n.Code, NoteCodes.All));
    }

    [Fact]
    public void AnArgIsWrittenAsThePlainJsonValueItIsAndReadBack()
    {
        var note = Note.Of(NoteCodes.LargeChange, "words", ("from", 10.50m), ("element", "deaths"), ("inputs", NoteArg.List(["a", "b[-1]"])));

        var json = JsonSerializer.Serialize(note.Args);

        Assert.Equal("""{"from":10.50,"element":"deaths","inputs":["a","b[-1]"]}""", json);
        Assert.Equal(note, note with { Args = JsonSerializer.Deserialize<Dictionary<string, NoteArg>>(json)! });
    }
}
