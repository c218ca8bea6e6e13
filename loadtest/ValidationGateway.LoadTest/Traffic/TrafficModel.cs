namespace ValidationGateway.LoadTest.Traffic;

/// <summary>The shared, immutable description of the traffic; each worker builds batches from it with its own <see cref="TrafficGenerator"/>.</summary>
internal sealed class TrafficModel
{
    private long _sequence;

    public required CodePool Pool { get; init; }

    public required InstitutionMix Institutions { get; init; }

    public required LineCountDistribution Lines { get; init; }

    public required FaultMix Faults { get; init; }

    public KnowledgePoints Knowledge { get; init; } = KnowledgePoints.Empty;

    /// <summary>Share of hospital batches that are inpatient settlements.</summary>
    public double InpatientShare { get; init; } = 0.1;

    /// <summary>Doctors each hospital registered: D + division + 000001..N (the demo: 9).</summary>
    public int Doctors { get; init; } = 9;

    /// <summary>Pharmacists each pharmacy registered: Y + division + 000001..N (the demo: 3).</summary>
    public int Pharmacists { get; init; } = 3;

    /// <summary>Prefix of every request id of this run, so ids never repeat across runs (a repeated id would be a replay).</summary>
    public required string RunId { get; init; }

    /// <summary>The next batch number, unique across workers.</summary>
    public long NextSequence() => Interlocked.Increment(ref _sequence);
}
