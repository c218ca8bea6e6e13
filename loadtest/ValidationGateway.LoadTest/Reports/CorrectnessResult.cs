namespace ValidationGateway.LoadTest.Reports;

/// <summary>Correctness under load: misses, false alarms, and per fault kind.</summary>
internal sealed record CorrectnessResult(
    long BatchesChecked,
    long Misses,
    long FalseAlarms,
    long Unexpected,
    bool AllCorrect,
    IReadOnlyList<FaultRow> Rows,
    IReadOnlyDictionary<string, long> BatchProblems);
