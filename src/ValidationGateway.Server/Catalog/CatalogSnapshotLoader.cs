using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Rules;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Catalog;

/// <summary>Builds the snapshot of any stored version, draft or published, as a gateway would on activation.</summary>
internal static class CatalogSnapshotLoader
{
    /// <summary>The version's info, or an error naming it when the store does not have it.</summary>
    public static async Task<CatalogVersionInfo> RequireAsync(IGatewayStore store, string version, CancellationToken cancellationToken) =>
        await store.GetCatalogVersionAsync(version, cancellationToken).ConfigureAwait(false)
        ?? throw new StoreNotFoundException($"catalog version '{version}' not found; see: vgw catalog list");

    /// <summary>Reads the version's rows and knowledge points and builds its snapshot.</summary>
    public static async Task<CatalogSnapshot> LoadAsync(IGatewayStore store, string version, CancellationToken cancellationToken)
    {
        await RequireAsync(store, version, cancellationToken).ConfigureAwait(false);
        var knowledge = new List<KnowledgePoint>();
        await foreach (var point in store.ReadKnowledgePointsAsync(version, cancellationToken).ConfigureAwait(false))
        {
            knowledge.Add(point);
        }

        return await CatalogSnapshot.BuildAsync(version, store.ReadCatalogRowsAsync(version, cancellationToken), knowledge, cancellationToken).ConfigureAwait(false);
    }
}
