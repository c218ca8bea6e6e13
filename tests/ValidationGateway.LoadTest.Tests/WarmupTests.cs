using ValidationGateway.LoadTest.Running;

namespace ValidationGateway.LoadTest.Tests;

public class WarmupTests
{
    [Theory]
    [InlineData(5.0, 1.5)] // the default --warmup in perf-targets.sh: 3.5 s, the collection, then 1.5 s
    [InlineData(2.0, 1.0)] // the tool's default --warmup: at most half follows the collection
    [InlineData(0.2, 0.1)]
    [InlineData(0.0, 0.0)]
    public void SettleTime_IsOneAndAHalfSecondsAtMostHalfTheWarmup(double warmupSeconds, double expectedSeconds)
    {
        // The warm-up keeps its length: its last part runs after the tool's forced collection, so that the first gen1
        // collection after it falls outside the measured run.
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), LoadRunner.SettleTime(TimeSpan.FromSeconds(warmupSeconds)));
    }
}
