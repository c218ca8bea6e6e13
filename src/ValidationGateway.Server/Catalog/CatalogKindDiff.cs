using ValidationGateway.Core.Catalog;

namespace ValidationGateway.Server.Catalog;

/// <summary>The diff of one catalog kind: counts, changed-field counts and the first examples of each.</summary>
internal sealed class CatalogKindDiff(CatalogItemKind kind)
{
    public CatalogItemKind Kind { get; } = kind;

    public long Added { get; set; }

    public long Removed { get; set; }

    public long Changed { get; set; }

    public long Unchanged { get; set; }

    public SortedDictionary<CatalogFields, long> ChangedFields { get; } = [];

    public List<CatalogRowChange> AddedExamples { get; } = [];

    public List<CatalogRowChange> RemovedExamples { get; } = [];

    public List<CatalogRowChange> ChangedExamples { get; } = [];

    public void Count(CatalogFields fields)
    {
        foreach (var field in Enum.GetValues<CatalogFields>())
        {
            if (field != CatalogFields.None && fields.HasFlag(field))
            {
                ChangedFields[field] = ChangedFields.GetValueOrDefault(field) + 1;
            }
        }
    }
}
