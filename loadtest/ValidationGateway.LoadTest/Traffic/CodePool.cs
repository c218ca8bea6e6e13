using System.Collections.Frozen;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>
/// Codes to draw fee lines from, judged as of the fee date: codes valid on that date (clean lines), codes present in
/// the catalog but not valid on that date (the expired fault), and every code seen (so invented codes never collide).
/// </summary>
/// <remarks>Immutable after construction; shared by every generator.</remarks>
internal sealed class CodePool
{
    private static readonly ItemType[] Types = [ItemType.Drug, ItemType.Herb, ItemType.Service, ItemType.Consumable];
    private readonly Dictionary<ItemType, PoolEntry[]> _valid;

    public CodePool(IEnumerable<CatalogItem> items, DateOnly feeDate, IReadOnlySet<string>? reserved = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        var byCode = new Dictionary<string, List<CatalogItem>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!byCode.TryGetValue(item.Code, out var rows))
            {
                byCode[item.Code] = rows = [];
            }

            rows.Add(item);
        }

        var valid = Types.ToDictionary(t => t, _ => new List<PoolEntry>());
        var expired = new List<PoolEntry>();
        var capped = new List<PoolEntry>();
        foreach (var (code, rows) in byCode)
        {
            var inForce = rows.FirstOrDefault(r => r.IsValidOn(feeDate));
            if (inForce is null)
            {
                expired.Add(new PoolEntry(rows[0], LocalCode(rows[0].Type, expired.Count, 'E')));
                continue;
            }

            if (reserved?.Contains(code) == true)
            {
                // Codes named by knowledge points only appear on lines that mean to break them.
                continue;
            }

            var list = valid[inForce.Type];
            var entry = new PoolEntry(inForce, LocalCode(inForce.Type, list.Count, 'L'));
            list.Add(entry);
            if (inForce.HighestCap is not null)
            {
                capped.Add(entry);
            }
        }

        _valid = valid.ToDictionary(p => p.Key, p => p.Value.ToArray());
        Expired = [.. expired];
        Capped = [.. capped];
        AllCodes = byCode.Keys.ToFrozenSet(StringComparer.Ordinal);
        FeeDate = feeDate;
    }

    /// <summary>The date every line's fee time falls on.</summary>
    public DateOnly FeeDate { get; }

    /// <summary>Codes present in the catalog but not valid on the fee date.</summary>
    public IReadOnlyList<PoolEntry> Expired { get; }

    /// <summary>Valid codes that carry a price cap.</summary>
    public IReadOnlyList<PoolEntry> Capped { get; }

    /// <summary>Every code in the catalog, valid or not.</summary>
    public FrozenSet<string> AllCodes { get; }

    /// <summary>Valid codes of a type.</summary>
    public IReadOnlyList<PoolEntry> Valid(ItemType type) => _valid.TryGetValue(type, out var list) ? list : [];

    /// <summary>Number of valid codes of every type.</summary>
    public int ValidCount => _valid.Values.Sum(v => v.Length);

    private static string LocalCode(ItemType type, int index, char marker) => type switch
    {
        ItemType.Drug => "YP",
        ItemType.Herb => "ZY",
        ItemType.Consumable => "HC",
        _ => "ZL",
    } + marker + index.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
