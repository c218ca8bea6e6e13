namespace ValidationGateway.Server.Metrics;

/// <summary>One histogram series: a count per bucket (the last one above every bound) and the sum.</summary>
/// <remarks>Lock-free; a scrape may see a record's bucket before its sum, which the format tolerates.</remarks>
internal sealed class HistogramCell(IReadOnlyList<double> bounds)
{
    private readonly long[] _counts = new long[bounds.Count + 1];
    private readonly ValueCell _sum = new();

    public double Sum => _sum.Value;

    public void Record(double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        var bucket = 0;
        while (bucket < bounds.Count && value > bounds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _counts[bucket]);
        _sum.Add(value);
    }

    /// <summary>Cumulative counts per bound, then the total (<c>le="+Inf"</c>).</summary>
    public long[] CumulativeCounts()
    {
        var result = new long[_counts.Length];
        long running = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            running += Interlocked.Read(ref _counts[i]);
            result[i] = running;
        }

        return result;
    }
}
