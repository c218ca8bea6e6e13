using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Running;

/// <summary>The answer to one batch and the <see cref="TimeProvider"/> timestamp it arrived: where the call's latency ends.</summary>
internal readonly record struct Answer(ValidateResponse Response, long ReceivedAt);
