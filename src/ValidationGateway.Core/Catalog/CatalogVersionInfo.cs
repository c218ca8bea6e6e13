namespace ValidationGateway.Core.Catalog;

/// <summary>State of a catalog version in the store.</summary>
public enum CatalogVersionState
{
    /// <summary>Being imported; not used for validation.</summary>
    Draft = 1,
    /// <summary>Published: immutable, usable by requests.</summary>
    Published = 2,
    /// <summary>No longer served.</summary>
    Retired = 3,
}

/// <summary>A catalog version as the store knows it.</summary>
/// <param name="Version">Version label, e.g. 2026.11.1.</param>
/// <param name="State">Draft, published or retired.</param>
/// <param name="IsCurrent">True for the current published version (used when a request leaves catalog_version empty).</param>
/// <param name="CreatedAt">When the version was first imported into.</param>
/// <param name="PublishedAt">When it was published, if it was.</param>
/// <param name="ItemCounts">Rows per catalog kind.</param>
public sealed record CatalogVersionInfo(
    string Version,
    CatalogVersionState State,
    bool IsCurrent,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt,
    IReadOnlyDictionary<CatalogItemKind, long> ItemCounts);
