namespace ValidationGateway.Core.Catalog;

/// <summary>A read-only view of one catalog row, valid for as long as its snapshot.</summary>
public readonly struct CatalogItemView
{
    private readonly CatalogSnapshot _snapshot;
    private readonly int _index;

    internal CatalogItemView(CatalogSnapshot snapshot, int index)
    {
        _snapshot = snapshot;
        _index = index;
    }

    private ref readonly CatalogEntry Entry => ref _snapshot.EntryAt(_index);

    /// <summary>Catalog kind of the row.</summary>
    public CatalogItemKind Kind => Entry.Kind;

    /// <summary>Item name.</summary>
    public string Name => _snapshot.NameAt(_index);

    /// <summary>chrgitm_lv as "01".."03", or empty.</summary>
    public string ChargeLevel => Entry.ChargeLevel switch { 1 => "01", 2 => "02", 3 => "03", _ => "" };

    /// <summary>lmt_used_flag.</summary>
    public bool RestrictedUse => Entry.RestrictedUse;

    /// <summary>The row's price caps.</summary>
    public PriceCaps Prices => _snapshot.PricesAt(Entry.PriceIndex);
}
