using System.Collections.Frozen;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>
/// Codes to draw fee lines from, judged as of the fee date: codes valid on that date (clean lines), codes present in
/// the catalog but not valid on that date (the expired fault), and every code seen (so invented codes never collide).
/// Each entry carries the institution-local code it is charged under: <c>--local-code-prefix</c> + national code,
/// the mapping convention of the demo data.
/// </summary>
/// <remarks>Immutable after construction; shared by every generator.</remarks>
internal sealed class CodePool
{
    /// <summary>The demo data's local-code convention: local code = HIS + national code.</summary>
    public const string DefaultLocalPrefix = "HIS";

    private static readonly ItemType[] Types = [ItemType.Drug, ItemType.Herb, ItemType.Service, ItemType.Consumable];
    private readonly Dictionary<ItemType, PoolEntry[]> _valid;
    private readonly FrozenDictionary<string, PoolEntry> _byCode;

    public CodePool(IEnumerable<CatalogItem> items, DateOnly feeDate, string localPrefix = DefaultLocalPrefix)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(localPrefix);
        LocalPrefix = localPrefix;
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
        var all = new Dictionary<string, PoolEntry>(StringComparer.Ordinal);
        foreach (var (code, rows) in byCode)
        {
            var inForce = rows.FirstOrDefault(r => r.IsValidOn(feeDate));
            if (inForce is null)
            {
                expired.Add(new PoolEntry(rows[0], localPrefix + code));
                continue;
            }

            var entry = new PoolEntry(inForce, localPrefix + code);
            valid[inForce.Type].Add(entry);
            all[code] = entry;
        }

        _valid = valid.ToDictionary(p => p.Key, p => p.Value.ToArray());
        _byCode = all.ToFrozenDictionary(StringComparer.Ordinal);
        Expired = [.. expired];
        var inForceEntries = _valid.Values.SelectMany(v => v).ToList();
        Capped = [.. inForceEntries.Where(e => e.Item.Caps.AtEveryLevel)];
        Restricted = [.. inForceEntries.Where(e => e.Item.Restricted)];
        SelfPay = [.. inForceEntries.Where(e => e.Item.SelfPay)];
        AllCodes = byCode.Keys.ToFrozenSet(StringComparer.Ordinal);
        FeeDate = feeDate;
    }

    /// <summary>The date every line's fee time falls on.</summary>
    public DateOnly FeeDate { get; }

    /// <summary>Local code = prefix + national code.</summary>
    public string LocalPrefix { get; }

    /// <summary>Codes present in the catalog but not valid on the fee date.</summary>
    public IReadOnlyList<PoolEntry> Expired { get; }

    /// <summary>Valid codes with a price cap that applies at every hospital level.</summary>
    public IReadOnlyList<PoolEntry> Capped { get; }

    /// <summary>Valid restricted-use codes (lmt_used_flag 1).</summary>
    public IReadOnlyList<PoolEntry> Restricted { get; }

    /// <summary>Valid self-pay codes (charge class 03).</summary>
    public IReadOnlyList<PoolEntry> SelfPay { get; }

    /// <summary>Every code in the catalog, valid or not.</summary>
    public FrozenSet<string> AllCodes { get; }

    /// <summary>Valid codes of a type.</summary>
    public IReadOnlyList<PoolEntry> Valid(ItemType type) => _valid.TryGetValue(type, out var list) ? list : [];

    /// <summary>The valid entry of a code, or null.</summary>
    public PoolEntry? Find(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>Number of valid codes of every type.</summary>
    public int ValidCount => _valid.Values.Sum(v => v.Length);
}
