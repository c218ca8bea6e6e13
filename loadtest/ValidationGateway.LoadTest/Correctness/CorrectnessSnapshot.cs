namespace ValidationGateway.LoadTest.Correctness;

/// <summary>Correctness counts at the end of a run.</summary>
internal sealed record CorrectnessSnapshot(
    long BatchesChecked,
    IReadOnlyDictionary<string, FaultCounts> ByKind,
    IReadOnlyDictionary<string, long> BatchProblems)
{
    public long Misses => ByKind.Where(k => k.Key != CorrectnessTally.Clean).Sum(k => k.Value.Missed);

    public long FalseAlarms => ByKind.TryGetValue(CorrectnessTally.Clean, out var clean) ? clean.Unexpected : 0;

    public long Unexpected => ByKind.Sum(k => k.Value.Unexpected);

    /// <summary>True when every fault was caught, every clean line passed and every answer matched its request.</summary>
    public bool AllCorrect => Misses == 0 && Unexpected == 0 && BatchProblems.Count == 0;
}
