using ValidationGateway.LoadTest.Correctness;

namespace ValidationGateway.LoadTest.Reports;

/// <summary>One row of the correctness table: a fault kind (or clean lines) and what the gateway said.</summary>
internal sealed record FaultRow(
    string Fault,
    string ExpectedRule,
    string Requires,
    long Lines,
    long Caught,
    long Missed,
    long Unexpected,
    IReadOnlyDictionary<string, long> Answers,
    IReadOnlyList<LineExample> Examples);
