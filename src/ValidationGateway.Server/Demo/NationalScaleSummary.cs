namespace ValidationGateway.Server.Demo;

/// <summary>What a national-scale seed wrote and how long each phase took.</summary>
internal sealed record NationalScaleSummary(
    string Version,
    long CatalogRows,
    long KnowledgePoints,
    int Institutions,
    long Mappings,
    long Practitioners,
    TimeSpan CatalogImport,
    TimeSpan InstitutionImport,
    TimeSpan Publish,
    TimeSpan Total);
