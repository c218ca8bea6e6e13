namespace ValidationGateway.LoadTest.Traffic;

/// <summary>What the gateway must say about one line: no finding (clean) or the fault's rule id.</summary>
internal sealed record LineExpectation(string FeedetlSn, FaultKind? Fault);
