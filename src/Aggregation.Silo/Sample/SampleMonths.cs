using System.Globalization;

namespace Aggregation.Silo.Sample;

/// <summary>
/// A commune's synthetic months (or, for a quarterly commune, quarters) of one year, split from its
/// annual report so that they add up to it under the temporal rules: the months of a flow sum to the
/// annual value, a stock's December is the annual value, the mean of the population's months is the
/// annual population. Seasonal profiles follow the Red River Delta's calendar: rice harvests in June
/// and October, Tết in January and February, budget revenue gathered towards December.
/// </summary>
internal static class SampleMonths
{
    private static readonly Dictionary<string, double[]> FlowProfiles = new()
    {
        ["income_agriculture"] = [6, 5, 6, 8, 10, 14, 7, 6, 8, 13, 10, 7],
        ["income_industry"] = [8, 5, 8, 8, 8.5, 8.5, 8.5, 8.5, 9, 9, 9.5, 10.5],
        ["income_services"] = [10, 11, 7, 7.5, 7.5, 8, 8, 8, 8, 8.5, 8.5, 10],
        ["budget_revenue"] = [6, 5, 7, 7, 8, 9, 7, 7, 8, 9, 10, 17],
        ["births"] = [8, 7, 8, 8, 8, 8, 8.5, 9, 9, 9, 8.5, 8],
        ["deaths"] = [10, 10, 9, 8, 7.5, 7, 7, 7.5, 8, 8, 8.5, 9.5],
        ["dossiers"] = [8, 6, 9, 9, 9, 8.5, 8.5, 8.5, 8.5, 8.5, 8.5, 9],
    };

    private static readonly string[] Stocks =
    [
        "children_under5_weighed", "children_under5_malnourished", "insured_people",
        "households", "poor_households", "cultural_households",
    ];

    /// <summary>Stocks that may not exceed another stock of the same report (the catalogue's <c>atMost</c>).</summary>
    private static readonly (string Element, string Bound)[] Bounded =
    [
        ("poor_households", "households"), ("cultural_households", "households"),
        ("children_under5_malnourished", "children_under5_weighed"),
    ];

    /// <summary>
    /// The twelve months of <paramref name="year"/>: <paramref name="annual"/> split over the year,
    /// stocks moving from <paramref name="yearStart"/> (last December's stocks) to the annual ones.
    /// The commune's own seasons come from <paramref name="commune"/>, a generator that starts the same
    /// every year, and vary a little from year to year by <paramref name="year"/>.
    /// </summary>
    public static IReadOnlyList<Dictionary<string, decimal>> Months(
        Random commune, Random year, IReadOnlyDictionary<string, decimal> annual, IReadOnlyDictionary<string, decimal> yearStart, decimal populationGrowth)
    {
        var months = Enumerable.Range(0, 12).Select(_ => new Dictionary<string, decimal>()).ToArray();
        void Put(string element, decimal[] values)
        {
            for (var m = 0; m < 12; m++)
            {
                months[m][element] = values[m];
            }
        }

        foreach (var sector in new[] { "income_agriculture", "income_industry", "income_services" })
        {
            Put(sector, SplitAmount(annual[sector], Jitter(commune, year, FlowProfiles[sector])));
        }
        Put("income_total", Enumerable.Range(0, 12)
            .Select(m => months[m]["income_agriculture"] + months[m]["income_industry"] + months[m]["income_services"]).ToArray());
        Put("budget_revenue", SplitAmount(annual["budget_revenue"], Jitter(commune, year, FlowProfiles["budget_revenue"])));
        var births = Jitter(commune, year, FlowProfiles["births"]);
        Put("births_boys", SplitCount(annual["births_boys"], births));
        Put("births_girls", SplitCount(annual["births_girls"], births));
        Put("deaths", SplitCount(annual["deaths"], Jitter(commune, year, FlowProfiles["deaths"])));
        var dossiers = Jitter(commune, year, FlowProfiles["dossiers"]);
        var total = SplitCount(annual["dossiers_total"], dossiers);
        Put("dossiers_total", total);
        Put("dossiers_online_l34", WithinBound(SplitCount(annual["dossiers_online_l34"], dossiers), total));

        var population = Population(annual["population"], populationGrowth, 12);
        Put("population", population);
        foreach (var stock in Stocks)
        {
            Put(stock, Enumerable.Range(1, 12)
                .Select(m => Whole(yearStart[stock] + (annual[stock] - yearStart[stock]) * m / 12m)).ToArray());
        }
        // The lowest population of any month or quarter of the year (a quarter's is 4.5 months off the middle at most).
        var insuredCap = Math.Min(population.Min(), annual["population"] - Whole(populationGrowth * 4.5m));
        // December is the annual report itself, which holds together; earlier months are kept within their bounds.
        foreach (var month in months.Take(11))
        {
            foreach (var (element, bound) in Bounded)
            {
                month[element] = Math.Min(month[element], month[bound]);
            }
            month["insured_people"] = Math.Min(month["insured_people"], insuredCap);
        }
        foreach (var month in months)
        {
            month["budget_revenue_plan"] = annual["budget_revenue_plan"];
            month["ntm_criteria_met"] = annual["ntm_criteria_met"];
        }
        return months;
    }

    /// <summary>The four quarters of the same year: flows summed over their months, stocks at their third month.</summary>
    public static IReadOnlyList<Dictionary<string, decimal>> Quarters(
        IReadOnlyList<Dictionary<string, decimal>> months, IReadOnlyDictionary<string, decimal> annual, decimal populationGrowth)
    {
        var population = Population(annual["population"], populationGrowth * 3m, 4);
        return Enumerable.Range(0, 4).Select(q =>
        {
            var quarter = new Dictionary<string, decimal>();
            var own = months.Skip(q * 3).Take(3).ToList();
            foreach (var element in own[2].Keys)
            {
                quarter[element] = FlowElements.Contains(element) ? own.Sum(m => m[element]) : own[2][element];
            }
            quarter["population"] = population[q];
            return quarter;
        }).ToList();
    }

    private static readonly HashSet<string> FlowElements =
    [
        "income_total", "income_agriculture", "income_industry", "income_services", "budget_revenue",
        "births_boys", "births_girls", "deaths", "dossiers_total", "dossiers_online_l34",
    ];

    /// <summary>The monthly change of a commune's population: its growth over the year spread over twelve months.</summary>
    public static decimal PopulationGrowth(decimal population2022, decimal population2023) => (population2023 - population2022) / 12m;

    /// <summary>
    /// Whole populations rising by <paramref name="step"/> a part, centred on the annual value: the
    /// offsets are symmetric and rounded away from zero alike, so their mean is the annual value exactly.
    /// </summary>
    private static decimal[] Population(decimal annual, decimal step, int parts) =>
        Enumerable.Range(0, parts).Select(i => annual + Whole(step * (i - (parts - 1) / 2m))).ToArray();

    private static double[] Jitter(Random commune, Random year, double[] profile) =>
        profile.Select(w => w * (0.93 + commune.NextDouble() * 0.14) * (0.98 + year.NextDouble() * 0.04)).ToArray();

    /// <summary>An amount split by weight, each month to 2 places, the rounding remainder on the heaviest month.</summary>
    private static decimal[] SplitAmount(decimal total, double[] weights)
    {
        var sum = weights.Sum();
        var parts = weights.Select(w => Math.Round(total * (decimal)(w / sum), 2, MidpointRounding.AwayFromZero)).ToArray();
        parts[Array.IndexOf(weights, weights.Max())] += total - parts.Sum();
        return parts;
    }

    /// <summary>A count split by weight into whole numbers (largest remainders), adding up to the count exactly.</summary>
    private static decimal[] SplitCount(decimal total, double[] weights)
    {
        var sum = weights.Sum();
        var exact = weights.Select(w => total * (decimal)(w / sum)).ToArray();
        var parts = exact.Select(decimal.Floor).ToArray();
        var missing = (int)(total - parts.Sum());
        foreach (var m in Enumerable.Range(0, 12).OrderByDescending(m => exact[m] - parts[m]).ThenBy(m => m).Take(missing))
        {
            parts[m] += 1;
        }
        return parts;
    }

    /// <summary>Moves whatever exceeds the bound in a month to months with room, keeping the total.</summary>
    private static decimal[] WithinBound(decimal[] parts, decimal[] bound)
    {
        var excess = 0m;
        for (var m = 0; m < parts.Length; m++)
        {
            if (parts[m] > bound[m])
            {
                excess += parts[m] - bound[m];
                parts[m] = bound[m];
            }
        }
        for (var m = 0; m < parts.Length && excess > 0; m++)
        {
            var moved = Math.Min(excess, bound[m] - parts[m]);
            parts[m] += moved;
            excess -= moved;
        }
        return parts;
    }

    private static decimal Whole(decimal v) => Math.Round(v, 0, MidpointRounding.AwayFromZero);

    public static string MonthId(int year, int month) => string.Create(CultureInfo.InvariantCulture, $"{year}{month:00}");
}
