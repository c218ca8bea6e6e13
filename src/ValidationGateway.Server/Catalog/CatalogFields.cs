namespace ValidationGateway.Server.Catalog;

/// <summary>Fields of a catalog row a diff tells apart.</summary>
[Flags]
internal enum CatalogFields
{
    None = 0,
    Name = 1,
    Dates = 2,
    ValiFlag = 4,
    ChargeLevel = 8,
    Restricted = 16,
    Caps = 32,
}
