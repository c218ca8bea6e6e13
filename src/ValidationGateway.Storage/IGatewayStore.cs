using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;

namespace ValidationGateway.Storage;

/// <summary>Durable state of the gateway: catalog versions, institutions (later: mappings, audit, keys).</summary>
/// <remarks>
/// Implementations are thread-safe. Every write is one transaction: it happens whole or not at all.
/// Published catalog versions are immutable; writes to them fail with <see cref="StoreConflictException"/>.
/// </remarks>
public interface IGatewayStore : IAsyncDisposable
{
    /// <summary>Creates or upgrades the schema to the newest migration. Idempotent.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>The schema version the store is at (number of the last applied migration).</summary>
    Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Replaces all rows of <paramref name="kind"/> in draft version <paramref name="version"/> (creating the draft
    /// if needed) with <paramref name="rows"/>, in one transaction. Returns the number of rows written.
    /// </summary>
    Task<long> ReplaceCatalogRowsAsync(string version, CatalogItemKind kind, IEnumerable<CatalogRow> rows, CancellationToken cancellationToken);

    /// <summary>Publishes a draft version and makes it current, atomically.</summary>
    /// <exception cref="StoreNotFoundException">No such version.</exception>
    /// <exception cref="StoreConflictException">Already published, retired or empty.</exception>
    Task<CatalogVersionInfo> PublishCatalogVersionAsync(string version, CancellationToken cancellationToken);

    /// <summary>All versions, newest first.</summary>
    Task<IReadOnlyList<CatalogVersionInfo>> ListCatalogVersionsAsync(CancellationToken cancellationToken);

    /// <summary>The current published version, or null when none is published.</summary>
    Task<CatalogVersionInfo?> GetCurrentCatalogVersionAsync(CancellationToken cancellationToken);

    /// <summary>One version, or null.</summary>
    Task<CatalogVersionInfo?> GetCatalogVersionAsync(string version, CancellationToken cancellationToken);

    /// <summary>Streams every row of a version (all kinds), in no particular order.</summary>
    IAsyncEnumerable<CatalogRow> ReadCatalogRowsAsync(string version, CancellationToken cancellationToken);

    /// <summary>Adds or updates an institution.</summary>
    Task UpsertInstitutionAsync(InstitutionRecord institution, CancellationToken cancellationToken);

    /// <summary>One institution, or null.</summary>
    Task<InstitutionRecord?> GetInstitutionAsync(string code, CancellationToken cancellationToken);

    /// <summary>All institutions ordered by code.</summary>
    Task<IReadOnlyList<InstitutionRecord>> ListInstitutionsAsync(CancellationToken cancellationToken);
}
