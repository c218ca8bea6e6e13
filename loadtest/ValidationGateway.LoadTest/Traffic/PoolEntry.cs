namespace ValidationGateway.LoadTest.Traffic;

/// <summary>A catalog item and the institution-local code the tool charges it under.</summary>
internal sealed record PoolEntry(CatalogItem Item, string LocalCode);
