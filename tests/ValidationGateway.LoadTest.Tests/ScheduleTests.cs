using ValidationGateway.LoadTest.Schedules;

namespace ValidationGateway.LoadTest.Tests;

public class ScheduleTests
{
    private static List<double> Arrivals(IArrivalSchedule schedule)
    {
        var timeline = new ArrivalTimeline(schedule);
        var times = new List<double>();
        while (timeline.TryNext(out var t))
        {
            times.Add(t);
        }

        return times;
    }

    [Fact]
    public void Constant_1000PerSecondFor10s_Exactly10000EvenlySpaced()
    {
        var times = Arrivals(new ConstantSchedule(1000, 10));
        Assert.Equal(10_000, times.Count);
        Assert.Equal(0.0005, times[0], 9);
        Assert.Equal(0.001, times[1] - times[0], 9);
        Assert.True(times[^1] < 10);
    }

    [Fact]
    public void Step_TwoSteps_CountsPerStep()
    {
        Assert.True(StepSchedule.TryParse("1000:2s, 2000:3s", out var schedule, out _));
        Assert.Equal(5, schedule!.DurationSeconds);
        var times = Arrivals(schedule);
        Assert.Equal(8_000, times.Count);
        Assert.Equal(2_000, times.Count(t => t < 2));
        Assert.Equal(2_000, times.Count(t => t >= 2 && t < 3));
    }

    [Fact]
    public void Step_Malformed_ReportsTheBadPart()
    {
        Assert.False(StepSchedule.TryParse("1000:2s,fast", out _, out var error));
        Assert.Contains("'fast'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Peak_Arrivals_MatchTheCurveIntegral()
    {
        var schedule = new OutpatientPeakSchedule(1200, 12);
        var times = Arrivals(schedule);
        var expected = schedule.ExpectedArrivals();
        Assert.InRange(times.Count, expected - 2, expected + 2);

        // Per quarter hour (one second each here): the count follows the curve; busiest around 09:00.
        var perQuarter = Enumerable.Range(0, 12).Select(q => times.Count(t => t >= q && t < q + 1)).ToArray();
        for (var q = 0; q < 12; q++)
        {
            var curve = OutpatientPeakSchedule.Curve;
            Assert.InRange(perQuarter[q], (1200 * (curve[q] + curve[q + 1]) / 2) - 2, (1200 * (curve[q] + curve[q + 1]) / 2) + 2);
        }

        Assert.Equal(4, Array.IndexOf(perQuarter, perQuarter.Max()));
        Assert.Equal("09:00", schedule.ClockAt(4));
    }

    [Fact]
    public void Peak_RateAt_EndpointsAndTop()
    {
        var schedule = new OutpatientPeakSchedule(1000, 180);
        Assert.Equal(450, schedule.RateAt(0), 6);
        Assert.Equal(1000, schedule.RateAt(60), 6);
        Assert.Equal(0, schedule.RateAt(180));
    }

    [Theory]
    [InlineData("15s", 15)]
    [InlineData("500ms", 0.5)]
    [InlineData("2m", 120)]
    [InlineData("3", 3)]
    public void DurationText_Forms_Parse(string text, double seconds)
    {
        Assert.True(DurationText.TryParse(text, out var value));
        Assert.Equal(seconds, value.TotalSeconds, 9);
    }
}
