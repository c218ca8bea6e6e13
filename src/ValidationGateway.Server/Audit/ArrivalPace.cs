namespace ValidationGateway.Server.Audit;

/// <summary>How often audit records arrive: a moving average of the time between consecutive arrivals, from which the
/// writer judges whether waiting <c>Audit:CommitDelay</c> will bring more records into a commit.</summary>
/// <remarks>
/// Not thread-safe: only the writer thread observes arrivals (the timestamps the callers took when they queued their
/// records, in queue order). A gap is counted at most <see cref="MaxGap"/>, so after an idle minute the average is
/// back to the traffic's pace within a few dozen records; until then the writer commits without waiting, as it should
/// for a lone call.
/// </remarks>
internal sealed class ArrivalPace(long timestampFrequency)
{
    /// <summary>The longest gap between two arrivals that counts as such.</summary>
    public static readonly TimeSpan MaxGap = TimeSpan.FromMilliseconds(100);

    // Each arrival moves the average by an eighth of its distance to the new gap: quick to follow a change of rate,
    // steady enough that one burst does not swing it.
    private const double Weight = 1.0 / 8;

    private readonly double _maxGapTicks = MaxGap.TotalSeconds * timestampFrequency;
    private long _last = long.MinValue;
    private double _averageGapTicks = MaxGap.TotalSeconds * timestampFrequency;

    /// <summary>Takes one record's arrival (its caller's timestamp).</summary>
    public void Observe(long timestamp)
    {
        if (_last != long.MinValue)
        {
            // Callers take their timestamps before they queue, so two close ones may reach the queue swapped.
            var gap = Math.Clamp(timestamp - _last, 0, _maxGapTicks);
            _averageGapTicks += (gap - _averageGapTicks) * Weight;
        }

        _last = Math.Max(_last, timestamp);
    }

    /// <summary>Records expected to arrive within <paramref name="span"/> at the current pace.</summary>
    public double ExpectedWithin(TimeSpan span) =>
        _averageGapTicks <= 0 ? double.PositiveInfinity : span.TotalSeconds * timestampFrequency / _averageGapTicks;
}
