using ValidationGateway.Grpc;
using ValidationGateway.LoadTest.Correctness;
using ValidationGateway.LoadTest.Metrics;
using ValidationGateway.LoadTest.Traffic;

namespace ValidationGateway.LoadTest.Running;

/// <summary>Runs one call and books it: latency from the intended start, status, verdict, correctness, and the answer
/// for the comparison with the gateway's audit trail.</summary>
internal sealed class CallRunner(ICallTarget target, RunMetrics metrics, CorrectnessTally tally, TimeProvider clock, AnswerLedger? ledger = null)
{
    public RunMetrics Metrics => metrics;

    public TimeProvider Clock => clock;

    /// <summary>True when a call's synchronous part is cheap enough to run on the open-loop dispatcher's thread.</summary>
    public bool StartsCheaply => target.StartsCheaply;

    public async Task RunAsync(GeneratedBatch batch, long intendedStart, CancellationToken cancellationToken)
    {
        metrics.OnSent();
        try
        {
            var (response, end) = await target.SendAsync(batch.Request, cancellationToken).ConfigureAwait(false);
            batch.MarkAnswered();
            metrics.OnCompleted(LatencyMath.Nanoseconds(intendedStart, end, clock.TimestampFrequency), response.Verdict);
            if (target.JudgesAnswers)
            {
                tally.Check(batch, response);
                ledger?.Record(batch.Request.FixmedinsCode, response);
            }
        }
        catch (GrpcStatusException ex)
        {
            metrics.OnFailed(StatusNames.Of(ex.StatusCode), ex.Detail);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            metrics.OnFailed("UNFINISHED", "still running when the drain time after the run ran out");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or InvalidOperationException)
        {
            metrics.OnFailed("TRANSPORT", ex.GetType().Name + ": " + ex.Message);
        }
    }
}
