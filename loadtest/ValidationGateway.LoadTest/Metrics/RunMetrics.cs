using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Metrics;

/// <summary>Counters and latency histograms of one run, fed by every call and read once a second by the progress reporter.</summary>
/// <remarks>
/// Thread-safe: one lock around the histograms and tallies. A call's bookkeeping takes well under a microsecond, far
/// below the cost of the call itself, so the lock does not shape the load.
/// </remarks>
internal sealed class RunMetrics
{
    private readonly Lock _gate = new();
    private readonly LatencyHistogram _total = new();
    private readonly LatencyHistogram _interval = new();
    private readonly LatencyHistogram _dispatchLag = new();
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _errorSamples = new(StringComparer.Ordinal);
    private readonly long[] _verdicts = new long[4];
    private readonly List<SecondSample> _samples = [];
    private long _sent;
    private long _completed;
    private long _failed;
    private long _intervalSent;
    private long _intervalCompleted;
    private long _intervalFailed;

    /// <summary>Calls started.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Calls that ended OK.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Calls that ended with a non-OK status or a transport error.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Calls started and not yet ended.</summary>
    public long InFlight => Sent - Completed - Failed;

    /// <summary>A call was started.</summary>
    public void OnSent()
    {
        Interlocked.Increment(ref _sent);
        Interlocked.Increment(ref _intervalSent);
    }

    /// <summary>How late the sender started a call after its intended start, in ns (open loop).</summary>
    public void OnDispatched(long lagNanoseconds)
    {
        lock (_gate)
        {
            _dispatchLag.Record(lagNanoseconds);
        }
    }

    /// <summary>A call ended OK after <paramref name="latencyNanoseconds"/> (from its intended start).</summary>
    public void OnCompleted(long latencyNanoseconds, Verdict verdict)
    {
        lock (_gate)
        {
            _total.Record(latencyNanoseconds);
            _interval.Record(latencyNanoseconds);
            _verdicts[Math.Clamp((int)verdict, 0, 3)]++;
            _completed++;
            _intervalCompleted++;
        }
    }

    /// <summary>A call failed with <paramref name="status"/> (a gRPC status name, or TRANSPORT for a broken connection).</summary>
    public void OnFailed(string status, string detail)
    {
        lock (_gate)
        {
            _errors[status] = _errors.GetValueOrDefault(status) + 1;
            _errorSamples.TryAdd(status, detail);
            _failed++;
            _intervalFailed++;
        }
    }

    /// <summary>Closes the current second: stores and returns its sample, and starts the next.</summary>
    public SecondSample CloseSecond(int second, double targetRate)
    {
        lock (_gate)
        {
            var sample = new SecondSample(
                second,
                Interlocked.Exchange(ref _intervalSent, 0),
                _intervalCompleted,
                _intervalFailed,
                LatencyMath.Ms(_interval.ValueAtPercentile(50)),
                LatencyMath.Ms(_interval.ValueAtPercentile(99)),
                LatencyMath.Ms(_interval.Max),
                targetRate,
                _sent - _completed - _failed);
            _interval.Reset();
            _intervalCompleted = 0;
            _intervalFailed = 0;
            _samples.Add(sample);
            return sample;
        }
    }

    /// <summary>p99 of every OK call so far, in ms.</summary>
    public double P99SoFarMs()
    {
        lock (_gate)
        {
            return LatencyMath.Ms(_total.ValueAtPercentile(99));
        }
    }

    /// <summary>A consistent copy of everything recorded.</summary>
    public MetricsSnapshot Snapshot()
    {
        lock (_gate)
        {
            var total = new LatencyHistogram();
            total.Add(_total);
            var lag = new LatencyHistogram();
            lag.Add(_dispatchLag);
            return new MetricsSnapshot(
                _sent,
                _completed,
                _failed,
                total,
                lag,
                new Dictionary<string, long>(_errors, StringComparer.Ordinal),
                new Dictionary<string, string>(_errorSamples, StringComparer.Ordinal),
                new Dictionary<string, long>(StringComparer.Ordinal)
                {
                    ["PASS"] = _verdicts[(int)Verdict.Pass],
                    ["WARN"] = _verdicts[(int)Verdict.Warn],
                    ["REJECT"] = _verdicts[(int)Verdict.Reject],
                    ["UNSPECIFIED"] = _verdicts[(int)Verdict.Unspecified],
                },
                [.. _samples]);
        }
    }
}
