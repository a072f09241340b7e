using Aggregation.Domain.Numbers;
using Aggregation.Domain.Rules;

namespace Aggregation.Domain.Scenarios;

/// <summary>
/// The lever value <see cref="X"/> that makes the indicator <see cref="Value"/>, or, when the
/// target is out of reach, the best sampled lever and value. <see cref="Iterations"/> counts
/// bisection steps after the initial sampling.
/// </summary>
public sealed record GoalSeekResult(bool Reachable, decimal? X, decimal? Value, bool Monotone, int Iterations, Note? Reason);

/// <summary>Finds the lever value at which an indicator reaches a target.</summary>
public static class GoalSeek
{
    public const int Samples = 16;

    public static readonly Note NotMonotone = new(NoteCodes.NotMonotone,
        "the indicator is not monotone in the lever over the range: other lever values may reach the target too");

    public static readonly Note UndefinedOverRange = new(NoteCodes.UndefinedOverRange, "the indicator is undefined over the whole range");

    public static readonly Note TargetNotCrossed = new(NoteCodes.TargetNotCrossed,
        "no lever value in the range crosses the target; this is the closest sampled");

    public static readonly Note UndefinedNearTarget = new(NoteCodes.UndefinedNearTarget,
        "the indicator is undefined inside the bracket that crosses the target");

    public static readonly Note JumpsAcrossTarget = new(NoteCodes.JumpsAcrossTarget,
        "the value jumps across the target without coming within tolerance; this is the closest found");

    /// <summary>Where a lever is searched: a growth from −100 % to +300 %, a scale from 0 to 10 times the reported value.</summary>
    public static (decimal Low, decimal High) Bounds(OverrideKind kind) => kind == OverrideKind.Growth ? (-100m, 300m) : (0m, 10m);

    /// <summary>
    /// Samples [<paramref name="low"/>, <paramref name="high"/>] to find where the value crosses the
    /// target, then bisects that bracket until within <paramref name="tolerance"/>. Bisection is only
    /// guaranteed right where the value is monotone in the lever, so the result says whether the
    /// samples were. A null value (an undefined indicator) never counts as reaching the target.
    /// </summary>
    public static GoalSeekResult Solve(Func<decimal, decimal?> valueAt, decimal target, decimal low, decimal high, decimal tolerance, int maxIterations = 100)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(low, high);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        ArgumentOutOfRangeException.ThrowIfNegative(maxIterations);

        var samples = Enumerable.Range(0, Samples)
            .Select(i => i == Samples - 1 ? high : Between(low, high, i, Samples - 1))
            .Distinct().Select(x => (X: x, Value: valueAt(x))).ToArray();
        var defined = samples.Where(s => s.Value is not null).Select(s => (s.X, Value: s.Value!.Value)).ToArray();
        var monotone = IsMonotone(defined.Select(s => s.Value).ToArray());
        var caveat = monotone ? null : NotMonotone;

        if (defined.Length == 0)
        {
            return new(false, null, null, monotone, 0, UndefinedOverRange);
        }
        var hit = Array.FindIndex(defined, s => Checked.Distance(s.Value, target) <= tolerance);
        if (hit >= 0)
        {
            return new(true, defined[hit].X, defined[hit].Value, monotone, 0, caveat);
        }
        // Only neighbours that are both defined bracket a crossing; an undefined sample breaks the range.
        var crossing = Enumerable.Range(0, samples.Length - 1).FirstOrDefault(i =>
            samples[i].Value is { } a && samples[i + 1].Value is { } b && (a < target) != (b < target), -1);
        if (crossing < 0)
        {
            var best = defined.MinBy(s => Checked.Distance(s.Value, target));
            return new(false, best.X, best.Value, monotone, 0, TargetNotCrossed);
        }
        var lo = samples[crossing];
        return Bisect(valueAt, target, lo.X, samples[crossing + 1].X, lo.Value!.Value, tolerance, maxIterations, monotone, caveat);
    }

    private static GoalSeekResult Bisect(
        Func<decimal, decimal?> valueAt, decimal target, decimal lo, decimal hi, decimal valueAtLo,
        decimal tolerance, int maxIterations, bool monotone, Note? caveat)
    {
        var below = valueAtLo < target;
        var (bestX, bestValue) = (lo, valueAtLo);
        var iterations = 0;
        // Stops when decimal precision runs out too: the value then jumps across the target.
        for (var mid = Middle(lo, hi); iterations < maxIterations && mid != lo && mid != hi; mid = Middle(lo, hi))
        {
            iterations++;
            if (valueAt(mid) is not { } v)
            {
                return new(false, mid, null, monotone, iterations, UndefinedNearTarget);
            }
            if (Checked.Distance(v, target) <= tolerance)
            {
                return new(true, mid, v, monotone, iterations, caveat);
            }
            // Ties go to the later point, which is nearer the crossing: a jump is then located.
            if (Checked.Distance(v, target) <= Checked.Distance(bestValue, target))
            {
                (bestX, bestValue) = (mid, v);
            }
            (lo, hi) = (v < target) == below ? (mid, hi) : (lo, mid);
        }
        return new(false, bestX, bestValue, monotone, iterations, JumpsAcrossTarget);
    }

    /// <summary>
    /// The point <paramref name="step"/>/<paramref name="steps"/> of the way from low to high. Near
    /// the ends of the decimal range the width overflows; the two ends are then scaled apart instead.
    /// </summary>
    private static decimal Between(decimal low, decimal high, int step, int steps) =>
        Checked.Subtract(high, low) is { } width && Checked.Multiply(width, step) is { } part
            ? low + part / steps
            : low / steps * (steps - step) + high / steps * step;

    private static decimal Middle(decimal lo, decimal hi) => Checked.Add(lo, hi) is { } sum ? sum / 2 : lo / 2 + hi / 2;

    private static bool IsMonotone(decimal[] values) =>
        values.Zip(values.Skip(1)).All(p => p.Second >= p.First) || values.Zip(values.Skip(1)).All(p => p.Second <= p.First);
}
