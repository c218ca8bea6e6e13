namespace ValidationGateway.LoadTest.Traffic;

/// <summary>Where a batch comes from.</summary>
internal enum BatchScene
{
    Outpatient,
    Inpatient,
    Pharmacy,
}
