using ValidationGateway.Core.Audit;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;
using ValidationGateway.Core.Security;

namespace ValidationGateway.Storage;

/// <summary>Durable state of the gateway: catalog versions and their knowledge points, institutions, mappings, practitioners, API keys, administrator sessions, the audit trail.</summary>
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

    /// <summary>
    /// Builds <paramref name="kind"/> of draft <paramref name="version"/> as base version <paramref name="baseVersion"/>'s rows
    /// of that kind overlaid with <paramref name="rows"/>, in one transaction, and counts what the delta did.
    /// </summary>
    /// <remarks>
    /// Each delta row is the full new state of its record, keyed by (kind, code, begndate): it replaces the base's
    /// row with that key or is added; base rows the delta does not name are kept. When the draft does not exist it
    /// is first created as a copy of the base (every kind, and its knowledge points); an existing draft keeps its
    /// other kinds. The result depends only on the base and the delta, so running the same delta again gives the
    /// same rows and counts. Nothing is written when <paramref name="rows"/> throws.
    /// </remarks>
    /// <exception cref="StoreNotFoundException">The base version does not exist.</exception>
    /// <exception cref="StoreConflictException">The target version is published or retired.</exception>
    /// <exception cref="ArgumentException">The two versions are the same, a row is of another kind, or a key appears twice in the delta.</exception>
    Task<CatalogDeltaResult> ApplyCatalogDeltaAsync(string version, string baseVersion, CatalogItemKind kind, IEnumerable<CatalogRow> rows, CancellationToken cancellationToken);

    /// <summary>Publishes a draft version and makes it current, atomically.</summary>
    /// <exception cref="StoreNotFoundException">No such version.</exception>
    /// <exception cref="StoreConflictException">Already published, retired or empty.</exception>
    Task<CatalogVersionInfo> PublishCatalogVersionAsync(string version, CancellationToken cancellationToken);

    /// <summary>All versions, newest first.</summary>
    Task<IReadOnlyList<CatalogVersionInfo>> ListCatalogVersionsAsync(CancellationToken cancellationToken);

    /// <summary>The current published version, or null when none is published.</summary>
    /// <remarks>Counts the version's items: for the name alone (what a node polls for) use <see cref="GetCurrentCatalogVersionNameAsync"/>.</remarks>
    Task<CatalogVersionInfo?> GetCurrentCatalogVersionAsync(CancellationToken cancellationToken);

    /// <summary>The name of the current published version, or null when none is published: one indexed row, whatever
    /// the size of the catalogs in the store.</summary>
    Task<string?> GetCurrentCatalogVersionNameAsync(CancellationToken cancellationToken);

    /// <summary>One version, or null.</summary>
    /// <remarks>Counts the version's items; for its state alone use <see cref="GetCatalogVersionStateAsync"/>.</remarks>
    Task<CatalogVersionInfo?> GetCatalogVersionAsync(string version, CancellationToken cancellationToken);

    /// <summary>One version's state, or null when there is no such version: one indexed row, whatever its size.</summary>
    Task<CatalogVersionState?> GetCatalogVersionStateAsync(string version, CancellationToken cancellationToken);

    /// <summary>Streams every row of a version (all kinds), in no particular order.</summary>
    IAsyncEnumerable<CatalogRow> ReadCatalogRowsAsync(string version, CancellationToken cancellationToken);

    /// <summary>Adds or updates an institution.</summary>
    Task UpsertInstitutionAsync(InstitutionRecord institution, CancellationToken cancellationToken);

    /// <summary>One institution, or null.</summary>
    Task<InstitutionRecord?> GetInstitutionAsync(string code, CancellationToken cancellationToken);

    /// <summary>All institutions ordered by code.</summary>
    Task<IReadOnlyList<InstitutionRecord>> ListInstitutionsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds or updates approved mappings of one institution, keyed by (local code, begndate), in one transaction.
    /// With <paramref name="replaceAll"/>, the institution's other mappings are deleted first, so afterwards it has
    /// exactly <paramref name="rows"/>. Returns the number of rows written.
    /// </summary>
    /// <exception cref="StoreNotFoundException">The institution is not registered.</exception>
    /// <exception cref="ArgumentException">A row belongs to another institution; nothing is written.</exception>
    Task<int> UpsertMappingsAsync(string institutionCode, IEnumerable<MappingRow> rows, bool replaceAll, CancellationToken cancellationToken);

    /// <summary>Every mapping of an institution, ordered by local code, then begndate (open first); empty when none.</summary>
    Task<IReadOnlyList<MappingRow>> GetMappingsAsync(string institutionCode, CancellationToken cancellationToken);

    /// <summary>
    /// Every institution's mappings in one scan, in storage order (no sort: a sort or an index-ordered scan of 5M rows
    /// costs several times the scan), for loading all institutions at once. Rows written by one call usually come
    /// together, but nothing is promised about order: a caller groups by <see cref="MappingRow.InstitutionCode"/>.
    /// <see cref="MappingRow.LocalName"/> is left empty: the rows feed lookups, which never read it.
    /// </summary>
    IAsyncEnumerable<MappingRow> ReadAllMappingsAsync(CancellationToken cancellationToken);

    /// <summary>Number of mappings an institution has.</summary>
    Task<long> CountMappingsAsync(string institutionCode, CancellationToken cancellationToken);

    /// <summary>
    /// Adds or updates practitioners, keyed by (code, institution), in one transaction. Returns the number of rows
    /// written. The institutions need not be registered: the registry comes from the payer and may run ahead.
    /// </summary>
    Task<int> UpsertPractitionersAsync(IEnumerable<PractitionerRow> rows, CancellationToken cancellationToken);

    /// <summary>Every practitioner registered at an institution, ordered by code; empty when none.</summary>
    Task<IReadOnlyList<PractitionerRow>> GetPractitionersAsync(string institutionCode, CancellationToken cancellationToken);

    /// <summary>Every practitioner of every institution in one scan, ordered by institution code, then code.</summary>
    IAsyncEnumerable<PractitionerRow> ReadAllPractitionersAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the knowledge points of draft version <paramref name="version"/> (creating the draft if needed) with
    /// <paramref name="points"/>, in one transaction. Returns the number written. Publishing still needs catalog rows.
    /// </summary>
    /// <exception cref="StoreConflictException">The version is published or retired.</exception>
    Task<long> ReplaceKnowledgePointsAsync(string version, IEnumerable<KnowledgePoint> points, CancellationToken cancellationToken);

    /// <summary>Streams the knowledge points of a version in the order they were imported.</summary>
    /// <exception cref="StoreNotFoundException">No such version.</exception>
    IAsyncEnumerable<KnowledgePoint> ReadKnowledgePointsAsync(string version, CancellationToken cancellationToken);

    /// <summary>Stores a new API key (its hash only).</summary>
    Task AddApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken);

    /// <summary>A key by its public id, or null.</summary>
    Task<ApiKeyRecord?> GetApiKeyAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>Revokes a key; false when there is no such active key.</summary>
    Task<bool> RevokeApiKeyAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>Every key (active and revoked), oldest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new administrator session (its token's hash only) and deletes every session that has expired, in one transaction.</summary>
    /// <remarks>Sessions live in the store, not in a node, so every node sharing the store knows them and they survive a restart.</remarks>
    Task AddAdminSessionAsync(AdminSessionRecord session, CancellationToken cancellationToken);

    /// <summary>
    /// The session whose token hashes to <paramref name="tokenHash"/>, or null when there is none, it has expired, or the
    /// key it was opened with has been revoked since: one query on two primary keys, run for every admin page.
    /// </summary>
    /// <remarks>A key id with no key row (the anonymous identity when keys are not required) is not checked.</remarks>
    Task<AdminSessionRecord?> GetAdminSessionAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Ends a session (logout), for every node at once; false when there was no such session.</summary>
    Task<bool> RemoveAdminSessionAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>
    /// Appends answered requests in one transaction (group commit). Returns, per record, true when it was stored and
    /// false when its (institution, request id) was already there: that request is a replay and is not counted again.
    /// <paramref name="durability"/> says what the commit waits for.
    /// </summary>
    Task<IReadOnlyList<bool>> AppendAuditAsync(IReadOnlyList<AuditRecord> records, AuditDurability durability, CancellationToken cancellationToken);

    /// <summary>The stored response of an answered request, or null.</summary>
    Task<byte[]?> GetAuditResponseAsync(string institutionCode, string requestId, CancellationToken cancellationToken);

    /// <summary>Streams the audit lines of the days from <paramref name="firstDay"/> to <paramref name="lastDay"/>, optionally of one institution.</summary>
    IAsyncEnumerable<AuditLineRow> ReadAuditLinesAsync(DateOnly firstDay, DateOnly lastDay, string? institutionCode, CancellationToken cancellationToken);

    /// <summary>Streams the stored requests (psn_no hashed) of one day, for replays against another catalog version.</summary>
    IAsyncEnumerable<byte[]> ReadAuditRequestsAsync(DateOnly day, CancellationToken cancellationToken);
}
