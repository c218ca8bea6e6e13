namespace ValidationGateway.Core.Catalog;

/// <summary>A read-only view of one catalog row, valid for as long as its snapshot.</summary>
public readonly struct CatalogItemView
{
    private readonly CatalogSnapshot _snapshot;
    private readonly int _row;

    internal CatalogItemView(CatalogSnapshot snapshot, int row)
    {
        _snapshot = snapshot;
        _row = row;
    }

    /// <summary>Catalog kind of the row.</summary>
    public CatalogItemKind Kind => _snapshot.KindAt(_row);

    /// <summary>Item name.</summary>
    public string Name => _snapshot.NameAt(_row);

    /// <summary>chrgitm_lv as "01".."03", or empty.</summary>
    public string ChargeLevel => _snapshot.ChargeLevelAt(_row) switch { 1 => "01", 2 => "02", 3 => "03", _ => "" };

    /// <summary>lmt_used_flag.</summary>
    public bool RestrictedUse => _snapshot.RestrictedAt(_row);

    /// <summary>The row's price caps.</summary>
    public PriceCaps Prices => _snapshot.PricesAt(_row);
}
