using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Validation;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Hosting;

/// <summary>Feeds the engine from the store.</summary>
internal sealed class StoreDataSource(IGatewayStore store) : IGatewayDataSource
{
    public async Task<string?> GetCurrentCatalogVersionAsync(CancellationToken cancellationToken) =>
        (await store.GetCurrentCatalogVersionAsync(cancellationToken).ConfigureAwait(false))?.Version;

    public async Task<bool> IsPublishedAsync(string version, CancellationToken cancellationToken) =>
        (await store.GetCatalogVersionAsync(version, cancellationToken).ConfigureAwait(false))?.State == CatalogVersionState.Published;

    public IAsyncEnumerable<CatalogRow> ReadCatalogRowsAsync(string version, CancellationToken cancellationToken) =>
        store.ReadCatalogRowsAsync(version, cancellationToken);

    public Task<InstitutionRecord?> GetInstitutionAsync(string code, CancellationToken cancellationToken) =>
        store.GetInstitutionAsync(code, cancellationToken);
}
