using ValidationGateway.Contracts.V1;
using ValidationGateway.LoadTest.Metrics;
using ValidationGateway.LoadTest.Running;
using ValidationGateway.LoadTest.Schedules;

namespace ValidationGateway.LoadTest.Tests;

public class OpenLoopPacerTests
{
    [Fact]
    public void TakeDue_SenderStalls_LatencyCountsFromIntendedStart()
    {
        var clock = new FakeClock();
        var origin = clock.GetTimestamp();
        var pacer = new OpenLoopPacer(new ArrivalTimeline(new ConstantSchedule(1000, 1)), origin, clock.TimestampFrequency, long.MaxValue);
        var metrics = new RunMetrics();

        // The sender is stuck for 10 ms: arrivals intended at 0.5, 1.5, … 9.5 ms are all due when it wakes.
        clock.Advance(TimeSpan.FromMilliseconds(10));
        var due = new List<long>();
        Assert.True(pacer.TakeDue(clock.GetTimestamp(), due));
        Assert.Equal(10, due.Count);

        // Each call then takes 1 ms of server time once sent.
        clock.Advance(TimeSpan.FromMilliseconds(1));
        foreach (var intended in due)
        {
            metrics.OnCompleted(LatencyMath.Nanoseconds(intended, clock.GetTimestamp(), clock.TimestampFrequency), Verdict.Pass);
        }

        var latency = metrics.Snapshot().Latency;
        // The first arrival waited 10.5 ms for the sender plus 1 ms: 10.5 ms from its intended start; a closed-loop
        // measurement from the actual send would have said 1 ms for every call.
        Assert.InRange(latency.Max, 10_500_000, 10_500_000 * 1.01);
        Assert.InRange(latency.Min, 1_500_000, 1_500_000 * 1.01);
        Assert.Equal(10, latency.Count);
    }

    [Fact]
    public void TakeDue_BeforeNextArrival_ReturnsNothingAndNextTimestamp()
    {
        var clock = new FakeClock();
        var pacer = new OpenLoopPacer(new ArrivalTimeline(new ConstantSchedule(100, 1)), clock.GetTimestamp(), clock.TimestampFrequency, long.MaxValue);
        var due = new List<long>();
        Assert.True(pacer.TakeDue(clock.GetTimestamp(), due));
        Assert.Empty(due);
        Assert.Equal(clock.GetTimestamp() + 5_000_000, pacer.NextTimestamp);
    }

    [Fact]
    public void TakeDue_RequestLimit_StopsTheSchedule()
    {
        var clock = new FakeClock();
        var pacer = new OpenLoopPacer(new ArrivalTimeline(new ConstantSchedule(1000, 10)), clock.GetTimestamp(), clock.TimestampFrequency, maxRequests: 25);
        clock.Advance(TimeSpan.FromSeconds(20));
        var due = new List<long>();
        Assert.False(pacer.TakeDue(clock.GetTimestamp(), due));
        Assert.Equal(25, due.Count);
    }

    [Fact]
    public void LatencyMath_IntendedVersusCompleted_Nanoseconds()
    {
        Assert.Equal(2_500_000, LatencyMath.Nanoseconds(1_000, 1_000 + 2_500, 1_000_000));
    }
}
