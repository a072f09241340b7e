namespace Aggregation.Gateway.Import;

/// <summary>How many leaves' reports a bulk request (a data value set, a report sheet) sends at once.</summary>
public static class LeafWrites
{
    /// <summary>
    /// Every group of a request of up to this many, so they reach their leaves together and the leaves' writes fill
    /// the store's shared transactions (up to 500 rows each) while the last one commits. With fewer at once a
    /// request of 500 communes went in waves, each waiting for the slowest of the wave, and the transactions stayed
    /// small. The bound keeps one very large request from queueing more calls at the silo than the transactions take.
    /// </summary>
    public const int AtOnce = 2048;
}
