using ValidationGateway.LoadTest.Metrics;

namespace ValidationGateway.LoadTest.Tests;

public class LatencyHistogramTests
{
    [Fact]
    public void ValueAtPercentile_UniformMicroseconds_WithinOnePercent()
    {
        var histogram = new LatencyHistogram();
        for (var us = 1; us <= 100_000; us++)
        {
            histogram.Record(us * 1_000L);
        }

        foreach (var (percentile, exact) in new[] { (50.0, 50_000), (90.0, 90_000), (99.0, 99_000), (99.9, 99_900), (10.0, 10_000) })
        {
            var value = histogram.ValueAtPercentile(percentile);
            Assert.InRange(value, exact * 1_000L, exact * 1_000L * 1.01);
        }

        Assert.Equal(100_000_000L, histogram.ValueAtPercentile(100));
        Assert.Equal(1_000L, histogram.Min);
        Assert.Equal(100_000L, histogram.Count);
    }

    [Fact]
    public void Record_AnyValueFromOneMicrosecondToSixtySeconds_BucketWithinOnePercent()
    {
        var random = new Random(7);
        for (var i = 0; i < 100_000; i++)
        {
            var value = (long)Math.Exp(Math.Log(1_000) + (random.NextDouble() * (Math.Log(60e9) - Math.Log(1_000))));
            var index = LatencyHistogram.IndexOf(value);
            var lower = LatencyHistogram.LowerBound(index);
            var upper = LatencyHistogram.UpperBound(index);
            Assert.InRange(value, lower, upper);
            Assert.True((upper - lower) <= value * 0.01, $"bucket [{lower}, {upper}] too wide for {value}");
        }
    }

    [Fact]
    public void ValueAtPercentile_SkewedSample_MatchesSortedReference()
    {
        var random = new Random(11);
        var values = new long[20_000];
        var histogram = new LatencyHistogram();
        for (var i = 0; i < values.Length; i++)
        {
            // Mostly ~1 ms, a tail to ~1 s: the shape of a loaded server.
            values[i] = random.NextDouble() < 0.98 ? 500_000 + random.Next(1_000_000) : 10_000_000 + random.Next(1_000_000_000);
            histogram.Record(values[i]);
        }

        Array.Sort(values);
        foreach (var percentile in new[] { 50.0, 90.0, 99.0, 99.9 })
        {
            var exact = values[(int)Math.Ceiling(percentile / 100 * values.Length) - 1];
            var reported = histogram.ValueAtPercentile(percentile);
            Assert.InRange(reported, exact, exact * 1.01);
        }
    }

    [Fact]
    public void Add_TwoHistograms_SameAsRecordingBoth()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        var both = new LatencyHistogram();
        for (var i = 1; i <= 1000; i++)
        {
            (i % 2 == 0 ? a : b).Record(i * 7_919L);
            both.Record(i * 7_919L);
        }

        a.Add(b);
        Assert.Equal(both.Count, a.Count);
        Assert.Equal(both.Min, a.Min);
        Assert.Equal(both.Max, a.Max);
        Assert.Equal(both.ValueAtPercentile(99), a.ValueAtPercentile(99));
    }

    [Fact]
    public void ValueAtPercentile_Empty_IsZero()
    {
        var histogram = new LatencyHistogram();
        Assert.Equal(0, histogram.ValueAtPercentile(99));
        Assert.Equal(0, histogram.Max);
    }

    [Fact]
    public void Record_HugeAndNegativeValues_AreClampedNotLost()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(-5);
        histogram.Record(long.MaxValue / 2);
        Assert.Equal(2, histogram.Count);
        Assert.Equal(0, histogram.Min);
        Assert.Equal(long.MaxValue / 2, histogram.ValueAtPercentile(100));
    }
}
