namespace ValidationGateway.Core.Catalog;

/// <summary>One catalog row in packed form inside a <see cref="CatalogSnapshot"/>.</summary>
internal readonly struct CatalogEntry
{
    public CatalogEntry(CatalogRow row, int next, int priceIndex)
    {
        Kind = row.Kind;
        BeginDay = row.BeginDate?.DayNumber ?? int.MinValue;
        EndDay = row.EndDate?.DayNumber ?? int.MaxValue;
        Valid = row.Valid;
        ChargeLevel = row.ChargeLevel switch { "01" => 1, "02" => 2, "03" => 3, _ => 0 };
        RestrictedUse = row.RestrictedUse;
        Next = next;
        PriceIndex = priceIndex;
    }

    /// <summary>Catalog kind.</summary>
    public CatalogItemKind Kind { get; }

    /// <summary>First valid day (DateOnly.DayNumber), int.MinValue when open.</summary>
    public int BeginDay { get; }

    /// <summary>Last valid day (DateOnly.DayNumber), int.MaxValue when open.</summary>
    public int EndDay { get; }

    /// <summary>vali_flag.</summary>
    public bool Valid { get; }

    /// <summary>1..3 for chrgitm_lv 01..03, 0 when unknown.</summary>
    public byte ChargeLevel { get; }

    /// <summary>lmt_used_flag.</summary>
    public bool RestrictedUse { get; }

    /// <summary>Index of the next row with the same code, or -1.</summary>
    public int Next { get; }

    /// <summary>Index into the snapshot's price table, or -1 when the row has no caps.</summary>
    public int PriceIndex { get; }

    public bool IsValidOn(int dayNumber) => Valid && dayNumber >= BeginDay && dayNumber <= EndDay;
}
