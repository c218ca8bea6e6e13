using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;
using ValidationGateway.Core.Validation;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Hosting;

/// <summary>Feeds the engine from the store.</summary>
internal sealed class StoreDataSource(IGatewayStore store) : IGatewayDataSource
{
    public Task<string?> GetCurrentCatalogVersionAsync(CancellationToken cancellationToken) =>
        // Polled every few seconds by every node: the name only (counting a million-row version's items took ~100 ms
        // of the node's CPU per poll and stalled requests).
        store.GetCurrentCatalogVersionNameAsync(cancellationToken);

    public async Task<bool> IsPublishedAsync(string version, CancellationToken cancellationToken) =>
        // The state only: counting a million-row version's items here is an index scan at normal priority, on a node
        // that is switching versions under load.
        await store.GetCatalogVersionStateAsync(version, cancellationToken).ConfigureAwait(false) == CatalogVersionState.Published;

    public IAsyncEnumerable<CatalogRow> ReadCatalogRowsAsync(string version, CancellationToken cancellationToken) =>
        store.ReadCatalogRowsAsync(version, cancellationToken);

    public IAsyncEnumerable<KnowledgePoint> ReadKnowledgePointsAsync(string version, CancellationToken cancellationToken) =>
        store.ReadKnowledgePointsAsync(version, cancellationToken);

    public Task<InstitutionRecord?> GetInstitutionAsync(string code, CancellationToken cancellationToken) =>
        store.GetInstitutionAsync(code, cancellationToken);

    public Task<IReadOnlyList<MappingRow>> GetMappingsAsync(string institutionCode, CancellationToken cancellationToken) =>
        store.GetMappingsAsync(institutionCode, cancellationToken);

    public Task<IReadOnlyList<PractitionerRow>> GetPractitionersAsync(string institutionCode, CancellationToken cancellationToken) =>
        store.GetPractitionersAsync(institutionCode, cancellationToken);
}
