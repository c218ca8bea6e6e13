using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>A request ready to send and what its answer must contain.</summary>
internal sealed record GeneratedBatch(ValidateRequest Request, BatchScene Scene, IReadOnlyList<LineExpectation> Lines)
{
    private volatile bool _answered;

    /// <summary>True once the gateway has answered the batch (so it remembers the batch's accepted lines).</summary>
    public bool Answered => _answered;

    public void MarkAnswered() => _answered = true;
}
