using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Core.Validation;

/// <summary>What the engine needs from durable storage to activate actors; implemented over the store by the host.</summary>
public interface IGatewayDataSource
{
    /// <summary>The current published catalog version, or null when none is published.</summary>
    Task<string?> GetCurrentCatalogVersionAsync(CancellationToken cancellationToken);

    /// <summary>True when <paramref name="version"/> exists and is published (servable).</summary>
    Task<bool> IsPublishedAsync(string version, CancellationToken cancellationToken);

    /// <summary>Every row of a published version.</summary>
    IAsyncEnumerable<CatalogRow> ReadCatalogRowsAsync(string version, CancellationToken cancellationToken);

    /// <summary>The knowledge points (rule library) of a published version.</summary>
    IAsyncEnumerable<KnowledgePoint> ReadKnowledgePointsAsync(string version, CancellationToken cancellationToken);

    /// <summary>An institution's registration, or null.</summary>
    Task<InstitutionRecord?> GetInstitutionAsync(string code, CancellationToken cancellationToken);

    /// <summary>An institution's approved mappings.</summary>
    Task<IReadOnlyList<MappingRow>> GetMappingsAsync(string institutionCode, CancellationToken cancellationToken);

    /// <summary>The practitioners registered at an institution.</summary>
    Task<IReadOnlyList<PractitionerRow>> GetPractitionersAsync(string institutionCode, CancellationToken cancellationToken);
}
