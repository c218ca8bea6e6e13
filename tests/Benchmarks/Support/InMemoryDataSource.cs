using System.Runtime.CompilerServices;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;
using ValidationGateway.Core.Validation;

namespace ValidationGateway.Benchmarks.Support;

/// <summary>The store seen by the engine, held in memory: one published version (national scale) and the demo hospital.</summary>
internal sealed class InMemoryDataSource : IGatewayDataSource
{
    public Task<string?> GetCurrentCatalogVersionAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(DemoCatalog.Version);

    public Task<bool> IsPublishedAsync(string version, CancellationToken cancellationToken) => Task.FromResult(version == DemoCatalog.Version);

    public async IAsyncEnumerable<CatalogRow> ReadCatalogRowsAsync(string version, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var row in NationalCatalog.Rows())
        {
            yield return row;
        }
    }

    public async IAsyncEnumerable<KnowledgePoint> ReadKnowledgePointsAsync(string version, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var point in DemoCatalog.KnowledgePoints)
        {
            yield return point;
        }
    }

    public Task<InstitutionRecord?> GetInstitutionAsync(string code, CancellationToken cancellationToken) =>
        Task.FromResult(code == DemoCatalog.Hospital3 ? DemoCatalog.Institution : null);

    public Task<IReadOnlyList<MappingRow>> GetMappingsAsync(string institutionCode, CancellationToken cancellationToken) => Task.FromResult(DemoCatalog.Mappings());

    public Task<IReadOnlyList<PractitionerRow>> GetPractitionersAsync(string institutionCode, CancellationToken cancellationToken) => Task.FromResult(DemoCatalog.Practitioners());
}
