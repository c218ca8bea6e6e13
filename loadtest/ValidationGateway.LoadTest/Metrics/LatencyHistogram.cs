using System.Numerics;

namespace ValidationGateway.LoadTest.Metrics;

/// <summary>
/// A log-linear latency histogram in nanoseconds: exact below 256 ns, then 128 buckets per power of two, so a
/// reported value is within 1/128 (0.8%) of the recorded one from 1 µs to beyond 60 s (values clamp at 2^41 ns, ~36 min).
/// </summary>
/// <remarks>Not thread-safe: callers serialize access (see <see cref="RunMetrics"/>). HdrHistogram is not on the feed.</remarks>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int LinearBuckets = SubBuckets * 2;
    private const int FirstExponent = SubBucketBits + 1;
    private const int MaxExponent = 40;

    /// <summary>Number of buckets.</summary>
    public const int BucketCount = LinearBuckets + ((MaxExponent - FirstExponent + 1) * SubBuckets);

    private readonly long[] _counts = new long[BucketCount];

    /// <summary>Values recorded.</summary>
    public long Count { get; private set; }

    /// <summary>Smallest value recorded, in ns (0 when empty).</summary>
    public long Min { get; private set; }

    /// <summary>Largest value recorded, in ns (0 when empty).</summary>
    public long Max { get; private set; }

    /// <summary>Sum of the values recorded, in ns.</summary>
    public double Sum { get; private set; }

    /// <summary>Mean in ns (0 when empty).</summary>
    public double Mean => Count == 0 ? 0 : Sum / Count;

    /// <summary>Records one value in nanoseconds; negative values count as 0.</summary>
    public void Record(long nanoseconds)
    {
        var value = Math.Max(0, nanoseconds);
        _counts[IndexOf(value)]++;
        Min = Count == 0 ? value : Math.Min(Min, value);
        Max = Math.Max(Max, value);
        Sum += value;
        Count++;
    }

    /// <summary>Adds every value of <paramref name="other"/> to this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }

        for (var i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }

        Min = Count == 0 ? other.Min : Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
        Sum += other.Sum;
        Count += other.Count;
    }

    /// <summary>Forgets every value.</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        Count = 0;
        Min = 0;
        Max = 0;
        Sum = 0;
    }

    /// <summary>The value at <paramref name="percentile"/> (0–100) in ns: the highest value equivalent to the bucket holding that rank, capped at the max.</summary>
    public long ValueAtPercentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        if (percentile >= 100)
        {
            return Max;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(Math.Max(0, percentile) / 100 * Count));
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Clamp(UpperBound(i), Min, Max);
            }
        }

        return Max;
    }

    /// <summary>Non-empty buckets in ascending order: inclusive bounds in ns and count.</summary>
    public IEnumerable<(long Lower, long Upper, long Count)> Buckets()
    {
        for (var i = 0; i < BucketCount; i++)
        {
            if (_counts[i] != 0)
            {
                yield return (LowerBound(i), UpperBound(i), _counts[i]);
            }
        }
    }

    /// <summary>Bucket index of a value in ns.</summary>
    internal static int IndexOf(long value)
    {
        if (value < LinearBuckets)
        {
            return (int)value;
        }

        var exponent = 63 - BitOperations.LeadingZeroCount((ulong)value);
        if (exponent > MaxExponent)
        {
            return BucketCount - 1;
        }

        var mantissa = (int)(value >> (exponent - SubBucketBits));
        return LinearBuckets + ((exponent - FirstExponent) * SubBuckets) + (mantissa - SubBuckets);
    }

    /// <summary>Smallest value in bucket <paramref name="index"/>.</summary>
    internal static long LowerBound(int index)
    {
        if (index < LinearBuckets)
        {
            return index;
        }

        var k = index - LinearBuckets;
        var exponent = FirstExponent + (k / SubBuckets);
        var mantissa = SubBuckets + (k % SubBuckets);
        return (long)mantissa << (exponent - SubBucketBits);
    }

    /// <summary>Largest value in bucket <paramref name="index"/>.</summary>
    internal static long UpperBound(int index)
    {
        if (index < LinearBuckets)
        {
            return index;
        }

        var exponent = FirstExponent + ((index - LinearBuckets) / SubBuckets);
        return LowerBound(index) + (1L << (exponent - SubBucketBits)) - 1;
    }
}
