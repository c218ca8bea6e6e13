using System.Globalization;
using ValidationGateway.LoadTest.Metrics;
using ValidationGateway.LoadTest.Schedules;

namespace ValidationGateway.LoadTest.Running;

/// <summary>Once a second: closes the second's sample and prints one line (sent, completed, rate, p99 so far, errors).</summary>
internal sealed class ProgressReporter(RunMetrics metrics, IArrivalSchedule? schedule, TextWriter output, bool terminal, TimeProvider clock)
{
    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        var second = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                Report(++second);
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended; the caller closes the last partial second.
        }
    }

    /// <summary>Closes second <paramref name="second"/> and prints its line.</summary>
    public void Report(int second)
    {
        var target = schedule?.RateAt(second - 0.5) ?? 0;
        var s = metrics.CloseSecond(second, target);
        var errors = metrics.Failed;
        var errorText = errors > 0 && terminal ? $"\u001b[31merrors {errors:#,0}\u001b[0m" : $"errors {errors:#,0}";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{second,4}s] sent {metrics.Sent,10:#,0}  done {metrics.Completed,10:#,0}  rate {s.Completed,7:#,0}/s{(target > 0 ? $" (target {target:#,0})" : "")}  p99 {metrics.P99SoFarMs(),7:0.000} ms (this s {s.P99Ms:0.000})  {errorText}  in flight {s.InFlight:#,0}"));
    }
}
