using ValidationGateway.Server.Cli;
using ValidationGateway.Storage.Files;

namespace ValidationGateway.Server.Tests.Cli;

/// <summary>The import progress renderer on a hand-moved clock: plain lines when redirected, an in-place bar on a terminal.</summary>
public sealed class ImportProgressTests
{
    private const long Length = 100 * 1048576L;

    private static FileReadPosition At(int percent, long rows = 0) => new(Length * percent / 100, Length, rows, Finished: false);

    [Fact]
    public void Report_Redirected_PrintsAtEachTenthOrAfterFiveSecondsOnly()
    {
        var clock = new StepClock();
        using var writer = new StringWriter();
        var progress = new ImportProgress(writer, interactive: false, clock, "drug.csv");

        for (var percent = 1; percent <= 9; percent++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(400));
            progress.Report(At(percent));
        }

        Assert.Equal("", writer.ToString());

        clock.Advance(TimeSpan.FromMilliseconds(400));
        progress.Report(At(10, rows: 100_000));        // the first tenth
        progress.Report(At(15));                      // same tenth, too soon
        clock.Advance(TimeSpan.FromSeconds(5));
        progress.Report(At(16, rows: 160_000));       // five seconds on
        progress.Report(At(35));                      // jumps two tenths: one line
        progress.Report(At(36));
        progress.Report(new FileReadPosition(Length, Length, 1_000_000, Finished: true));
        progress.Report(At(100));                     // nothing after the end
        progress.End();

        var lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("drug.csv:  10.0% of 100.0 MiB, 100,000 rows, 25,000 rows/s, ETA 0:36", lines[0]);
        Assert.StartsWith("drug.csv:  16.0% of 100.0 MiB, 160,000 rows, 17,778 rows/s, ETA 0:47", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("drug.csv:  35.0%", lines[2], StringComparison.Ordinal);
        Assert.Equal("drug.csv: 100.0% of 100.0 MiB, 1,000,000 rows, 111,111 rows/s, read in 0:09; writing to the store…", lines[3]);
        Assert.DoesNotContain('\r', writer.ToString());
    }

    [Fact]
    public void Report_Terminal_RedrawsOneLineInPlaceAtMostFiveTimesASecond()
    {
        var clock = new StepClock();
        using var writer = new StringWriter();
        var progress = new ImportProgress(writer, interactive: true, clock, "drug.csv");

        clock.Advance(TimeSpan.FromMilliseconds(250));
        progress.Report(At(25, rows: 10));
        clock.Advance(TimeSpan.FromMilliseconds(100));
        progress.Report(At(30, rows: 12));            // within 200 ms of the last draw: skipped
        clock.Advance(TimeSpan.FromMilliseconds(150));
        progress.Report(At(50, rows: 20));

        var drawn = writer.ToString();
        Assert.Equal(2, drawn.Count(c => c == '\r'));
        Assert.DoesNotContain('\n', drawn);
        Assert.StartsWith("\r[########----------------------] drug.csv:  25.0%", drawn, StringComparison.Ordinal);
        Assert.Contains("\r[###############---------------] drug.csv:  50.0%", drawn, StringComparison.Ordinal);
        Assert.DoesNotContain("30.0%", drawn, StringComparison.Ordinal);

        progress.End();
        Assert.EndsWith(Environment.NewLine, writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void End_NothingDrawn_WritesNothing()
    {
        using var writer = new StringWriter();
        new ImportProgress(writer, interactive: true, new StepClock(), "drug.csv").End();
        Assert.Equal("", writer.ToString());
    }

    /// <summary>A clock whose wall time and timestamps move only by hand.</summary>
    private sealed class StepClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _now.UtcTicks;

        public void Advance(TimeSpan by) => _now += by;
    }
}
