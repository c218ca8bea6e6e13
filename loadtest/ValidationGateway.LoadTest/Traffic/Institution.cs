namespace ValidationGateway.LoadTest.Traffic;

/// <summary>A target institution and its share of the traffic.</summary>
internal sealed record Institution(string Code, bool IsPharmacy, double Share);
