namespace ValidationGateway.Core.Catalog;

/// <summary>Outcome of looking a national code up in a snapshot as of a date.</summary>
public enum CatalogLookupResult
{
    /// <summary>The code is not in the catalog version at all.</summary>
    NotFound = 0,
    /// <summary>The code is in the catalog but no row of it is valid on the date (vali_flag 0 or outside begndate..enddate).</summary>
    NotValidOnDate = 1,
    /// <summary>A row valid on the date was found.</summary>
    Valid = 2,
}
