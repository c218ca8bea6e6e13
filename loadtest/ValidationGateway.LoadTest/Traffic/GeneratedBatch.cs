using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>A request ready to send and what its answer must contain.</summary>
internal sealed record GeneratedBatch(ValidateRequest Request, BatchScene Scene, IReadOnlyList<LineExpectation> Lines);
