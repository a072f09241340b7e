namespace Aggregation.Grains;

/// <summary>
/// Names for answers a grain keeps, unique across activations and processes: a random prefix drawn once per process
/// and a counter, so a stamp a gateway holds can never name another answer after a grain moved or restarted.
/// </summary>
public static class AnswerStamps
{
    private static readonly string Process = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 8));
    private static long _last;

    public static string Next() => $"{Process}.{Interlocked.Increment(ref _last)}";
}
